import type { types } from '@slack/bolt';
import type { Verdict } from '../probe/verdicts.js';
import type { ProbeSummary, Reply } from '../reply/model.js';
import { probeLine, section, titledFixBlocks } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/** A reply's probe summary, or the probe's own verdict (which names its code `code`). */
export type ProbeOutcome = Pick<ProbeSummary, 'verdict' | 'sentence'> | Pick<Verdict, 'code' | 'sentence'>;

/** A probe verdict for one customer, with the fix when the verdict confirms a knowledge entry. */
export function probeMessage(customer: string, outcome: ProbeOutcome, reply?: Reply): SlackMessage {
  const verdict = 'verdict' in outcome ? outcome.verdict : outcome.code;
  const blocks: types.KnownBlock[] = [
    section(`*Xero connection of ${escapeMrkdwn(customer)}*`),
    section(probeLine({ verdict, sentence: outcome.sentence })),
  ];
  if (reply) blocks.push(...titledFixBlocks(reply));
  return { text: clip(escapeMrkdwn(`${customer}: ${verdict}. ${outcome.sentence}`), 3000), blocks };
}
