import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { JobContext } from '../jobs/runner.js';
import type { Clock } from '../runtime/clock.js';
import type { SlackMessage } from './message.js';

// One channel message per job, crash or not. The job notes "posting ref X" before
// chat.postMessage and the message's ts once Slack answers; the message carries X in its
// metadata. A retry that finds the first note without the second cannot tell whether the post
// landed (the process died, or the response was lost), so it reads the channel's recent
// history for a message carrying X before posting again.

const EVENT_TYPE = 'xerofix_posted';
/** Slack's clock and ours may disagree; the history read starts this much before the post. */
const CLOCK_SLACK_MS = 10 * 60_000;
const HISTORY_PAGE = 200;
const HISTORY_PAGES = 5;

interface Progress {
  posted?: string;
  posting?: { ref: string; oldest: string };
}

export interface PostOnceDeps {
  readonly client: webApi.WebClient;
  readonly clock: Clock;
}

export const postReference = (dedupeKey: string): string =>
  createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32);

/** Posts the job's message in `channel` unless an earlier attempt already did; returns its ts. */
export async function postMessageOnce(
  deps: PostOnceDeps,
  job: { readonly dedupeKey: string },
  ctx: JobContext,
  channel: string,
  message: () => Promise<SlackMessage>,
): Promise<string> {
  const progress = ctx.progress as Progress;
  if (progress.posted) return progress.posted;
  const ref = postReference(job.dedupeKey);
  if (progress.posting?.ref === ref) {
    const found = await findPosted(deps.client, channel, ref, progress.posting.oldest);
    if (found) {
      await ctx.saveProgress({ posted: found });
      return found;
    }
  }
  const oldest = progress.posting?.oldest ?? slackTs(deps.clock() - CLOCK_SLACK_MS);
  await ctx.saveProgress({ posting: { ref, oldest } });
  const res = await deps.client.chat.postMessage({
    channel,
    ...(await message()),
    metadata: { event_type: EVENT_TYPE, event_payload: { ref } },
  });
  const ts = res.ts ?? 'unknown';
  await ctx.saveProgress({ posted: ts });
  return ts;
}

/** The ts of the message in `channel` since `oldest` whose metadata carries `ref`, if any. */
async function findPosted(
  client: webApi.WebClient,
  channel: string,
  ref: string,
  oldest: string,
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const res = await client.conversations.history({
      channel,
      oldest,
      limit: HISTORY_PAGE,
      // Without it Slack leaves the metadata's payload out of the history.
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    for (const m of res.messages ?? []) {
      const payload = m.metadata?.event_payload as Record<string, unknown> | undefined;
      if (m.metadata?.event_type === EVENT_TYPE && payload?.ref === ref && m.ts) return m.ts;
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/** Slack timestamps are seconds since the epoch with a fraction, as a string. */
const slackTs = (ms: number) => (ms / 1000).toFixed(6);
