import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
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

/** How many connections were in each state on one UTC day (YYYY-MM-DD). */
export interface DayHealth {
  readonly day: string;
  /** Every probe that day found it working. */
  readonly healthy: number;
  /** At least one probe that day found it broken. */
  readonly broken: number;
  /** Probed, never broken, but at least once without a clear answer (Xero busy, rate limit). */
  readonly unclear: number;
}

/** Which verdict codes mean what; the probe owns the codes, the store only counts them. */
export interface VerdictClasses {
  readonly healthy: readonly string[];
  readonly broken: readonly string[];
}

// Per connection and day, its worst state: 2 broken, 1 unclear, 0 healthy.
const BROKEN = 2;
const UNCLEAR = 1;

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

  /**
   * Connections probed per UTC day since `since` (ISO time), each counted once, by its worst
   * state that day. Probes of customers with no stored connection are left out.
   */
  async healthByDay(since: string, classes: VerdictClasses): Promise<DayHealth[]> {
    // Codes go into the SQL as bound values; an empty list would be invalid SQL, so it
    // becomes the empty code, which no verdict has.
    const codes = (list: readonly string[]) => (list.length ? [...list] : ['']);
    const worst = sql<number>`max(case when verdict in (${sql.join(codes(classes.broken))}) then ${sql.lit(BROKEN)} when verdict in (${sql.join(codes(classes.healthy))}) then 0 else ${sql.lit(UNCLEAR)} end)`;
    const perConnection = this.db
      .selectFrom('probe_runs')
      .select([sql<string>`substr(started_at, 1, 10)`.as('day'), 'customer_key', worst.as('worst')])
      .where('started_at', '>=', since)
      .where('connection_id', 'is not', null)
      .groupBy([sql`substr(started_at, 1, 10)`, 'customer_key']);
    const rows = await this.db
      .selectFrom(perConnection.as('t'))
      .select(['t.day', 't.worst', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy(['t.day', 't.worst'])
      .orderBy('t.day')
      .execute();
    const days = new Map<string, { healthy: number; broken: number; unclear: number }>();
    for (const r of rows) {
      const b = days.get(r.day) ?? { healthy: 0, broken: 0, unclear: 0 };
      const state =
        Number(r.worst) === BROKEN ? 'broken' : Number(r.worst) === UNCLEAR ? 'unclear' : 'healthy';
      b[state] += Number(r.n);
      days.set(r.day, b);
    }
    return [...days.entries()].map(([day, b]) => ({ day, ...b }));
  }
}
