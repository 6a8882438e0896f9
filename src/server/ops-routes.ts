import type { KnowledgeIndex } from '../knowledge/schema.js';
import type { Metrics } from '../ops/metrics.js';
import type { Store } from '../store/store.js';
import type { Router } from '../web/router.js';

/**
 * /readyz: ready to take traffic (the store answers, knowledge is loaded), for load balancers.
 * /metrics: Prometheus text. Neither shows anything about a customer. (/healthz, "the process
 * is up", lives with the other web routes.)
 */
export function mountOpsRoutes(
  router: Router,
  deps: { store: Store; index: KnowledgeIndex; metrics: Metrics },
): void {
  router.get('/readyz', async () => {
    const checks = { store: 'ok', knowledge: `${deps.index.entries.length} entries` };
    let ready = deps.index.entries.length > 0;
    try {
      await deps.store.ping();
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
