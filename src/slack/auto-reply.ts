import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { replyMessage } from './blocks.js';
import type { SlackDeps } from './deps.js';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * Answers a confident match in the thread of a top-level human message, in the channels
 * listed in SLACK_AUTO_REPLY_CHANNELS. Once per message whatever Slack redelivers (a claim in
 * the store, shared by every instance), and never over a person who already replied.
 */
export function registerAutoReply(app: App, deps: SlackDeps): void {
  if (deps.autoReplyChannels.size === 0) return;
  app.event('message', async (args) => {
    const message = topLevelHumanMessage(args, deps.autoReplyChannels);
    if (!message) return;
    const diagnosis = deps.desk.diagnose(message.text);
    if (diagnosis.kind !== 'match' || diagnosis.confidence < deps.autoReplyMinConfidence) return;

    const key = `slack-auto:${message.channel}:${message.ts}`;
    if (!(await deps.store.claims.claim(key, 'auto-reply'))) return;
    try {
      if (await someoneReplied(args, message)) return;
      const answer = await deps.desk.ask({ surface: 'slack', paste: message.text, askedBy: message.user });
      const reply = replyMessage(answer.reply, {
        lookupId: answer.lookup.id,
        actions: 'votes',
        ticketsEnabled: false,
      });
      await args.client.chat.postMessage({ channel: message.channel, thread_ts: message.ts, ...reply });
    } catch (err) {
      // Nothing was posted, so a redelivery may try again.
      await deps.store.claims.release(key, 'auto-reply');
      deps.log.warn('auto-reply failed', { channel: message.channel, error: (err as Error).message });
    }
  });
}

interface TopLevelMessage {
  readonly channel: string;
  readonly ts: string;
  readonly user: string;
  readonly text: string;
}

function topLevelHumanMessage(
  { event, context }: MessageArgs,
  channels: ReadonlySet<string>,
): TopLevelMessage | undefined {
  // Edits, joins and bot posts carry a subtype; plain human messages do not.
  if (event.subtype !== undefined) return undefined;
  if ('bot_id' in event && event.bot_id) return undefined;
  if (event.user === context.botUserId) return undefined;
  if (event.thread_ts && event.thread_ts !== event.ts) return undefined;
  if (!channels.has(event.channel) || !event.text?.trim()) return undefined;
  return { channel: event.channel, ts: event.ts, user: event.user, text: event.text };
}

async function someoneReplied({ client, context }: MessageArgs, message: TopLevelMessage): Promise<boolean> {
  const thread = await client.conversations.replies({ channel: message.channel, ts: message.ts, limit: 50 });
  return (thread.messages ?? []).some(
    (m) => m.ts !== message.ts && !m.bot_id && m.user !== undefined && m.user !== context.botUserId,
  );
}
