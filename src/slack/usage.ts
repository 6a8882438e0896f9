import { USAGE_LINES } from '../reply/wording-slack.js';
import { section } from './blocks.js';
import { escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './message.js';

/**
 * What /xerofix can do; also the answer to an empty command. The placeholders are escaped like
 * anything else: an unescaped "<customer>" is Slack link syntax and would vanish.
 */
export function usageMessage(): SlackMessage {
  const text = escapeMrkdwn(USAGE_LINES.join('\n'));
  return { text, blocks: [section(text)] };
}
