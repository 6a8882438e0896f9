import { section } from './blocks.js';
import { escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/**
 * What /xerofix can do; also the answer to an empty command. The placeholders are escaped like
 * anything else: an unescaped "<customer>" is Slack link syntax and would vanish.
 */
export function usageMessage(): SlackMessage {
  const lines = [
    '*xerofix* recognises pasted Xero errors and tells you the fix.',
    '• `/xerofix <pasted error>`: diagnose an error (only you see the answer; share it with a button)',
    '• `/xerofix probe <customer>`: check a customer’s live Xero connection',
    '• `/xerofix help`: this message',
    '• On any message: *More actions → Diagnose this error* (answers you privately, can post in the thread)',
  ];
  const text = escapeMrkdwn(lines.join('\n'));
  return { text, blocks: [section(text)] };
}
