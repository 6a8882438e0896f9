import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';

// Health changes the keeper records become durable jobs, one per place to tell: one per alert
// sink a surface offers (a Slack message, a Freshdesk ticket …). The job's dedupe key is the
// event id, so two instances draining at once still create each job once; the job queue then
// retries until done.

/** The job kind of one surface's alert sink. Slack's is "slack-alert", as it always was. */
export const alertJobKind = (surfaceName: string) => `${surfaceName}-alert`;

export interface AlertPayload {
  readonly eventId: string;
  readonly customer: string;
  readonly verdict: string;
  readonly entry: string | null;
}

/**
 * Moves undelivered health events into the job queue, one job per event and sink (named by the
 * surfaces that have one); returns how many events were moved.
 */
export async function drainAlerts(store: Store, sinks: readonly string[], log: Logger): Promise<number> {
  const events = await store.events.undelivered(100);
  for (const event of events) {
    // Only a healthy → broken change is worth waking someone for.
    if (event.kind === 'became-broken') {
      const payload: AlertPayload = {
        eventId: event.id,
        customer: event.customerKey,
        verdict: event.verdict,
        entry: event.entry,
      };
      for (const sink of sinks) {
        const kind = alertJobKind(sink);
        await store.jobs.enqueue({ kind, dedupeKey: `${kind}:${event.id}`, payload });
      }
      log.info('connection alert queued', { customer: event.customerKey, verdict: event.verdict });
    }
    await store.events.markDelivered(event.id);
  }
  return events.length;
}
