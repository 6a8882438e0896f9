import { createHmac } from 'node:crypto';
import { drainAlerts } from '../alerts/outbox.js';
import { Desk } from '../answer/desk.js';
import type { Config } from '../config.js';
import { resolveAdminToken } from '../console/admin-token.js';
import { mountConsole } from '../console/mount.js';
import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { createMatcher } from '../core/match.js';
import { entryForVerdict } from '../core/verdict-codes.js';
import type { FreshdeskSurface } from '../freshdesk/surface.js';
import { exponentialBackoff } from '../jobs/backoff.js';
import { newOwnerName, takeBackLeasesOfDeadOwners } from '../jobs/owner.js';
import { type JobHandler, JobRunner } from '../jobs/runner.js';
import { Keeper } from '../keeper/keeper.js';
import { loadOrBuildIndex } from '../knowledge/load.js';
import { knowledgeDirOf } from '../knowledge/source-files.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { probeCustomer } from '../probe/probe.js';
import { type LiveServices, openLiveServices } from '../probe/services.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { SLACK_EVENTS_PATH, type SlackSurface } from '../slack/app.js';
import { buildRouter, publicBase } from '../web/app.js';
import { createHttpApp } from '../web/http-app.js';
import type { Router } from '../web/router.js';
import { type RunningServer, startHttpServer } from '../web/server.js';
import type { XeroGateway } from '../xero/gateway.js';
import { missingFeatureNotes } from './features.js';
import { mountOpsRoutes } from './ops-routes.js';
import { createSurfaces } from './surfaces.js';

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
  readonly keeper: Keeper | undefined;
  readonly metrics: Metrics;
  /** Finishes work in flight, releases leases, then closes the server and the store. */
  close(): Promise<void>;
}

/**
 * The one server process: console and connect pages, operations endpoints, Slack (HTTP on the
 * same port, or Socket Mode), the Freshdesk webhook, the job runner and the keeper. Everything
 * optional stays off until its settings are present, and the log says what would turn it on.
 */
export async function startXerofix(config: Config, options: StartOptions): Promise<RunningXerofix> {
  const { log } = options;
  const metrics = createMetrics();
  const index = loadKnowledge(knowledgeDirOf(config.KNOWLEDGE_DIR, options.cwd), log);
  const opened = await openLiveServices(config, { ...options, entryFor: entryForVerdict(index.entries) });
  const services: LiveServices = { ...opened, onVerdict: (v) => metrics.probed(v.code) };
  const desk = new Desk({
    matcher: createMatcher(index, { minConfidence: config.XEROFIX_MIN_CONFIDENCE }),
    lookups: services.store.lookups,
    probe: (customer) => probeCustomer(services, customer),
    onAnswer: (surface, d) =>
      metrics.diagnosed(surface, {
        entry: d.kind === 'match' ? d.entry : null,
        reason: d.kind === 'abstain' ? d.reason : null,
      }),
  });

  // Unique per process: job and keeper leases are held in this name.
  const owner = newOwnerName();
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

  const router = buildRouter(services);
  const adminToken = resolveAdminToken(config, options.cwd, log);
  mountOpsRoutes(router, { store: services.store, index: desk.index, metrics });
  mountConsole(router, {
    desk,
    store: services.store,
    adminToken,
    // Bound to the admin token too: rotating it signs everyone out, on every instance.
    sessionKey: createHmac('sha256', services.keyRing.current.bytes)
      .update(`xerofix console sessions\0${adminToken ?? ''}`)
      .digest(),
    publicUrl: publicBase(config),
    clock: services.clock,
    log,
  });
  const surfaces = createSurfaces(config, router, {
    desk,
    store: services.store,
    log,
    clock: services.clock,
    wake,
  });
  Object.assign(handlers, surfaces.handlers);
  metrics.watchJobs(() => services.store.jobs.countsByKind());
  const freshdeskClient = surfaces.freshdesk?.client;
  if (freshdeskClient) metrics.watchFreshdeskBudget(() => freshdeskClient.rateLimit());

  const server = await listen(config, options, router, surfaces.slack, metrics).catch(async (err) => {
    await services.close();
    throw err;
  });

  const intervalMs = config.KEEPER_INTERVAL_SECONDS * 1000;
  const keeper =
    intervalMs > 0
      ? new Keeper(services, {
          intervalMs,
          leader: {
            acquire: () => services.store.leases.acquire('keeper', owner, intervalMs * 2 + 60_000),
            release: () => services.store.leases.release('keeper', owner),
          },
          onPass: (pass) => metrics.keeperPass(pass.led, pass.failed.length),
        })
      : undefined;
  // Before the keeper's first pass and the runner's first poll: a dead predecessor's leases go now.
  await takeBackLeasesOfDeadOwners(services.store, log);
  keeper?.start();
  runner.start();
  surfaces.freshdesk?.start();
  // Health changes become alert jobs; a few seconds' delay is fine for "your connection broke".
  const drain = () =>
    drainAlerts(services.store, surfaces.sinks, log)
      .then((n) => n > 0 && wake())
      .catch((err) => log.warn('could not queue connection alerts', { error: (err as Error).message }));
  const alerts = setInterval(drain, options.alertDrainMs ?? ALERT_DRAIN_MS);

  log.info('xerofix is serving', {
    url: server.url,
    slack: surfaces.slack?.mode ?? 'off',
    freshdesk: surfaces.freshdesk ? 'on' : 'off',
    store: services.store.kind,
    keeperEverySeconds: config.KEEPER_INTERVAL_SECONDS || null,
  });
  for (const note of missingFeatureNotes(config)) log.info(note);

  return {
    url: server.url,
    services,
    desk,
    slack: surfaces.slack,
    freshdesk: surfaces.freshdesk,
    jobs: runner,
    keeper,
    metrics,
    close: async () => {
      // Stop taking requests, then let what is in flight finish before the store closes.
      await server.close();
      clearInterval(alerts);
      await surfaces.freshdesk?.stop();
      await keeper?.stop();
      await runner.stop();
      await surfaces.slack?.stop();
      await services.close();
    },
  };
}

/**
 * The server never answers from an index built from other files: a stale, missing or corrupt
 * one is rebuilt here, said in one line, and what did not build is named (the rest answers).
 */
function loadKnowledge(dir: string, log: Logger): KnowledgeIndex {
  const { index, rebuilt, unsaved } = loadOrBuildIndex(dir);
  if (rebuilt)
    log.info(`knowledge index rebuilt at start: ${rebuilt}`, {
      entries: index.entries.length,
      ...(unsaved ? { notSaved: unsaved } : {}),
    });
  for (const p of index.leftOut)
    log.warn(`knowledge left out: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  return index;
}

/** One port: Slack's endpoint goes to Bolt (which checks the signature), the rest to our routes. */
async function listen(
  config: Config,
  options: StartOptions,
  router: Router,
  slack: SlackSurface | undefined,
  metrics: Metrics,
): Promise<RunningServer> {
  const slackRouter = slack?.router;
  const app = createHttpApp(router, {
    https: publicBase(config).startsWith('https:'),
    trustProxy: config.TRUST_PROXY,
    ...(slackRouter
      ? {
          slack: (req, res, next) => {
            if (req.method === 'POST' && req.path === SLACK_EVENTS_PATH) {
              const started = performance.now();
              res.once('finish', () => metrics.slackAck((performance.now() - started) / 1000));
            }
            slackRouter(req, res, next);
          },
        }
      : {}),
  });
  const server = await startHttpServer(app, options.port ?? config.PORT, options.host);
  await slack?.start();
  return server;
}
