import type { types } from '@slack/bolt';
import { type FeedbackLabel, NONE_OF_THESE_VALUE } from '../knowledge/examples.js';
import {
  FEEDBACK_GROUP_CLASSES,
  FEEDBACK_GROUP_ENTRIES,
  FEEDBACK_MORE_IN_CONSOLE,
  FEEDBACK_PICK_PLACEHOLDER,
  FEEDBACK_PICK_PROMPT,
  NONE_OF_THESE,
} from '../reply/wording.js';
import { clip, escapeMrkdwn } from './escape.js';
import { Actions } from './ids.js';
import type { SlackMessage } from './message.js';

// After 👎: which answer would have been right? A select of the entries and the near-miss
// classes, and "none of these". Each option's value carries the question's id, so the pick
// finds its paste again in whichever process takes it.

/** Starts with xerofix_ so the one action listener (actions.ts) routes it. */
export const FEEDBACK_PICK_ACTION = Actions.feedbackPick;

// Block Kit limits: 75 characters per option text and group label, 150 per option value,
// 100 options per group.
const LABEL_MAX = 75;
const OPTION_VALUE_MAX = 150;
const GROUP_MAX = 100;

export const encodePick = (lookupId: string, label: string) => `${lookupId} ${label}`;

/** The question and the label from an option's value; undefined for a value we never made. */
export function decodePick(value: string): { lookupId: string; value: string } | undefined {
  const space = value.indexOf(' ');
  if (space <= 0 || space === value.length - 1) return undefined;
  return { lookupId: value.slice(0, space), value: value.slice(space + 1) };
}

const option = (lookupId: string, text: string, label: string): types.PlainTextOption => ({
  text: { type: 'plain_text', text: clip(text, LABEL_MAX) },
  value: encodePick(lookupId, label),
});

/**
 * The follow-up to a 👎: thanks, and the picker. `wrong` (the answer voted down) is not offered;
 * `likely` (the matcher's runner-up) comes first. Labels that do not fit an option value are left
 * out rather than cut, since a cut id would name another label or none.
 */
export function feedbackPicker(
  lookupId: string,
  labels: readonly FeedbackLabel[],
  options: { readonly wrong?: string | null; readonly likely?: string | undefined } = {},
): SlackMessage {
  const fits = labels.filter(
    (l) => l.id !== options.wrong && encodePick(lookupId, l.id).length <= OPTION_VALUE_MAX,
  );
  const ordered = [
    ...fits.filter((l) => l.id === options.likely),
    ...fits.filter((l) => l.id !== options.likely),
  ];
  const groups: { label: types.PlainTextElement; options: types.PlainTextOption[] }[] = [];
  let more = false;
  for (const [kind, label] of [
    ['entry', FEEDBACK_GROUP_ENTRIES],
    ['class', FEEDBACK_GROUP_CLASSES],
  ] as const) {
    const of = ordered.filter((l) => l.kind === kind);
    if (!of.length) continue;
    more ||= of.length > GROUP_MAX;
    groups.push({
      label: { type: 'plain_text', text: clip(label, LABEL_MAX) },
      options: of.slice(0, GROUP_MAX).map((l) => option(lookupId, l.title, l.id)),
    });
  }
  groups.push({
    label: { type: 'plain_text', text: NONE_OF_THESE },
    options: [option(lookupId, NONE_OF_THESE, NONE_OF_THESE_VALUE)],
  });
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(FEEDBACK_PICK_PROMPT), verbatim: true } },
    {
      type: 'actions',
      elements: [
        {
          type: 'static_select',
          action_id: FEEDBACK_PICK_ACTION,
          placeholder: { type: 'plain_text', text: FEEDBACK_PICK_PLACEHOLDER },
          option_groups: groups,
        },
      ],
    },
  ];
  if (more)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeMrkdwn(FEEDBACK_MORE_IN_CONSOLE) }],
    });
  return { text: FEEDBACK_PICK_PROMPT, blocks };
}
