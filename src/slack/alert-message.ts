import type { types } from '@slack/bolt';
import type { Reply } from '../reply/model.js';
import { ALERT_HEADER, alertFallback, alertLead } from '../reply/wording.js';
import { header, probeLine, section, titledReplyBlocks } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

export interface AlertInput {
  readonly customer: string;
  readonly organisation?: string | null;
  readonly verdict: string;
  readonly sentence: string;
  readonly reply?: Reply;
}

/** "A customer's Xero connection just broke": one message, before the customer writes in. */
export function alertMessage(input: AlertInput): SlackMessage {
  const who = input.organisation
    ? `${escapeMrkdwn(input.customer)} (${escapeMrkdwn(input.organisation)})`
    : escapeMrkdwn(input.customer);
  const blocks: types.KnownBlock[] = [
    header(ALERT_HEADER),
    section(alertLead(who)),
    section(probeLine(input)),
  ];
  if (input.reply) blocks.push(...titledReplyBlocks(input.reply));
  return { text: clip(escapeMrkdwn(alertFallback(input.customer, input.verdict)), 3000), blocks };
}
