import type { App, MessageShortcut } from '@slack/bolt';
import { z } from 'zod';
import { SLACK_NOTICES } from '../reply/wording-slack.js';
import { replyMessage } from './blocks.js';
import { encodeActionTarget } from './command-text.js';
import type { SlackDeps } from './deps.js';
import type { Answer } from './durable-work.js';
import { DIAGNOSE_SHORTCUT } from './ids.js';

const SHORTCUT_WORK = 'message-shortcut';

const shortcutWorkSchema = z
  .object({
    text: z.string(),
    user: z.string(),
    channel: z.string(),
    /** The thread the "Post in thread" button will answer in. */
    threadTs: z.string(),
  })
  .readonly();
type ShortcutWork = z.infer<typeof shortcutWorkSchema>;

/**
 * "Diagnose this error" on any message: customers paste errors into shared channels, where a
 * slash command cannot reach (commands do not run in threads). The answer is private first,
 * with a button to post it in that message's thread. Stored before the ack, like a command.
 */
export function registerShortcut(app: App, deps: SlackDeps): void {
  deps.work.define<ShortcutWork>(SHORTCUT_WORK, shortcutWorkSchema, (work, answer) =>
    answerShortcut(deps, work, answer),
  );
  app.shortcut<MessageShortcut>(DIAGNOSE_SHORTCUT, async ({ shortcut, ack }) => {
    const work: ShortcutWork = {
      text: shortcut.message.text ?? '',
      user: shortcut.user.id,
      channel: shortcut.channel.id,
      threadTs: shortcut.message.thread_ts ?? shortcut.message.ts,
    };
    const accepted = await deps.work.accept(
      SHORTCUT_WORK,
      work,
      { responseUrl: shortcut.response_url, channel: work.channel, user: work.user },
      shortcut.trigger_id,
    );
    await ack();
    deps.afterAck.run(() => deps.work.runNow(accepted));
  });
}

async function answerShortcut(deps: SlackDeps, work: ShortcutWork, answer: Answer): Promise<void> {
  if (!work.text.trim()) return answer({ text: SLACK_NOTICES.noTextToDiagnose });
  let found: Awaited<ReturnType<typeof deps.desk.ask>>;
  try {
    found = await deps.desk.ask({ surface: 'slack', paste: work.text, askedBy: work.user });
  } catch (err) {
    deps.log.error('message shortcut failed', { error: (err as Error).message });
    return answer({ text: SLACK_NOTICES.couldNotDiagnose });
  }
  const target = encodeActionTarget({
    lookupId: found.lookup.id,
    channel: work.channel,
    threadTs: work.threadTs,
  });
  await answer(
    replyMessage(found.reply, {
      lookupId: target,
      actions: 'thread-offer',
      ticketsEnabled: deps.ticketDesk() !== undefined,
    }),
  );
}
