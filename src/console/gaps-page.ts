import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import type { AbstainReason } from '../core/types.js';
import { feedbackLabels } from '../knowledge/examples.js';
import { escapeHtml } from '../reply/escape-html.js';
import { truncate } from '../reply/truncate.js';
import { GAPS_PAGE as SAY } from '../reply/wording-console.js';
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

export const SURFACE_NAMES: Readonly<Record<Surface, string>> = SAY.surfaces;

const REASONS: Readonly<Record<AbstainReason, string>> = SAY.reasons;

export const reasonInWords = (reason: string | null) =>
  (reason && REASONS[reason as AbstainReason]) || SAY.noReason;

/** Says which surfaces are counted, and why one is not. */
export function surfacesNote(counts: Partial<Record<Surface, number>>): string {
  const listed = (Object.keys(SURFACE_NAMES) as Surface[])
    .map((s) => `${SURFACE_NAMES[s]} ${counts[s] ?? 0}`)
    .join(' · ');
  const note = SAY.surfacesNote;
  return `<p class="muted">${escapeHtml(note.lead)} <code>xerofix ticket open</code>. <code>xerofix diagnose</code> ${escapeHtml(note.diagnose)} ${escapeHtml(note.openNow(listed))}</p>`;
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
<label for="${escapeHtml(field)}" class="muted">${SAY.entryItBecame}</label><br><input id="${escapeHtml(field)}" name="entry" list="entries" required size="22" autocomplete="off"> <button type="submit">${SAY.markSubmit}</button></form>`;
}

export function gapsBody(view: GapsView): string {
  const col = SAY.columns;
  const { index } = view;
  const labels = feedbackLabels(index);
  const pick = (lookupId: string, wrong?: string | null) =>
    pickForm({ csrf: view.csrf, lookupId, labels, wrong, chosen: view.choices?.get(lookupId) });
  const datalist = `<datalist id="entries">${index.entries.map((e) => `<option value="${escapeHtml(e.id)}">${escapeHtml(e.title)}</option>`).join('')}</datalist>`;
  const openRows = view.open
    .map(
      (g) =>
        `<tr data-gap="${escapeHtml(g.id)}"><td data-label="${col.when}" class="muted">${when(g.createdAt)}</td><td data-label="${col.where}">${escapeHtml(SURFACE_NAMES[g.surface] ?? g.surface)}</td><td data-label="${col.whyNot}">${escapeHtml(reasonInWords(g.reason))}</td><td data-label="${col.paste}"><pre>${escapeHtml(truncate(g.paste, 500))}</pre></td><td data-label="${col.turnedInto}">${markForm(g, view.csrf)}</td><td data-label="${col.whichFits}">${pick(g.id)}</td></tr>`,
    )
    .join('\n');
  const doneRows = view.done
    .map(
      (g) =>
        `<tr data-gap="${escapeHtml(g.id)}"><td data-label="${col.marked}" class="muted">${g.article ? when(g.article.markedAt) : ''}</td><td data-label="${col.article}">${entryLink(index, g.article?.entry ?? null)}</td><td data-label="${col.where}">${escapeHtml(SURFACE_NAMES[g.surface] ?? g.surface)}</td><td data-label="${col.paste}"><pre>${escapeHtml(truncate(g.paste, 300))}</pre></td></tr>`,
    )
    .join('\n');
  const voteRows = view.downVotes
    .map(
      (v) =>
        `<tr data-wrong="${escapeHtml(v.lookupId)}"><td data-label="${col.when}" class="muted">${when(v.createdAt)}</td><td data-label="${col.answer}">${entryLink(index, v.entry)}</td><td data-label="${col.paste}"><pre>${escapeHtml(truncate(v.paste, 500))}</pre></td><td data-label="${col.whichWasRight}">${pick(v.lookupId, v.entry)}</td></tr>`,
    )
    .join('\n');
  const none = `<p class="muted">${SAY.noneYet}</p>`;
  const openTotal = Object.values(view.openCounts).reduce((n, c) => n + (c ?? 0), 0);
  const newest =
    openTotal > view.open.length
      ? ` <span class="muted">${escapeHtml(SAY.newestShown(view.open.length))}</span>`
      : '';
  return `${view.notice ? notice(view.notice.text, view.notice.kind) : ''}${datalist}
<h2>${escapeHtml(SAY.openHeading(openTotal))}${newest}</h2>
${surfacesNote(view.openCounts)}
${view.open.length ? `<table class="stack"><thead><tr><th>${col.when}</th><th>${col.where}</th><th>${col.whyNot}</th><th>${col.paste}</th><th>${col.turnedInto}</th><th>${col.whichFits}</th></tr></thead><tbody>${openRows}</tbody></table>` : none}
<h2>${escapeHtml(SAY.doneHeading(view.done.length))}</h2>
${view.done.length ? `<table class="stack"><thead><tr><th>${col.marked}</th><th>${col.article}</th><th>${col.where}</th><th>${col.paste}</th></tr></thead><tbody>${doneRows}</tbody></table>` : none}
<h2>${escapeHtml(SAY.wrongHeading(view.downVotes.length))}</h2>
${view.downVotes.length ? `<table class="stack"><thead><tr><th>${col.when}</th><th>${col.answer}</th><th>${col.paste}</th><th>${col.whichWasRight}</th></tr></thead><tbody>${voteRows}</tbody></table>` : none}`;
}
