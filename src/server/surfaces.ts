import { ALERT_JOB, type AlertPayload, type AlertSinks } from '../alerts/outbox.js';
import type { Desk } from '../answer/desk.js';
import type { Config } from '../config.js';
import { createFreshdeskSurface, type FreshdeskSurface } from '../freshdesk/surface.js';
import type { JobHandler } from '../jobs/runner.js';
import type { Logger } from '../secrets/log.js';
import { slackAlertHandler } from '../slack/alert-job.js';
import { createSlackSurface, type SlackSurface } from '../slack/app.js';
import { notifyTicketOpened } from '../slack/ticket-notify.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../store/types.js';
import type { Router } from '../web/router.js';

export interface Surfaces {
  readonly slack: SlackSurface | undefined;
  readonly freshdesk: FreshdeskSurface | undefined;
  /** Job handlers the surfaces contribute (Freshdesk answers and tickets, alerts). */
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
  slack = createSlackSurface(config, {
    desk: deps.desk,
    store: deps.store,
    log: deps.log,
    autoReplyChannels: new Set(config.SLACK_AUTO_REPLY_CHANNELS),
    autoReplyMinConfidence: config.SLACK_AUTO_REPLY_MIN_CONFIDENCE,
    ...(freshdesk ? { openTicket: (request) => freshdesk.enqueueTicket(request) } : {}),
  });
  const handlers: Record<string, JobHandler> = { ...freshdesk?.handlers };
  if (slack && config.SLACK_ALERT_CHANNEL) {
    const post = slackAlertHandler({
      client: slack.app.client,
      channel: config.SLACK_ALERT_CHANNEL,
      index: deps.desk.index,
      store: deps.store,
    });
    handlers[ALERT_JOB.slack] = (job) => post(job.payload as AlertPayload);
  }
  const sinks = {
    slack: handlers[ALERT_JOB.slack] !== undefined,
    tickets: freshdesk !== undefined && config.FRESHDESK_ALERT_TICKETS,
  };
  return { slack, freshdesk, handlers, sinks };
}
