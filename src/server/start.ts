import { drainAlerts } from '../alerts/outbox.js';
import { Desk } from '../answer/desk.js';
import type { Config } from '../config.js';
import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { createMatcher } from '../core/match.js';
import { entryForVerdict } from '../core/verdict-codes.js';
import { exponentialBackoff } from '../jobs/backoff.js';
import { newOwnerName, takeBackLeasesOfDeadOwners } from '../jobs/owner.js';
import { DEFAULT_JOB_RETENTION, JobPurge } from '../jobs/purge.js';
import { type JobHandler, JobRunner } from '../jobs/runner.js';
import { Keeper } from '../keeper/keeper.js';
import { loadOrBuildIndex } from '../knowledge/load.js';
import { knowledgeDirOf } from '../knowledge/source-files.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { probeCustomer } from '../probe/probe.js';
import { type LiveServices, openLiveServices } from '../probe/services.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { createHttpApp } from '../web/http-app.js';
import { Router } from '../web/router.js';
import { startHttpServer } from '../web/server.js';
import type { Surface } from '../web/surface.js';
import type { XeroGateway } from '../xero/gateway.js';
import { composeSurfaces } from './compose-surfaces.js';
import { missingFeatureNotes } from './features.js';
import { mountOpsRoutes } from './ops-routes.js';
import { registeredSurfaces, type SurfaceFactory } from './registered-surfaces.js';

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
  /** The surfaces to run; registeredSurfaces unless given (a test adds one of its own). */
  readonly surfaces?: readonly SurfaceFactory[];
}

export interface RunningXerofix {
  readonly url: string;
  readonly services: LiveServices;
  readonly desk: Desk;
  /** Every surface built, in start order (an off one says so in its status). */
  readonly surfaces: readonly Surface[];
  readonly jobs: JobRunner;
  readonly keeper: Keeper | undefined;
  readonly metrics: Metrics;
  /** Finishes work in flight, releases leases, then closes the server and the store. */
  close(): Promise<void>;
}

/**
 * The one server process: operations endpoints, every registered surface (console and connect
 * pages, Slack on the same port or over Socket Mode, the Freshdesk webhook) on one port, the
 * job runner and the keeper. Everything optional stays off until its settings are present, and
 * the log says what would turn it on.
 */
export async function startXerofix(config: Config, options: StartOptions): Promise<RunningXerofix> {
  const { log } = options;
  const metrics = createMetrics();
  const index = loadKnowledge(knowledgeDirOf(config.knowledge.dir, options.cwd), log);
  const opened = await openLiveServices(config, { ...options, entryFor: entryForVerdict(index.entries) });
  const services: LiveServices = { ...opened, onVerdict: (v) => metrics.probed(v.code) };
  const desk = new Desk({
    matcher: createMatcher(index, { minConfidence: config.knowledge.minConfidence }),
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
    backoff: exponentialBackoff({ baseMs: config.jobs.retryBaseMs }),
    leaseMs: config.jobs.leaseSeconds * 1000,
  });
  const wake = () => runner.wake();

  const router = new Router(services.log);
  mountOpsRoutes(router, { store: services.store, index: desk.index, metrics });
  let composed: ReturnType<typeof composeSurfaces>;
  try {
    composed = composeSurfaces(
      options.surfaces ?? registeredSurfaces,
      config,
      { services, desk, metrics, wake, jobLeaseMs: config.jobs.leaseSeconds * 1000, cwd: options.cwd },
      router,
    );
  } catch (err) {
    await services.close();
    throw err;
  }
  const { surfaces } = composed;
  Object.assign(handlers, composed.handlers);
  metrics.watchJobs(() => services.store.jobs.countsByKind());

  const app = createHttpApp(router, {
    https: config.http.publicUrl.startsWith('https:'),
    trustProxy: config.http.trustProxy,
  });
  const server = await startHttpServer(app, options.port ?? config.http.port, options.host).catch(
    async (err) => {
      await services.close();
      throw err;
    },
  );

  const intervalMs = config.keeper.intervalSeconds * 1000;
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
  for (const surface of surfaces) await surface.start?.();
  // Before the keeper's first pass and the runner's first poll: a dead predecessor's leases go now.
  await takeBackLeasesOfDeadOwners(services.store, log);
  keeper?.start();
  runner.start();
  // Dead jobs whose work may have partly happened are kept, as their surfaces say, so never redone.
  const purge = new JobPurge(
    { jobs: services.store.jobs, leases: services.store.leases, owner, clock: services.clock, log },
    { ...DEFAULT_JOB_RETENTION, keepDeadKinds: composed.keptWhenDead },
  );
  purge.start();
  // Health changes become alert jobs; a few seconds' delay is fine for "your connection broke".
  const drain = () =>
    drainAlerts(services.store, composed.alertSinks, log)
      .then((n) => n > 0 && wake())
      .catch((err) => log.warn('could not queue connection alerts', { error: (err as Error).message }));
  const alerts = setInterval(drain, options.alertDrainMs ?? ALERT_DRAIN_MS);

  log.info('xerofix is serving', {
    url: server.url,
    ...composed.statuses,
    store: services.store.kind,
    keeperEverySeconds: config.keeper.intervalSeconds || null,
  });
  for (const note of missingFeatureNotes(config)) log.info(note);

  return {
    url: server.url,
    services,
    desk,
    surfaces,
    jobs: runner,
    keeper,
    metrics,
    close: async () => {
      // Stop taking requests, then let what is in flight finish before the store closes.
      await server.close();
      clearInterval(alerts);
      for (const surface of [...surfaces].reverse()) await surface.stop?.();
      await keeper?.stop();
      await purge.stop();
      await runner.stop();
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
