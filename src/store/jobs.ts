import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import { compiledOnce } from './compiled-once.js';
import type { Database, JobsTable } from './schema.js';

export type JobState = JobsTable['state'];
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'dead'];

export interface NewJob {
  readonly kind: string;
  /** Enqueueing the same key again is a no-op that returns the first job's id. */
  readonly dedupeKey: string;
  /** Anything JSON can hold. May contain customer text, so it is never logged. */
  readonly payload: unknown;
  /** Not before this time; now by default. */
  readonly runAfter?: Date;
}

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: unknown;
  readonly state: JobState;
  /** Claims so far, including the one in progress. */
  readonly attempts: number;
  readonly runAfter: string;
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
  readonly progress: Record<string, unknown>;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

type Row = Selectable<JobsTable>;

// Errors can be whole HTTP bodies; the row only needs enough to say what went wrong.
const MAX_ERROR_CHARS = 500;
const iso = (ms: number) => new Date(ms).toISOString();
const clip = (text: string) =>
  text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - 1)}…`;

/** Waiting and due, or taken by an owner whose lease ran out (it crashed or stalled). */
const isDue = (now: string) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
  eb.or([
    eb.and([eb('state', '=', 'queued'), eb('run_after', '<=', now)]),
    eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
  ]);

/**
 * A durable work queue shared by every instance on one database. Each state change a worker
 * makes is a conditional UPDATE on "I still hold the lease", so a worker whose lease lapsed
 * (it stalled, or another instance took the job over) can no longer change the job.
 */
export class JobRepository {
  // Enqueueing runs before every Slack acknowledgement (stored work), so it is compiled once.
  private readonly insertJob;
  private readonly idOf;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {
    this.insertJob = compiledOnce(
      db as Kysely<unknown>,
      6,
      (id: string, kind: string, dedupeKey: string, payload: string, runAfter: string, now: string) =>
        db
          .insertInto('jobs')
          .values({
            id,
            kind,
            dedupe_key: dedupeKey,
            payload_json: payload,
            state: 'queued',
            attempts: 0,
            run_after: runAfter,
            lease_owner: null,
            lease_until: null,
            progress_json: '{}',
            last_error: null,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing()),
    );
    this.idOf = compiledOnce(db as Kysely<unknown>, 1, (dedupeKey: string) =>
      db.selectFrom('jobs').select('id').where('dedupe_key', '=', dedupeKey),
    );
  }

  /** Stores the job unless its dedupe key is already taken; either way returns the key's job. */
  async enqueue(job: NewJob): Promise<{ id: string; created: boolean }> {
    const now = iso(this.clock());
    // Insert-or-nothing rather than select-then-insert: the unique index decides races
    // between instances, so two enqueues of one key can never both create a row.
    const inserted = await this.insertJob(
      randomUUID(),
      job.kind,
      job.dedupeKey,
      JSON.stringify(job.payload ?? null),
      job.runAfter ? job.runAfter.toISOString() : now,
      now,
    );
    const [row] = (await this.idOf(job.dedupeKey)).rows;
    if (!row) throw new Error(`job ${job.kind} was neither stored nor found by its dedupe key`);
    return { id: row.id, created: Number(inserted.numAffectedRows ?? 0) === 1 };
  }

  /**
   * Claims up to `limit` jobs that are due, or whose previous owner's lease ran out (it
   * crashed). Returns only the jobs this owner won; another instance may win the rest.
   */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<Job[]> {
    if (limit <= 0) return [];
    const nowMs = this.clock();
    const now = iso(nowMs);
    // Look at a few more than asked for, so losing some races to another instance does
    // not leave this one idle while due work remains.
    const candidates = await this.db
      .selectFrom('jobs')
      .select(['id', 'attempts'])
      .where(isDue(now))
      .orderBy('run_after')
      .orderBy('id')
      .limit(limit * 3)
      .execute();
    const won: Job[] = [];
    for (const candidate of candidates) {
      if (won.length >= limit) break;
      // Compare-and-set: the WHERE repeats the due test against the row as it is now, and
      // `attempts` (bumped by every claim) shows whether someone claimed it since we looked.
      // Both databases re-check the WHERE after waiting for a concurrent writer, so only
      // one of two racing claims can match.
      const row = await this.db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          attempts: eb('attempts', '+', 1),
          lease_owner: owner,
          lease_until: iso(nowMs + leaseMs),
          updated_at: now,
        }))
        .where('id', '=', candidate.id)
        .where('attempts', '=', candidate.attempts)
        .where(isDue(now))
        .returningAll()
        .executeTakeFirst();
      if (row) won.push(toJob(row));
    }
    return won;
  }

  /** Keeps a long-running job ours; false means the lease was lost and the work should stop. */
  async extendLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const nowMs = this.clock();
    return this.whileOwned(id, owner, { lease_until: iso(nowMs + leaseMs), updated_at: iso(nowMs) });
  }

  /** Records steps done so far; a retry after a crash reads them and skips those steps. */
  async saveProgress(id: string, owner: string, progress: Record<string, unknown>): Promise<boolean> {
    return this.whileOwned(id, owner, { progress_json: JSON.stringify(progress), updated_at: this.now() });
  }

  async complete(id: string, owner: string): Promise<boolean> {
    return this.whileOwned(id, owner, { state: 'done', ...this.leaseCleared() });
  }

  /** Gives the job back for another attempt at `runAfter`, noting why this one failed. */
  async retryLater(id: string, owner: string, error: string, runAfter: Date): Promise<boolean> {
    return this.whileOwned(id, owner, {
      state: 'queued',
      run_after: runAfter.toISOString(),
      last_error: clip(error),
      ...this.leaseCleared(),
    });
  }

  /** Gives up on the job; it stays, as 'dead', for someone to look at (and maybe revive). */
  async bury(id: string, owner: string, error: string): Promise<boolean> {
    return this.whileOwned(id, owner, { state: 'dead', last_error: clip(error), ...this.leaseCleared() });
  }

  /**
   * Hands an unfinished job back without holding it against the job (graceful shutdown):
   * the attempt it was claimed with is taken back, and it is due again at once.
   */
  async release(id: string, owner: string): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set((eb) => ({ state: 'queued', attempts: eb('attempts', '-', 1), ...this.leaseCleared() }))
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Hands back at once every running job whose owner `isGone` says has certainly stopped (a
   * restarted instance's dead predecessor), instead of leaving it until its lease runs out.
   * The attempt it was on stays counted: a job that kills its process each time must still
   * run out of attempts. Returns how many jobs were handed back.
   */
  async releaseAbandoned(isGone: (owner: string) => boolean): Promise<number> {
    const owners = await this.db
      .selectFrom('jobs')
      .select('lease_owner')
      .distinct()
      .where('state', '=', 'running')
      .where('lease_owner', 'is not', null)
      .execute();
    let released = 0;
    for (const { lease_owner: owner } of owners) {
      if (owner === null || !isGone(owner)) continue;
      // Still conditional on the owner: a row someone else took meanwhile is left alone.
      const result = await this.db
        .updateTable('jobs')
        .set({
          state: 'queued',
          last_error: 'its process stopped before the attempt finished; taken back at restart',
          ...this.leaseCleared(),
        })
        .where('state', '=', 'running')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      released += Number(result.numUpdatedRows);
    }
    return released;
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  async byDedupeKey(key: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', key).executeTakeFirst();
    return row && toJob(row);
  }

  /** Newest first, optionally of one state. */
  async list(options: { state?: JobState; limit: number }): Promise<Job[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (options.state) query = query.where('state', '=', options.state);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute();
    return rows.map(toJob);
  }

  /** How many jobs are in each state; every state is present, zero when empty. */
  async counts(): Promise<Record<JobState, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['state', eb.fn.countAll().as('n')])
      .groupBy('state')
      .execute();
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    // PostgreSQL returns count(*) as a bigint string.
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  /**
   * Puts a dead job back in the queue, due now, with a fresh set of attempts (an admin
   * revives a job after fixing what killed it). The last error stays until the next attempt.
   */
  /** Jobs per kind and state, for metrics (queue depth, dead jobs). */
  async countsByKind(): Promise<{ kind: string; state: JobState; count: number }[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['kind', 'state', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy(['kind', 'state'])
      .execute();
    return rows.map((r) => ({ kind: r.kind, state: r.state, count: Number(r.n) }));
  }

  async revive(id: string): Promise<boolean> {
    const now = this.now();
    const result = await this.db
      .updateTable('jobs')
      .set({
        state: 'queued',
        attempts: 0,
        run_after: now,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('state', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Deletes up to `limit` jobs in `state` ('done' or 'dead') that finished before `before`,
   * oldest first, leaving out `exceptKinds`; returns how many went. Purging a job frees its
   * dedupe key, so the caller must only pass a time after which no duplicate can arrive.
   */
  async purgeFinished(options: {
    readonly state: 'done' | 'dead';
    readonly before: Date;
    readonly limit: number;
    readonly exceptKinds?: readonly string[];
  }): Promise<number> {
    const before = options.before.toISOString();
    let query = this.db
      .selectFrom('jobs')
      .select('id')
      .where('state', '=', options.state)
      .where('updated_at', '<', before);
    if (options.exceptKinds?.length) query = query.where('kind', 'not in', [...options.exceptKinds]);
    // Ids first, then a delete by id: a LIMIT on DELETE is not portable, and small batches keep
    // each write short (SQLite holds one writer at a time).
    const ids = (await query.orderBy('updated_at').limit(options.limit).execute()).map((r) => r.id);
    if (!ids.length) return 0;
    const result = await this.db
      .deleteFrom('jobs')
      .where('id', 'in', ids)
      // Repeated: a dead job an admin revived since the select is not finished any more.
      .where('state', '=', options.state)
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private now(): string {
    return iso(this.clock());
  }

  private leaseCleared() {
    return { lease_owner: null, lease_until: null, updated_at: this.now() };
  }

  /** Applies the change only if `owner` still holds the job's lease. */
  private async whileOwned(
    id: string,
    owner: string,
    change: Partial<Omit<Row, 'id' | 'attempts'>>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set(change)
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function toJob(row: Row): Job {
  return {
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: JSON.parse(row.payload_json),
    state: row.state,
    attempts: Number(row.attempts),
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    progress: JSON.parse(row.progress_json) as Record<string, unknown>,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
