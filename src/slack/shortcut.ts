import type { App, MessageShortcut } from '@slack/bolt';
import { replyMessage } from './blocks.js';
import { deliver } from './command.js';
import { encodeActionTarget } from './command-text.js';
import type { SlackDeps } from './deps.js';
import { DIAGNOSE_SHORTCUT } from './ids.js';

/**
 * "Diagnose this error" on any message: customers paste errors into shared channels, where a
 * slash command cannot reach (commands do not run in threads). The answer is private first,
 * with a button to post it in that message's thread.
 */
export function registerShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(DIAGNOSE_SHORTCUT, async ({ shortcut, ack, respond, client }) => {
    await ack();
    deps.afterAck.run(async () => {
      const where = { channel: shortcut.channel.id, user: shortcut.user.id };
      const text = shortcut.message.text ?? '';
      if (!text.trim()) {
        return deliver(respond, client, where, { text: 'That message has no text to diagnose.' });
      }
      try {
        const answer = await deps.desk.ask({ surface: 'slack', paste: text, askedBy: shortcut.user.id });
        const threadTs = shortcut.message.thread_ts ?? shortcut.message.ts;
        const target = encodeActionTarget({ lookupId: answer.lookup.id, channel: where.channel, threadTs });
        await deliver(
          respond,
          client,
          where,
          replyMessage(answer.reply, {
            lookupId: target,
            actions: 'thread-offer',
            ticketsEnabled: deps.openTicket !== undefined,
          }),
        );
      } catch (err) {
        deps.log.error('message shortcut failed', { error: (err as Error).message });
        await deliver(respond, client, where, { text: 'xerofix could not diagnose that message just now.' });
      }
    });
  });
}
