import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import type { Metrics } from '../ops/metrics.js';
import { describeWriteFailure } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { Router } from '../web/router.js';

/**
 * How long one write probe's answer stands. Readiness is polled every few seconds, by more than
 * one poller, and /readyz needs no sign-in: without this, anyone could make the server write
 * (and fsync) as fast as they can send requests.
 */
const WRITE_PROBE_TTL_MS = 2000;
/** A store that does not answer within this is reported as such, not waited for. */
const STORE_ANSWER_MS = 2000;

/**
 * /healthz: the process is up. /readyz: ready to take traffic (the store answers and can write,
 * knowledge is loaded), for load balancers. /metrics: Prometheus text. None shows anything about
 * a customer, and a store problem is named by its kind only.
 */
export function mountOpsRoutes(
  router: Router,
  deps: { store: Store; index: KnowledgeIndex; metrics: Metrics; now?: () => number },
): void {
  const writeProblem = cachedFor(WRITE_PROBE_TTL_MS, deps.now ?? Date.now, () =>
    withDeadline(deps.store.checkWritable(), STORE_ANSWER_MS).then(
      () => undefined,
      (err: unknown) => describeWriteFailure(err),
    ),
  );
  router.get('/healthz', async () => ({
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body: 'ok',
  }));
  router.get('/readyz', async () => {
    const checks = { store: 'ok', knowledge: `${deps.index.entries.length} entries` };
    let ready = deps.index.entries.length > 0;
    try {
      await withDeadline(deps.store.ping(), STORE_ANSWER_MS);
      const problem = await writeProblem();
      if (problem) {
        checks.store = `cannot write: ${problem}`;
        ready = false;
      }
    } catch {
      checks.store = 'unreachable';
      ready = false;
    }
    return {
      status: ready ? 200 : 503,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ready, ...checks }),
    };
  });
  router.get('/metrics', async () => ({
    status: 200,
    headers: { 'content-type': deps.metrics.registry.contentType },
    body: await deps.metrics.registry.metrics(),
  }));
}

/** Runs `work` at most once per `ttlMs`; callers in between share its answer (or its wait). */
function cachedFor<T>(ttlMs: number, now: () => number, work: () => Promise<T>): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= ttlMs || at < last.at) last = { at, answer: work() };
    return last.answer;
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
