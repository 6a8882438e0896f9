import type { types } from '@slack/bolt';
import type { Verdict } from '../probe/verdicts.js';
import type { ProbeSummary, Reply } from '../reply/model.js';
import { probeHeadline } from '../reply/wording.js';
import { probeLine, section, titledReplyBlocks } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/** A reply's probe summary, or the probe's own verdict (which names its code `code`). */
export type ProbeOutcome = Pick<ProbeSummary, 'verdict' | 'sentence'> | Pick<Verdict, 'code' | 'sentence'>;

/** A probe verdict for one customer, with the answer when the verdict confirms a knowledge entry. */
export function probeMessage(customer: string, outcome: ProbeOutcome, reply?: Reply): SlackMessage {
  const verdict = 'verdict' in outcome ? outcome.verdict : outcome.code;
  const blocks: types.KnownBlock[] = [
    section(probeHeadline(escapeMrkdwn(customer))),
    section(probeLine({ verdict, sentence: outcome.sentence })),
  ];
  if (reply) blocks.push(...titledReplyBlocks(reply));
  return { text: clip(escapeMrkdwn(`${customer}: ${verdict}. ${outcome.sentence}`), 3000), blocks };
}
