import type { types } from '@slack/bolt';
import { ALERT_HEADER, alertFallback, alertLead, type ConnectionAlert } from '../reply/connection-alert.js';
import { header, probeLine, section, titledReplyBlocks } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/** "A customer's Xero connection just broke": one message, before the customer writes in. */
export function alertMessage(alert: ConnectionAlert): SlackMessage {
  const who = alert.organisation
    ? `${escapeMrkdwn(alert.customer)} (${escapeMrkdwn(alert.organisation)})`
    : escapeMrkdwn(alert.customer);
  const blocks: types.KnownBlock[] = [
    header(ALERT_HEADER),
    section(alertLead(`*${who}*`)),
    section(probeLine(alert.probe)),
  ];
  if (alert.reply) blocks.push(...titledReplyBlocks(alert.reply));
  return {
    text: clip(escapeMrkdwn(alertFallback(alert.customer, alert.probe.verdict)), 3000),
    blocks,
  };
}
