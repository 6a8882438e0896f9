import { section } from './blocks.js';
import type { SlackMessage } from './message.js';

/** What /xerofix can do; also the answer to an empty command. */
export function usageMessage(): SlackMessage {
  const lines = [
    '*xerofix* recognises pasted Xero errors and tells you the fix.',
    '• `/xerofix <pasted error>`: diagnose an error (only you see the answer; share it with a button)',
    '• `/xerofix probe <customer>`: check a customer’s live Xero connection',
    '• `/xerofix help`: this message',
    '• On any message: *More actions → Diagnose this error* (answers you privately, can post in the thread)',
  ];
  return { text: lines.join('\n'), blocks: [section(lines.join('\n'))] };
}
