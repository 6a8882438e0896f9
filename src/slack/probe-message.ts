import type { types } from '@slack/bolt';
import type { ProbeSummary, Reply } from '../reply/model.js';
import { probeFallback, probeHeadline } from '../reply/wording.js';
import { probeLine, section, titledReplyBlocks } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/** A probe verdict for one customer, with the answer when the verdict confirms a knowledge entry. */
export function probeMessage(customer: string, probe: ProbeSummary, reply?: Reply): SlackMessage {
  const blocks: types.KnownBlock[] = [
    section(probeHeadline(escapeMrkdwn(customer))),
    section(probeLine(probe)),
  ];
  if (reply) blocks.push(...titledReplyBlocks(reply));
  return { text: clip(escapeMrkdwn(probeFallback(customer, probe)), 3000), blocks };
}
