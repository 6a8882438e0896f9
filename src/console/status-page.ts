import type { Desk } from '../answer/desk.js';
import { ENTRY_FOR, sentenceFor, type VerdictCode } from '../probe/verdicts.js';
import { replyForEntry } from '../reply/model.js';
import { renderReplyHtml } from '../reply/render-html.js';
import type { ConnectionSummary } from '../store/types.js';
import { escapeHtml } from '../web/page.js';

// /status: every stored connection at a glance, the view the support article describes
// ("Active" in green) for all customers at once, with the fix next to each broken one.

export type SortKey = 'status' | 'customer';

const RANK = { broken: 0, unknown: 1, healthy: 2 } as const;
const stateOf = (c: ConnectionSummary) => c.health ?? 'unknown';

export function sortAndFilter(
  rows: readonly ConnectionSummary[],
  sort: SortKey,
  query: string,
): ConnectionSummary[] {
  const q = query.trim().toLowerCase();
  const kept = q
    ? rows.filter((c) => c.customerKey.includes(q) || (c.tenantName ?? '').toLowerCase().includes(q))
    : [...rows];
  return kept.sort((a, b) =>
    sort === 'status'
      ? RANK[stateOf(a)] - RANK[stateOf(b)] || a.customerKey.localeCompare(b.customerKey)
      : a.customerKey.localeCompare(b.customerKey),
  );
}

function badge(c: ConnectionSummary): string {
  if (c.health === 'healthy') return '<span class="badge badge-active">Active</span>';
  if (c.health === 'broken') {
    return `<span class="badge badge-broken">Broken</span> <code>${escapeHtml(c.lastVerdict ?? '')}</code>`;
  }
  return '<span class="badge badge-unknown">Unknown</span>';
}

function fixFor(c: ConnectionSummary, desk: Desk): string {
  if (c.health !== 'broken' || !c.lastVerdict) return '';
  const code = c.lastVerdict as VerdictCode;
  const entry = ENTRY_FOR[code];
  const reply = entry ? replyForEntry(entry, desk.index) : undefined;
  const sentence = `<p>${escapeHtml(sentenceFor(code, { tenantName: c.tenantName }))}</p>`;
  return reply ? `<details><summary>Fix</summary>${sentence}${renderReplyHtml(reply)}</details>` : sentence;
}

export function statusBody(
  rows: ConnectionSummary[],
  desk: Desk,
  csrf: string,
  sort: SortKey,
  query: string,
): string {
  const filter = `<form method="get" action="/status"><input type="search" name="q" value="${escapeHtml(query)}" placeholder="Filter by customer">
<select name="sort"><option value="status"${sort === 'status' ? ' selected' : ''}>Broken first</option><option value="customer"${sort === 'customer' ? ' selected' : ''}>By customer</option></select>
<button type="submit">Show</button></form>`;
  if (!rows.length)
    return `${filter}<p class="muted">No connections${query ? ' match that filter' : ' stored yet'}.</p>`;
  const body = rows
    .map(
      (
        c,
      ) => `<tr><td>${escapeHtml(c.customerKey)}</td><td>${escapeHtml(c.tenantName ?? '')}</td><td>${badge(c)}</td>
<td class="muted">${escapeHtml(c.lastProbedAt ? `${c.lastProbedAt.slice(0, 16).replace('T', ' ')} UTC` : 'never')}</td>
<td>${fixFor(c, desk)}</td>
<td><form method="post" action="/status/probe"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="customer" value="${escapeHtml(c.customerKey)}"><button type="submit">Probe now</button></form></td></tr>`,
    )
    .join('\n');
  return `${filter}<table><thead><tr><th>Customer</th><th>Organisation</th><th>Status</th><th>Last probe</th><th>Fix</th><th></th></tr></thead><tbody>${body}</tbody></table>`;
}
