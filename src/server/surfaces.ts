import { ALERT_JOB, type AlertSinks } from '../alerts/outbox.js';
import type { Desk } from '../answer/desk.js';
import type { Config } from '../config.js';
import { createFreshdeskSurface, type FreshdeskSurface } from '../freshdesk/surface.js';
import type { JobHandler } from '../jobs/runner.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { slackAlertHandler } from '../slack/alert-job.js';
import { createSlackSurface, type SlackSurface } from '../slack/app.js';
import { DurableWork, SLACK_WORK_JOB } from '../slack/durable-work.js';
import { onceClient } from '../slack/once-client.js';
import { deliverAnswer } from '../slack/response-url.js';
import { notifyTicketOpened } from '../slack/ticket-notify.js';
import type { Store } from '../store/store.js';
import type { Router } from '../web/router.js';

export interface Surfaces {
  readonly slack: SlackSurface | undefined;
  readonly freshdesk: FreshdeskSurface | undefined;
  /** Job handlers the surfaces contribute (Freshdesk answers and tickets, alerts, Slack work). */
  readonly handlers: Record<string, JobHandler>;
  /** Where health alerts go, given what is configured. */
  readonly sinks: AlertSinks;
}

/** Slack and Freshdesk, each on only when its settings are present, wired to each other. */
export function createSurfaces(
  config: Config,
  router: Router,
  deps: { desk: Desk; store: Store; log: Logger; clock: Clock; wake: () => void },
): Surfaces {
  let slack: SlackSurface | undefined;
  const freshdesk = createFreshdeskSurface(config, router, {
    ...deps,
    notifySlack: async (request, ticket) => {
      if (slack) await notifyTicketOpened(slack.app.client, request, ticket);
    },
  });
  const slackClient = () => {
    if (!slack) throw new Error('Slack is not set up in this process');
    return slack.app.client;
  };
  // Slack work outlives the process that acknowledged it: a job, leased like the runner's.
  const work = new DurableWork({
    store: deps.store,
    log: deps.log,
    clock: deps.clock,
    leaseMs: config.JOB_LEASE_SECONDS * 1000,
    client: slackClient,
    deliver: (target, message) => deliverAnswer(slackClient(), target, message),
  });
  slack = createSlackSurface(config, {
    desk: deps.desk,
    store: deps.store,
    log: deps.log,
    autoReplyChannels: new Set(config.SLACK_AUTO_REPLY_CHANNELS),
    autoReplyMinConfidence: config.SLACK_AUTO_REPLY_MIN_CONFIDENCE,
    work,
    ...(freshdesk ? { openTicket: (request) => freshdesk.enqueueTicket(request) } : {}),
  });
  const handlers: Record<string, JobHandler> = { ...freshdesk?.handlers };
  if (slack) handlers[SLACK_WORK_JOB] = work.handler;
  if (slack && config.SLACK_ALERT_CHANNEL) {
    handlers[ALERT_JOB.slack] = slackAlertHandler({
      client: onceClient(config, deps.log),
      channel: config.SLACK_ALERT_CHANNEL,
      index: deps.desk.index,
      store: deps.store,
      clock: deps.clock,
    });
  }
  const sinks = {
    slack: handlers[ALERT_JOB.slack] !== undefined,
    tickets: freshdesk !== undefined && config.FRESHDESK_ALERT_TICKETS,
  };
  return { slack, freshdesk, handlers, sinks };
}
