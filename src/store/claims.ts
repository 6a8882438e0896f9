import { type Kysely, sql } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { Database } from './schema.js';

/**
 * "Do this once" across retries, restarts and instances: the first caller to claim a key
 * wins, everyone after sees false. Used where the side effect itself cannot be made
 * idempotent (posting a Slack message in a thread, announcing a health change).
 */
export class ClaimRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async claim(key: string, owner: string): Promise<boolean> {
    const result = await this.db
      .insertInto('claims')
      .values({ key, owner, created_at: new Date(this.clock()).toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Claims several keys in one statement (a group commit for hot paths); returns the keys this
   * call won. A key given twice is won at most once.
   */
  async claimMany(keys: readonly string[], owner: string): Promise<Set<string>> {
    const unique = [...new Set(keys)];
    if (!unique.length) return new Set();
    const created_at = new Date(this.clock()).toISOString();
    const rows = await this.db
      .insertInto('claims')
      .values(unique.map((key) => ({ key, owner, created_at })))
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return new Set(rows.map((r) => r.key));
  }

  /** Drops claims under `prefix` made before `beforeMs` (claims that only matter for a while). */
  async forgetOlderThan(prefix: string, beforeMs: number): Promise<void> {
    await this.db
      .deleteFrom('claims')
      // The age first, so the claims_by_time index narrows the rows; then substr instead of
      // LIKE: no escaping or collation rules that differ between SQLite and PostgreSQL.
      .where('created_at', '<', new Date(beforeMs).toISOString())
      .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix)
      .execute();
  }

  /** Whether anyone has claimed `key`. */
  async isClaimed(key: string): Promise<boolean> {
    const row = await this.db.selectFrom('claims').select('key').where('key', '=', key).executeTakeFirst();
    return row !== undefined;
  }

  /** Gives a claim back when the work it guarded failed before doing anything visible. */
  async release(key: string, owner: string): Promise<void> {
    await this.db.deleteFrom('claims').where('key', '=', key).where('owner', '=', owner).execute();
  }
}
