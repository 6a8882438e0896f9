import { ALERT_JOB, type AlertPayload } from '../alerts/outbox.js';
import type { Desk } from '../answer/desk.js';
import type { OpenedTicket, TicketRequest } from '../answer/ticket.js';
import type { Config } from '../config.js';
import type { VerdictCode } from '../core/verdict-codes.js';
import type { JobHandler } from '../jobs/runner.js';
import { sentenceFor } from '../probe/verdicts.js';
import { replyForEntry } from '../reply/model.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { Router } from '../web/router.js';
import { answerTicket } from './answer-ticket.js';
import { createFreshdeskClient, type FreshdeskClient } from './client.js';
import { openTicketOnce } from './open-once.js';
import { startPoller } from './poller.js';
import { ANSWER_JOB, type AnswerPayload, webhookHandler } from './webhook.js';

export const OPEN_TICKET_JOB = 'freshdesk-open-ticket';

export interface FreshdeskSurfaceDeps {
  readonly desk: Desk;
  readonly store: Store;
  readonly log: Logger;
  readonly clock: Clock;
  readonly wake: () => void;
  /** Tells the person in Slack where their ticket is; absent when Slack is off. */
  readonly notifySlack?: (request: TicketRequest, ticket: OpenedTicket) => Promise<void>;
}

export interface FreshdeskSurface {
  readonly client: FreshdeskClient;
  readonly handlers: Record<string, JobHandler>;
  /** For the Slack modal: stores the request as a job and returns at once. */
  enqueueTicket(request: TicketRequest): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Freshdesk is on when its address and API key are set; the webhook needs its secret too. */
export function createFreshdeskSurface(
  config: Config,
  router: Router,
  deps: FreshdeskSurfaceDeps,
): FreshdeskSurface | undefined {
  const baseUrl = config.FRESHDESK_BASE_URL;
  if (!baseUrl || !config.FRESHDESK_API_KEY) return undefined;
  const client = createFreshdeskClient({
    baseUrl,
    apiKey: config.FRESHDESK_API_KEY,
    timeoutMs: config.FRESHDESK_TIMEOUT_MS,
    log: deps.log,
  });
  if (config.FRESHDESK_WEBHOOK_SECRET) {
    router.post(
      '/freshdesk/webhook',
      webhookHandler({
        store: deps.store,
        secret: config.FRESHDESK_WEBHOOK_SECRET,
        log: deps.log,
        wake: deps.wake,
      }),
    );
  }
  const answerDeps = {
    desk: deps.desk,
    store: deps.store,
    client,
    log: deps.log,
    mode: config.FRESHDESK_REPLY_MODE,
    replyMinConfidence: config.SLACK_AUTO_REPLY_MIN_CONFIDENCE,
  };
  const once = { client, baseUrl, clock: deps.clock };
  const handlers: Record<string, JobHandler> = {
    [ANSWER_JOB]: (job, ctx) =>
      answerTicket(answerDeps, job.payload as AnswerPayload, { attempt: job.attempts, ...ctx }),
    [OPEN_TICKET_JOB]: async (job, ctx) => {
      const request = job.payload as TicketRequest;
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
      if (deps.notifySlack && !ctx.progress.notified) {
        await deps.notifySlack(request, opened);
        await ctx.saveProgress({ notified: true });
      }
    },
    [ALERT_JOB.ticket]: async (job, ctx) => {
      const alert = job.payload as AlertPayload;
      if (!alert.customer.includes('@')) {
        throw Object.assign(
          new Error(`customer ${alert.customer} has no email address to open a ticket for`),
          {
            retryable: false,
          },
        );
      }
      await openTicketOnce(once, job, ctx, {
        email: alert.customer,
        draft: async () => {
          const sentence = sentenceFor(alert.verdict as VerdictCode, {});
          const summary = { verdict: alert.verdict, sentence, entry: alert.entry };
          const reply = alert.entry ? replyForEntry(alert.entry, deps.desk.index, summary) : undefined;
          return {
            email: alert.customer,
            subject: 'Your Xero connection needs attention',
            note: `xerofix noticed the Xero connection stopped working (${alert.verdict}).\n${sentence}`,
            priority: 3,
            ...(reply ? { reply } : {}),
          };
        },
      });
    },
  };
  let poller: { stop(): Promise<void> } | undefined;
  return {
    client,
    handlers,
    enqueueTicket: async (request) => {
      await deps.store.jobs.enqueue({
        kind: OPEN_TICKET_JOB,
        // What identifies the submission, never the time: Slack (or a replay) delivering the
        // same modal submission again finds this job and opens no second ticket.
        dedupeKey: `${OPEN_TICKET_JOB}:${request.submissionId}`,
        payload: request,
      });
      deps.wake();
    },
    start: () => {
      if (config.FRESHDESK_POLL_SECONDS > 0) {
        poller = startPoller(
          { client, store: deps.store, clock: deps.clock, log: deps.log, wake: deps.wake },
          config.FRESHDESK_POLL_SECONDS,
        );
      }
    },
    stop: async () => {
      await poller?.stop();
    },
  };
}
