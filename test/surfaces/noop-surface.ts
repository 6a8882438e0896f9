import { type AlertPayload, alertPayloadSchema } from '../../src/alerts/outbox.js';
import { defineJob } from '../../src/jobs/handler.js';
import type { SurfaceFactory } from '../../src/server/registered-surfaces.js';

/**
 * A surface that does nothing but prove the seams: one route, and an alert sink that keeps what
 * it is told. Everything it needs comes through the Surface interface; no src/ file names it.
 */
export function noopSurface(): { factory: SurfaceFactory; alerts: AlertPayload[] } {
  const alerts: AlertPayload[] = [];
  const factory: SurfaceFactory = () => ({
    name: 'noop',
    routes: (router) => {
      router.get('/noop/ping', async () => ({
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: 'noop surface here',
      }));
    },
    alertSink: defineJob(alertPayloadSchema, async (alert) => {
      alerts.push(alert);
    }),
  });
  return { factory, alerts };
}
