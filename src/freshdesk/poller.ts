import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { FreshdeskClient } from './client.js';
import { ANSWER_JOB, type AnswerPayload, answerKey } from './webhook.js';

const CURSOR = 'freshdesk-poll-updated-since';
const START = 'freshdesk-poll-started-at';

export interface PollerDeps {
  readonly client: FreshdeskClient;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly wake: () => void;
}

/**
 * One polling pass: tickets updated since the stored cursor that were created after polling
 * was first turned on go into the same job queue as webhooks (same dedupe key, so a ticket the
 * webhook already queued is not answered twice). Tickets from before polling began are left
 * alone: turning polling on must not answer the whole history.
 */
export async function pollOnce(deps: PollerDeps): Promise<number> {
  // Freshdesk's own format (whole seconds), so stored positions compare as plain strings.
  const now = new Date(deps.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let startedAt = await deps.store.cursors.get(START);
  if (!startedAt) {
    await deps.store.cursors.advance(START, now);
    startedAt = (await deps.store.cursors.get(START)) ?? now;
  }
  const since = (await deps.store.cursors.get(CURSOR)) ?? startedAt;
  const tickets = await deps.client.listTicketsUpdatedSince(since);
  let queued = 0;
  let newest = since;
  for (const ticket of tickets) {
    if (Date.parse(ticket.updated_at) > Date.parse(newest)) newest = ticket.updated_at;
    if (Date.parse(ticket.created_at) < Date.parse(startedAt)) continue;
    const payload: AnswerPayload = { ticketId: ticket.id, via: 'poller' };
    const { created } = await deps.store.jobs.enqueue({
      kind: ANSWER_JOB,
      dedupeKey: answerKey(ticket.id),
      payload,
    });
    if (created) queued += 1;
  }
  // Freshdesk's updated_since is inclusive to the second, so re-reading the newest ticket is
  // expected and harmless (the dedupe key absorbs it).
  await deps.store.cursors.advance(CURSOR, newest);
  if (queued) {
    deps.log.info('freshdesk poller queued tickets', { queued });
    deps.wake();
  }
  return queued;
}

/** Runs pollOnce every `seconds` until stopped; one failed pass is logged and the next tries again. */
export function startPoller(deps: PollerDeps, seconds: number): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = pollOnce(deps)
      .catch((err) => deps.log.warn('freshdesk poll failed', { error: (err as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, seconds * 1000);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
