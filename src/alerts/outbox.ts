import { z } from 'zod';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';

// Health changes the keeper records become durable jobs, one per place to tell: one per alert
// sink a surface offers (a Slack message, a Freshdesk ticket …). The job's dedupe key is the
// event id, so two instances draining at once still create each job once; the job queue then
// retries until done.

/** The job kind of one surface's alert sink. Slack's is "slack-alert", as it always was. */
export const alertJobKind = (surfaceName: string) => `${surfaceName}-alert`;

/**
 * What every alert job holds, whichever place it tells; the same shape since alerts began.
 * Read by each sink's handler (slack/alert-job.ts, the Freshdesk alert ticket) when claimed.
 */
export const alertPayloadSchema = z
  .object({
    eventId: z.string().min(1),
    customer: z.string().min(1),
    verdict: z.string().min(1),
    /** The knowledge entry the verdict confirms; null when none does. */
    entry: z.string().nullable(),
  })
  .readonly();
export type AlertPayload = z.infer<typeof alertPayloadSchema>;

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
