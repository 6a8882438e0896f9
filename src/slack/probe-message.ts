import type { types } from '@slack/bolt';
import type { ProbeSummary, Reply } from '../reply/model.js';
import { fixBlocks, section } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/** A probe verdict for one customer, with the fix when the verdict confirms a knowledge entry. */
export function probeMessage(
  customer: string,
  summary: Pick<ProbeSummary, 'sentence'> & { code?: string; verdict?: string },
  reply?: Reply,
): SlackMessage {
  const verdict = summary.verdict ?? summary.code ?? 'unknown';
  const head = `*Live check for ${escapeMrkdwn(customer)}*: \`${escapeMrkdwn(verdict)}\`\n${escapeMrkdwn(summary.sentence)}`;
  const blocks: types.KnownBlock[] = [section(head)];
  if (reply) blocks.push(section(`*${escapeMrkdwn(reply.title)}*`), ...fixBlocks(reply));
  return { text: clip(escapeMrkdwn(`${customer}: ${verdict}. ${summary.sentence}`), 3000), blocks };
}
