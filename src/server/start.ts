import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ALERT_JOB, type AlertPayload, drainAlerts } from '../alerts/outbox.js';
import { Desk } from '../answer/desk.js';
import type { Config } from '../config.js';
import { createMatcher } from '../core/match.js';
import { createFreshdeskSurface, type FreshdeskSurface } from '../freshdesk/surface.js';
import { exponentialBackoff } from '../jobs/backoff.js';
import { type JobHandler, JobRunner } from '../jobs/runner.js';
import { Keeper } from '../keeper/keeper.js';
import { loadIndex } from '../knowledge/load.js';
import { probeCustomer } from '../probe/probe.js';
import { type LiveServices, openLiveServices } from '../probe/services.js';
import type { Logger } from '../secrets/log.js';
import { slackAlertHandler } from '../slack/alert-job.js';
import { createSlackSurface, SLACK_EVENTS_PATH, type SlackSurface } from '../slack/app.js';
import { notifyTicketOpened } from '../slack/ticket-notify.js';
import type { Clock } from '../store/types.js';
import { buildRouter } from '../web/app.js';
import { type RunningServer, routerListener, startHttpServer } from '../web/server.js';
import type { XeroGateway } from '../xero/gateway.js';
import { missingFeatureNotes } from './features.js';

const ALERT_DRAIN_MS = 5_000;

export interface StartOptions {
  readonly cwd: string;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly gateway?: XeroGateway;
  /** Listen here instead of PORT (tests pass 0 for a free port). */
  readonly port?: number;
  readonly host?: string;
  /** How often health changes are turned into alerts; tests shorten it. */
  readonly alertDrainMs?: number;
}

export interface RunningXerofix {
  readonly url: string;
  readonly services: LiveServices;
  readonly desk: Desk;
  readonly slack: SlackSurface | undefined;
  readonly freshdesk: FreshdeskSurface | undefined;
  readonly jobs: JobRunner;
  /** Finishes work in flight, then closes the server and the store. */
  close(): Promise<void>;
}

/**
 * The one server process: web pages, the Slack endpoint (or Socket Mode), and the keeper,
 * on one port. Everything optional stays off until its settings are present, and the log
 * says which settings would turn it on.
 */
export async function startXerofix(config: Config, options: StartOptions): Promise<RunningXerofix> {
  const { log } = options;
  const services = await openLiveServices(config, options);
  const dir = isAbsolute(config.KNOWLEDGE_DIR)
    ? config.KNOWLEDGE_DIR
    : join(options.cwd, config.KNOWLEDGE_DIR);
  const matcher = createMatcher(loadIndex(dir), { minConfidence: config.XEROFIX_MIN_CONFIDENCE });
  const desk = new Desk({
    matcher,
    lookups: services.store.lookups,
    probe: (customer) => probeCustomer(services, customer),
  });

  const router = buildRouter(services);
  // Unique per process: job leases are held in this name.
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const handlers: Record<string, JobHandler> = {};
  const runner = new JobRunner({
    jobs: services.store.jobs,
    owner,
    handlers,
    log,
    backoff: exponentialBackoff({ baseMs: config.JOB_RETRY_BASE_MS }),
    leaseMs: config.JOB_LEASE_SECONDS * 1000,
  });
  const wake = () => runner.wake();

  let slack: SlackSurface | undefined;
  const freshdesk = createFreshdeskSurface(config, router, {
    desk,
    store: services.store,
    log,
    clock: services.clock,
    wake,
    notifySlack: async (request, ticket) => {
      if (slack) await notifyTicketOpened(slack.app.client, request, ticket);
    },
  });
  slack = createSlackSurface(config, {
    desk,
    store: services.store,
    log,
    autoReplyChannels: new Set(config.SLACK_AUTO_REPLY_CHANNELS),
    autoReplyMinConfidence: config.SLACK_AUTO_REPLY_MIN_CONFIDENCE,
    ...(freshdesk ? { openTicket: (request) => freshdesk.enqueueTicket(request) } : {}),
  });
  Object.assign(handlers, freshdesk?.handlers);
  const alertChannel = config.SLACK_ALERT_CHANNEL;
  if (slack && alertChannel) {
    const post = slackAlertHandler({
      client: slack.app.client,
      channel: alertChannel,
      index: desk.index,
      store: services.store,
    });
    handlers[ALERT_JOB.slack] = (job) => post(job.payload as AlertPayload);
  }
  const sinks = {
    slack: handlers[ALERT_JOB.slack] !== undefined,
    tickets: freshdesk !== undefined && config.FRESHDESK_ALERT_TICKETS,
  };
  const web = routerListener(router);
  const slackHandle = slack?.handle;
  let server: RunningServer;
  try {
    server = await startHttpServer(
      (req, res) => {
        if (slackHandle && req.method === 'POST' && req.url?.split('?')[0] === SLACK_EVENTS_PATH) {
          slackHandle(req, res);
        } else {
          web(req, res);
        }
      },
      options.port ?? config.PORT,
      options.host,
    );
    await slack?.start();
  } catch (err) {
    await services.close();
    throw err;
  }

  const intervalMs = config.KEEPER_INTERVAL_SECONDS * 1000;
  const keeper = intervalMs > 0 ? new Keeper(services, { intervalMs }) : undefined;
  keeper?.start();
  runner.start();
  freshdesk?.start();
  // Health changes become alert jobs; a few seconds' delay is fine for "your connection broke".
  const drain = () =>
    drainAlerts(services.store, sinks, log)
      .then((n) => n > 0 && wake())
      .catch((err) => log.warn('could not queue connection alerts', { error: (err as Error).message }));
  const alerts = setInterval(drain, options.alertDrainMs ?? ALERT_DRAIN_MS);

  log.info('xerofix is serving', {
    url: server.url,
    slack: slack?.mode ?? 'off',
    freshdesk: freshdesk ? 'on' : 'off',
    store: services.store.kind,
    keeperEverySeconds: config.KEEPER_INTERVAL_SECONDS || null,
  });
  for (const note of missingFeatureNotes(config)) log.info(note);

  return {
    url: server.url,
    services,
    desk,
    slack,
    freshdesk,
    jobs: runner,
    close: async () => {
      // Stop taking work, then let what is in flight finish before the store closes.
      await server.close();
      clearInterval(alerts);
      await freshdesk?.stop();
      await keeper?.stop();
      await runner.stop();
      await slack?.stop();
      await services.close();
    },
  };
}
