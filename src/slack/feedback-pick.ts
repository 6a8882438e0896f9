import { feedbackLabels, resolveFeedbackLabel } from '../knowledge/examples.js';
import {
  FEEDBACK_NONE_RECORDED,
  FEEDBACK_UNKNOWN_LABEL,
  feedbackRecorded,
  SLACK_ANSWER_GONE,
} from '../reply/wording.js';
import type { Lookup } from '../store/lookups.js';
import type { SlackDeps } from './deps.js';
import type { Answer } from './durable-work.js';
import { decodePick, feedbackPicker } from './feedback-picker.js';
import type { SlackMessage } from './message.js';

// The work behind the picker: what the 👎 answers with, and what a pick records. Both run after
// the ack, in whichever process takes the stored work, so they read everything from the store.

/** The picker for a question voted down; the matcher's second choice is offered first. */
export function downVoteFollowUp(deps: Pick<SlackDeps, 'desk'>, lookup: Lookup): SlackMessage {
  const diagnosis = deps.desk.diagnose(lookup.paste);
  const likely = 'runnerUp' in diagnosis ? diagnosis.runnerUp?.id : undefined;
  return feedbackPicker(lookup.id, feedbackLabels(deps.desk.index), { wrong: lookup.entry, likely });
}

/** Records the label picked for a question: the store first; the export writes knowledge/ later. */
export async function recordPick(
  deps: Pick<SlackDeps, 'desk' | 'store'>,
  input: { readonly value: string; readonly chooser: string },
  answer: Answer,
): Promise<void> {
  const pick = decodePick(input.value);
  if (!pick) return;
  const label = resolveFeedbackLabel(feedbackLabels(deps.desk.index), pick.value);
  if (label === undefined) return answer({ text: FEEDBACK_UNKNOWN_LABEL });
  const chosen = await deps.store.feedbackExamples.choose({
    lookupId: pick.lookupId,
    label: label?.id ?? null,
    chosenBy: input.chooser,
    surface: 'slack',
  });
  if (!chosen) return answer({ text: SLACK_ANSWER_GONE });
  await answer({ text: label ? feedbackRecorded(label.title) : FEEDBACK_NONE_RECORDED });
}
