import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { escapeHtml } from '../reply/escape-html.js';
import { inlineHtml } from '../reply/render-html.js';
import { replyForVerdict } from '../reply/verdict-reply.js';
import { STATUS_PAGE as SAY } from '../reply/wording-console.js';
import type { ConnectionSummary } from '../store/types.js';
import { answerPath } from './answer-page.js';
import { badgeHtml, type ConnectionState, connectionState, stateOfVerdict } from './connection-state.js';
import { notice, when } from './layout.js';

// /status: every stored connection at a glance, the view the support article describes
// ("Active" in green) for all customers at once: why each badge is what it is, and for a broken
// one the first step of the fix with a link to the whole answer. Fifty rows a page.

export type SortKey = 'status' | 'customer';
export const PAGE_SIZE = 50;

const RANK = { broken: 0, unknown: 1, active: 2 } as const;

export function sortAndFilter(
  rows: readonly ConnectionSummary[],
  sort: SortKey,
  query: string,
): ConnectionSummary[] {
  const q = query.trim().toLowerCase();
  const kept = q
    ? rows.filter((c) => c.customerKey.includes(q) || (c.tenantName ?? '').toLowerCase().includes(q))
    : [...rows];
  const ranks = new Map(kept.map((c) => [c, RANK[connectionState(c).state]]));
  const rank = (c: ConnectionSummary) => ranks.get(c) ?? 0;
  return kept.sort((a, b) =>
    sort === 'status'
      ? rank(a) - rank(b) || a.customerKey.localeCompare(b.customerKey)
      : a.customerKey.localeCompare(b.customerKey),
  );
}

export interface StatusView {
  readonly sort: SortKey;
  readonly query: string;
  /** 1-based; out-of-range pages show the nearest one. */
  readonly page: number;
  readonly csrf: string;
  /** Plain-text result of the last Probe now, shown on top. */
  readonly notice?: { readonly text: string; readonly kind: 'ok' | 'error' };
}

/** The fix for a broken connection: its first step, then where the whole answer is. */
function fixFor(c: ConnectionSummary, s: ConnectionState, index: KnowledgeIndex): string {
  const muted = (text: string) => `<span class="muted">${escapeHtml(text)}</span>`;
  if (s.state === 'active') return muted(SAY.nothingToFix);
  if (s.state === 'unknown') return muted(s.verdict ? SAY.probeAgainLater : SAY.probeToFindOut);
  const reply = s.verdict ? replyForVerdict({ code: s.verdict }, index).reply : undefined;
  const first = reply?.steps[0];
  if (!reply?.entry || !first) return muted(SAY.noArticle);
  return `<p class="reason">${escapeHtml(SAY.firstStep)} ${inlineHtml(first)}</p><p class="reason"><a href="${escapeHtml(answerPath(reply.entry, c.customerKey))}">${escapeHtml(SAY.fullAnswer)} ${inlineHtml(reply.title)}</a></p>`;
}

function row(c: ConnectionSummary, index: KnowledgeIndex, csrf: string): string {
  const s = connectionState(c);
  const org = c.tenantName ? `<br><span class="muted">${escapeHtml(c.tenantName)}</span>` : '';
  const col = SAY.columns;
  return `<tr id="${escapeHtml(rowId(c.customerKey))}"><td data-label="${col.customer}">${escapeHtml(c.customerKey)}${org}</td>
<td data-label="${col.status}" class="status">${badgeHtml(s)}<p class="reason">${escapeHtml(s.reason)}</p></td>
<td data-label="${col.lastProbe}" class="muted">${escapeHtml(c.lastProbedAt ? when(c.lastProbedAt) : SAY.never)}</td>
<td data-label="${col.fix}" class="fix">${fixFor(c, s, index)}</td>
<td><form method="post" action="/status/probe"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="customer" value="${escapeHtml(c.customerKey)}"><button type="submit">${escapeHtml(SAY.probeNow)}</button></form></td></tr>`;
}

/** Where a row can be linked to (the Probe now result jumps back to it). */
export const rowId = (customer: string) => `c-${customer.replace(/[^a-z0-9]/gi, '-')}`;

function statusUrl(view: StatusView, page: number): string {
  const q = new URLSearchParams();
  if (view.query) q.set('q', view.query);
  if (view.sort !== 'status') q.set('sort', view.sort);
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return `/status${text ? `?${text}` : ''}`;
}

export function statusBody(
  rows: readonly ConnectionSummary[],
  index: KnowledgeIndex,
  view: StatusView,
): string {
  const top = view.notice ? notice(view.notice.text, view.notice.kind) : '';
  const filter = `<form method="get" action="/status"><label class="sr-only" for="q">${SAY.filterLabel}</label><input id="q" type="search" name="q" value="${escapeHtml(view.query)}" placeholder="${SAY.filterLabel}">
<label class="sr-only" for="sort">${SAY.orderLabel}</label><select id="sort" name="sort"><option value="status"${view.sort === 'status' ? ' selected' : ''}>${SAY.brokenFirst}</option><option value="customer"${view.sort === 'customer' ? ' selected' : ''}>${SAY.byCustomer}</option></select>
<button type="submit">${SAY.show}</button></form>`;
  if (!rows.length)
    return `${top}${filter}<p class="muted">${escapeHtml(view.query ? SAY.noneMatch : SAY.noneStored)}</p>`;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(view.page) || 1), pages);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const from = (page - 1) * PAGE_SIZE + 1;
  const pager =
    pages > 1
      ? `<nav class="pager" aria-label="${SAY.pagesLabel}">${page > 1 ? `<a href="${escapeHtml(statusUrl(view, page - 1))}" rel="prev">${escapeHtml(SAY.previous(PAGE_SIZE))}</a>` : ''}<span>${escapeHtml(SAY.showing(from, from + shown.length - 1, rows.length, page, pages))}</span>${page < pages ? `<a href="${escapeHtml(statusUrl(view, page + 1))}" rel="next">${escapeHtml(SAY.next(PAGE_SIZE))}</a>` : ''}</nav>`
      : '';
  const body = shown.map((c) => row(c, index, view.csrf)).join('\n');
  const col = SAY.columns;
  return `${top}${filter}${pager}<table class="stack"><thead><tr><th>${col.customer}</th><th>${col.status}</th><th>${col.lastProbe}</th><th>${col.fix}</th><th><span class="sr-only">${col.actions}</span></th></tr></thead><tbody>${body}</tbody></table>${pager}`;
}

/** What Probe now found, in a sentence (worded in reply/wording-console.ts). */
export function probedNotice(
  customer: string,
  verdict: string,
  tenantName: string | null,
): { text: string; kind: 'ok' | 'error' } {
  if (verdict === 'not-connected') return { kind: 'error', text: SAY.probedNothingStored(customer) };
  const s = stateOfVerdict(verdict, tenantName);
  return { kind: s.state === 'broken' ? 'error' : 'ok', text: SAY.probed(customer, s.label, s.reason) };
}
