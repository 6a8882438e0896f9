import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';

// Health changes the keeper records become durable jobs, one per place to tell: a Slack
// message and, if asked for, a Freshdesk ticket. The job's dedupe key is the event id, so two
// instances draining at once still create each job once; the job queue then retries until done.

export const ALERT_JOB = { slack: 'slack-alert', ticket: 'freshdesk-alert-ticket' } as const;

export interface AlertPayload {
  readonly eventId: string;
  readonly customer: string;
  readonly verdict: string;
  readonly entry: string | null;
}

export interface AlertSinks {
  readonly slack: boolean;
  readonly tickets: boolean;
}

/** Moves undelivered health events into the job queue; returns how many were moved. */
export async function drainAlerts(store: Store, sinks: AlertSinks, log: Logger): Promise<number> {
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
      if (sinks.slack) {
        await store.jobs.enqueue({
          kind: ALERT_JOB.slack,
          dedupeKey: `${ALERT_JOB.slack}:${event.id}`,
          payload,
        });
      }
      if (sinks.tickets) {
        await store.jobs.enqueue({
          kind: ALERT_JOB.ticket,
          dedupeKey: `${ALERT_JOB.ticket}:${event.id}`,
          payload,
        });
      }
      log.info('connection alert queued', { customer: event.customerKey, verdict: event.verdict });
    }
    await store.events.markDelivered(event.id);
  }
  return events.length;
}
