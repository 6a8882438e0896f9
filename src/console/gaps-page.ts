import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import type { AbstainReason } from '../core/types.js';
import { feedbackLabels } from '../knowledge/examples.js';
import { escapeHtml } from '../reply/escape-html.js';
import { truncate } from '../reply/truncate.js';
import type { DownVote } from '../store/feedback.js';
import type { FeedbackChoice } from '../store/feedback-examples.js';
import type { Gap, Surface } from '../store/lookups.js';
import { answerPath } from './answer-page.js';
import { pickForm } from './feedback-form.js';
import { notice, when } from './layout.js';

// /gaps: what xerofix could not answer, and answers people marked wrong, newest first — the
// list of articles worth writing next. An agent who wrote one marks the question as turned
// into that article; it then leaves the open list and links to the answer.

export const GAP_ARTICLE_PATH = '/gaps/article';

export const SURFACE_NAMES: Readonly<Record<Surface, string>> = {
  slack: 'Slack',
  freshdesk: 'Freshdesk ticket',
  web: 'Console lookup',
  cli: 'CLI (ticket open)',
};

const REASONS: Readonly<Record<AbstainReason, string>> = {
  empty: 'The paste was empty.',
  'no-match': 'Nothing in it matches a known Xero error.',
  'low-confidence': 'Close to an article, but not clear enough to be sure.',
  ambiguous: 'More than one article fits equally well.',
  'other-provider': "Another service's error, not Xero's.",
  'not-covered': 'A known error no article covers yet.',
};

export const reasonInWords = (reason: string | null) =>
  (reason && REASONS[reason as AbstainReason]) || 'No article matched.';

/** Says which surfaces are counted, and why one is not. */
export function surfacesNote(counts: Partial<Record<Surface, number>>): string {
  const listed = (Object.keys(SURFACE_NAMES) as Surface[])
    .map((s) => `${SURFACE_NAMES[s]} ${counts[s] ?? 0}`)
    .join(' · ');
  return `<p class="muted">From every surface that keeps the questions it is asked: Slack, Freshdesk tickets, this console's Lookup, and <code>xerofix ticket open</code>. <code>xerofix diagnose</code> in a terminal works without a database, by design, so what is asked there is not recorded. Open now: ${escapeHtml(listed)}.</p>`;
}

export interface GapsView {
  readonly open: readonly Gap[];
  readonly openCounts: Partial<Record<Surface, number>>;
  readonly done: readonly Gap[];
  readonly downVotes: readonly DownVote[];
  readonly index: KnowledgeIndex;
  readonly csrf: string;
  readonly notice?: { readonly text: string; readonly kind: 'ok' | 'error' };
  /** What agents said the open gaps and the answers marked wrong really were, by question id. */
  readonly choices?: ReadonlyMap<string, FeedbackChoice>;
}

const entryLink = (index: KnowledgeIndex, id: string | null) => {
  if (!id) return '';
  const entry = index.entries.find((e) => e.id === id);
  return entry
    ? `<a href="${escapeHtml(answerPath(id))}">${escapeHtml(entry.title)}</a>`
    : `<code>${escapeHtml(id)}</code>`;
};

function markForm(gap: Gap, csrf: string): string {
  const field = `entry-${gap.id}`;
  return `<form method="post" action="${GAP_ARTICLE_PATH}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="lookup" value="${escapeHtml(gap.id)}">
<label for="${escapeHtml(field)}" class="muted">Entry it became</label><br><input id="${escapeHtml(field)}" name="entry" list="entries" required size="22" autocomplete="off"> <button type="submit">Mark as turned into an article</button></form>`;
}

export function gapsBody(view: GapsView): string {
  const { index } = view;
  const labels = feedbackLabels(index);
  const pick = (lookupId: string, wrong?: string | null) =>
    pickForm({ csrf: view.csrf, lookupId, labels, wrong, chosen: view.choices?.get(lookupId) });
  const datalist = `<datalist id="entries">${index.entries.map((e) => `<option value="${escapeHtml(e.id)}">${escapeHtml(e.title)}</option>`).join('')}</datalist>`;
  const openRows = view.open
    .map(
      (g) =>
        `<tr data-gap="${escapeHtml(g.id)}"><td data-label="When" class="muted">${when(g.createdAt)}</td><td data-label="Where">${escapeHtml(SURFACE_NAMES[g.surface] ?? g.surface)}</td><td data-label="Why not">${escapeHtml(reasonInWords(g.reason))}</td><td data-label="Paste"><pre>${escapeHtml(truncate(g.paste, 500))}</pre></td><td data-label="Turned into an article?">${markForm(g, view.csrf)}</td><td data-label="Which answer fits?">${pick(g.id)}</td></tr>`,
    )
    .join('\n');
  const doneRows = view.done
    .map(
      (g) =>
        `<tr data-gap="${escapeHtml(g.id)}"><td data-label="Marked" class="muted">${g.article ? when(g.article.markedAt) : ''}</td><td data-label="Article">${entryLink(index, g.article?.entry ?? null)}</td><td data-label="Where">${escapeHtml(SURFACE_NAMES[g.surface] ?? g.surface)}</td><td data-label="Paste"><pre>${escapeHtml(truncate(g.paste, 300))}</pre></td></tr>`,
    )
    .join('\n');
  const voteRows = view.downVotes
    .map(
      (v) =>
        `<tr data-wrong="${escapeHtml(v.lookupId)}"><td data-label="When" class="muted">${when(v.createdAt)}</td><td data-label="Answer">${entryLink(index, v.entry)}</td><td data-label="Paste"><pre>${escapeHtml(truncate(v.paste, 500))}</pre></td><td data-label="Which answer was right?">${pick(v.lookupId, v.entry)}</td></tr>`,
    )
    .join('\n');
  const none = '<p class="muted">None yet.</p>';
  const openTotal = Object.values(view.openCounts).reduce((n, c) => n + (c ?? 0), 0);
  const newest =
    openTotal > view.open.length ? ` <span class="muted">(the newest ${view.open.length} shown)</span>` : '';
  return `${view.notice ? notice(view.notice.text, view.notice.kind) : ''}${datalist}
<h2>Questions with no answer (${openTotal})${newest}</h2>
${surfacesNote(view.openCounts)}
${view.open.length ? `<table class="stack"><thead><tr><th>When</th><th>Where</th><th>Why not</th><th>Paste</th><th>Turned into an article?</th><th>Which answer fits?</th></tr></thead><tbody>${openRows}</tbody></table>` : none}
<h2>Turned into articles (${view.done.length})</h2>
${view.done.length ? `<table class="stack"><thead><tr><th>Marked</th><th>Article</th><th>Where</th><th>Paste</th></tr></thead><tbody>${doneRows}</tbody></table>` : none}
<h2>Answers marked wrong (${view.downVotes.length})</h2>
${view.downVotes.length ? `<table class="stack"><thead><tr><th>When</th><th>Answer</th><th>Paste</th><th>Which answer was right?</th></tr></thead><tbody>${voteRows}</tbody></table>` : none}`;
}
