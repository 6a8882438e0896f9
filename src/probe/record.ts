import { healthOf } from '../core/verdict-codes.js';
import type { Store } from '../store/store.js';
import type { Connection } from '../store/types.js';
import type { Verdict } from './verdicts.js';

/**
 * Stores the probe run and the connection's health; when health flips between healthy and
 * broken, adds a connection event so Slack and Freshdesk can announce it. Every probe (CLI,
 * keeper, surfaces) goes through here, so no change is missed whoever noticed it.
 */
export async function recordVerdict(
  store: Store,
  connection: Connection | undefined,
  verdict: Verdict,
  startedAt: number,
  durationMs: number,
): Promise<void> {
  await store.probeRuns.add({
    connectionId: connection?.id ?? null,
    customerKey: verdict.customer,
    verdict: verdict.code,
    entry: verdict.entry,
    checks: verdict.checks,
    startedAt,
    durationMs,
  });
  if (!connection) return;
  const health = healthOf(verdict.code);
  const change = await store.connections.recordProbe(connection.id, verdict.code, health);
  // A fresh connection's first verdict is only news if it is bad.
  const news = change === 'changed' || (change === 'first' && health === 'broken');
  if (!health || !news) return;
  await store.events.add({
    connectionId: connection.id,
    customerKey: connection.customerKey,
    kind: health === 'healthy' ? 'became-healthy' : 'became-broken',
    verdict: verdict.code,
    entry: verdict.entry,
  });
}
