import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { normaliseCustomerKey } from './types.js';

export interface ProbeRunRecord {
  readonly connectionId: string | null;
  readonly customerKey: string;
  readonly verdict: string;
  readonly entry: string | null;
  /** The checks as run; must already be free of secrets (the probe only records outcomes). */
  readonly checks: readonly unknown[];
  readonly startedAt: number;
  readonly durationMs: number;
}

export interface StoredProbeRun extends Omit<ProbeRunRecord, 'startedAt'> {
  readonly id: string;
  readonly startedAt: string;
}

/** Every probe's outcome, so support can see when a connection broke and what was checked. */
export class ProbeRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(run: ProbeRunRecord): Promise<string> {
    const id = randomUUID();
    await this.db
      .insertInto('probe_runs')
      .values({
        id,
        connection_id: run.connectionId,
        customer_key: normaliseCustomerKey(run.customerKey),
        verdict: run.verdict,
        entry: run.entry,
        checks_json: JSON.stringify(run.checks),
        started_at: new Date(run.startedAt).toISOString(),
        duration_ms: Math.round(run.durationMs),
      })
      .execute();
    return id;
  }

  /** Newest first. */
  async recent(customerKey: string, limit = 20): Promise<StoredProbeRun[]> {
    const rows = await this.db
      .selectFrom('probe_runs')
      .selectAll()
      .where('customer_key', '=', normaliseCustomerKey(customerKey))
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      customerKey: r.customer_key,
      verdict: r.verdict,
      entry: r.entry,
      checks: JSON.parse(r.checks_json),
      startedAt: r.started_at,
      durationMs: Number(r.duration_ms),
    }));
  }
}
