import type { SlackConfig } from '../config.js';
import type { JobHandler } from '../jobs/runner.js';
import type { Surface, SurfaceServices } from '../web/surface.js';
import { slackAlertHandler } from './alert-job.js';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from './app.js';
import { DurableWork, SLACK_WORK_JOB } from './durable-work.js';
import { SLACK_SURFACE } from './ids.js';
import { onceClient } from './once-client.js';
import { deliverAnswer } from './response-url.js';
import { notifyTicketOpened } from './ticket-notify.js';

/**
 * Slack is on when its tokens are (see slackMode): the slash command, shortcut and buttons,
 * its events endpoint on the server's port (HTTP mode), its durable work, an alert sink when
 * SLACK_ALERT_CHANNEL is set, and the notifier that tells an agent where their ticket is.
 */
export function createSlackSurface(
  config: SlackConfig,
  shared: SurfaceServices,
  fetchImpl?: typeof fetch,
): Surface {
  const { store, log, clock } = shared.services;
  let slack: SlackApp | undefined;
  const client = () => {
    if (!slack) throw new Error('Slack is not set up in this process');
    return slack.app.client;
  };
  // Slack work outlives the process that acknowledged it: a job, leased like the runner's.
  const work = new DurableWork({
    store,
    log,
    clock,
    leaseMs: shared.jobLeaseMs,
    client,
    deliver: (target, message) => deliverAnswer(client(), target, message),
  });
  slack = createSlackApp(
    config,
    {
      desk: shared.desk,
      store,
      log,
      autoReplyChannels: new Set(config.autoReplyChannels),
      autoReplyMinConfidence: config.autoReplyMinConfidence,
      work,
      ticketDesk: () => shared.capabilities.ticketDesk(),
    },
    fetchImpl,
  );
  if (!slack) return { name: SLACK_SURFACE, status: 'off' };
  const app = slack;
  const handlers: Record<string, JobHandler> = { [SLACK_WORK_JOB]: work.handler };
  const alertSink = config.alertChannel
    ? slackAlertHandler({
        client: onceClient(config, log),
        channel: config.alertChannel,
        index: shared.desk.index,
        store,
        clock,
      })
    : undefined;
  return {
    name: SLACK_SURFACE,
    status: app.mode,
    routes: (router) => {
      const events = app.router;
      if (!events) return;
      // Bolt (which checks the signature) gets the raw request; the ack time is measured here.
      router.raw(SLACK_EVENTS_PATH, (req, res, next) => {
        if (req.method === 'POST') {
          const started = performance.now();
          res.once('finish', () => shared.metrics.slackAck((performance.now() - started) / 1000));
        }
        events(req, res, next);
      });
    },
    handlers,
    ...(alertSink ? { alertSink } : {}),
    ticketNotifier: (request, ticket) => notifyTicketOpened(app.app.client, request, ticket),
    start: () => app.start(),
    stop: () => app.stop(),
  };
}
