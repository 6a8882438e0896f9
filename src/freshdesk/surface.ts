import { alertPayloadSchema } from '../alerts/outbox.js';
import { OPEN_TICKET_JOB, type TicketRequest, ticketRequestSchema } from '../answer/ticket.js';
import type { FreshdeskConfig } from '../config.js';
import { XerofixError } from '../errors/xerofix-error.js';
import { defineJob, type JobHandler } from '../jobs/handler.js';
import { ALERT_TICKET_SUBJECT, alertTicketNote, connectionAlert } from '../reply/connection-alert.js';
import type { Surface, SurfaceServices } from '../web/surface.js';
import { answerTicket } from './answer-ticket.js';
import { createFreshdeskClient } from './client.js';
import { openTicketOnce } from './open-once.js';
import { startPoller } from './poller.js';
import { ANSWER_JOB, answerPayloadSchema, webhookHandler } from './webhook.js';

export const SURFACE_NAME = 'freshdesk';
/** Alert tickets queued before each surface's alert job kind was named after it. */
const LEGACY_ALERT_TICKET_JOB = 'freshdesk-alert-ticket';

/**
 * Freshdesk is on when its address and API key are set; the webhook needs its secret too.
 * It answers new tickets, opens the tickets other surfaces ask for (its TicketDesk), and, with
 * FRESHDESK_ALERT_TICKETS, opens one for a customer whose connection broke (its alert sink).
 */
export function createFreshdeskSurface(config: FreshdeskConfig, shared: SurfaceServices): Surface {
  const { baseUrl, apiKey } = config;
  if (!baseUrl || !apiKey) return { name: SURFACE_NAME, status: 'off' };
  const { store, log, clock } = shared.services;
  const deps = { desk: shared.desk, store, log, clock, wake: shared.wake };
  const client = createFreshdeskClient({ baseUrl, apiKey, timeoutMs: config.timeoutMs, log });
  shared.metrics.watchFreshdeskBudget(() => client.rateLimit());
  const answerDeps = {
    desk: deps.desk,
    store: deps.store,
    client,
    log: deps.log,
    mode: config.replyMode,
    replyMinConfidence: config.publicReplyMinConfidence,
  };
  const once = { client, baseUrl, clock: deps.clock };
  const alertTicket = defineJob(alertPayloadSchema, async (alert, job, ctx) => {
    if (!alert.customer.includes('@')) {
      throw new XerofixError(`customer ${alert.customer} has no email address to open a ticket for`, {
        code: 'freshdesk.no-requester-email',
        retryable: false,
        context: { customer: alert.customer },
      });
    }
    await openTicketOnce(once, job, ctx, {
      email: alert.customer,
      draft: async () => {
        const connection = await deps.store.connections.findByCustomer(alert.customer);
        const organisation = connection?.tenantName ?? null;
        const worded = connectionAlert({ ...alert, organisation }, deps.desk.index);
        return {
          email: alert.customer,
          subject: ALERT_TICKET_SUBJECT,
          note: alertTicketNote(worded),
          priority: 3,
          ...(worded.reply ? { reply: worded.reply } : {}),
        };
      },
    });
  });
  const handlers: Record<string, JobHandler> = {
    [ANSWER_JOB]: defineJob(answerPayloadSchema, (payload, job, ctx) =>
      answerTicket(answerDeps, payload, { attempt: job.attempts, ...ctx }),
    ),
    [OPEN_TICKET_JOB]: defineJob(ticketRequestSchema, async (request, job, ctx) => {
      const opened = await openTicketOnce(once, job, ctx, {
        email: request.email,
        draft: async () => {
          const recalled = request.lookupId ? await deps.desk.recall(request.lookupId) : undefined;
          return {
            email: request.email,
            subject: request.subject,
            note: request.description,
            ...(recalled ? { reply: recalled.reply } : {}),
          };
        },
      });
      const notify = shared.capabilities.ticketNotifier(request.replyTo.surface);
      if (notify && !ctx.progress.notified) {
        await notify(request, opened);
        await ctx.saveProgress({ notified: true });
      }
    }),
    [LEGACY_ALERT_TICKET_JOB]: alertTicket,
  };
  let poller: { stop(): Promise<void> } | undefined;
  const open = async (request: TicketRequest) => {
    await deps.store.jobs.enqueue({
      kind: OPEN_TICKET_JOB,
      // What identifies the submission, never the time: Slack (or a replay) delivering the
      // same modal submission again finds this job and opens no second ticket.
      dedupeKey: `${OPEN_TICKET_JOB}:${request.submissionId}`,
      payload: request,
    });
    deps.wake();
  };
  const webhookSecret = config.webhookSecret;
  return {
    name: SURFACE_NAME,
    routes: (router) => {
      if (!webhookSecret) return;
      router.post(
        '/freshdesk/webhook',
        webhookHandler({ store: deps.store, secret: webhookSecret, log: deps.log, wake: deps.wake }),
      );
    },
    handlers,
    // A dead answer may have replied before it failed to tag the ticket: kept, so never redone.
    keptWhenDead: [ANSWER_JOB],
    ...(config.alertTickets ? { alertSink: alertTicket } : {}),
    ticketDesk: { open },
    start: () => {
      if (config.pollSeconds > 0) {
        poller = startPoller(
          { client, store: deps.store, clock: deps.clock, log: deps.log, wake: deps.wake },
          config.pollSeconds,
        );
      }
    },
    stop: async () => {
      await poller?.stop();
    },
  };
}
