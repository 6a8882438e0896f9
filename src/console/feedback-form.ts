import { type FeedbackLabel, NONE_OF_THESE_VALUE } from '../knowledge/examples.js';
import { escapeHtml } from '../reply/escape-html.js';
import {
  FEEDBACK_FORM_LABEL,
  FEEDBACK_GROUP_CLASSES,
  FEEDBACK_GROUP_ENTRIES,
  FEEDBACK_PICK_PLACEHOLDER,
  FEEDBACK_SUBMIT_GAP,
  FEEDBACK_SUBMIT_WRONG,
  feedbackChosen,
  NONE_OF_THESE,
} from '../reply/wording.js';
import type { FeedbackChoice } from '../store/feedback-examples.js';

// The console's "which answer was right?" form, beside an answer on /lookup and beside each
// gap and each answer marked wrong on /gaps. It posts to one route (feedback-routes.ts) with the
// session's CSRF token, like every console form.

export const FEEDBACK_PICK_PATH = '/feedback/pick';

export interface PickFormOptions {
  readonly csrf: string;
  readonly lookupId: string;
  readonly labels: readonly FeedbackLabel[];
  /** The answer given, said to be wrong: it is not offered. */
  readonly wrong?: string | null | undefined;
  /** The form is the 👎 on that answer: sending it records the vote as well. */
  readonly voteDown?: boolean;
  /** The pick made earlier for this question, shown above the form. */
  readonly chosen?: FeedbackChoice | undefined;
}

const optionsOf = (labels: readonly FeedbackLabel[]) =>
  labels.map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.title)}</option>`).join('');

export function pickForm(o: PickFormOptions): string {
  const offered = o.labels.filter((l) => l.id !== o.wrong);
  const groups = [
    [FEEDBACK_GROUP_ENTRIES, offered.filter((l) => l.kind === 'entry')],
    [FEEDBACK_GROUP_CLASSES, offered.filter((l) => l.kind === 'class')],
  ] as const;
  const field = `pick-${o.lookupId}`;
  const chosenTitle = o.chosen?.label
    ? (o.labels.find((l) => l.id === o.chosen?.label)?.title ?? o.chosen.label)
    : null;
  const chosen = o.chosen
    ? `<p class="muted" data-picked="${escapeHtml(o.chosen.label ?? NONE_OF_THESE_VALUE)}">${escapeHtml(feedbackChosen(chosenTitle, o.chosen.exportedAt !== null))}</p>`
    : '';
  const vote = o.voteDown ? '<input type="hidden" name="vote" value="down">' : '';
  return `${chosen}<form method="post" action="${FEEDBACK_PICK_PATH}" class="pick"><input type="hidden" name="csrf" value="${escapeHtml(o.csrf)}"><input type="hidden" name="lookup" value="${escapeHtml(o.lookupId)}">${vote}
<label for="${escapeHtml(field)}" class="muted">${escapeHtml(FEEDBACK_FORM_LABEL)}</label><br><select id="${escapeHtml(field)}" name="label" required><option value="">${escapeHtml(FEEDBACK_PICK_PLACEHOLDER)}</option>${groups
    .filter(([, ls]) => ls.length)
    .map(([name, ls]) => `<optgroup label="${escapeHtml(name)}">${optionsOf(ls)}</optgroup>`)
    .join(
      '',
    )}<option value="${NONE_OF_THESE_VALUE}">${escapeHtml(NONE_OF_THESE)}</option></select> <button type="submit">${escapeHtml(o.voteDown ? FEEDBACK_SUBMIT_WRONG : FEEDBACK_SUBMIT_GAP)}</button></form>`;
}
