import type { Kysely } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './schema.js';

/**
 * Time-limited leadership for singleton tasks across instances sharing one database: the
 * holder renews before it lapses; if it dies, the lease expires and another instance takes it.
 */
export class LeaseRepository {
  // Both run once per Slack answer (its done mark), so they are compiled once.
  private readonly take;
  private readonly heldBy;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {
    this.take = compiledOnce(
      db as Kysely<unknown>,
      4,
      (name: string, owner: string, until: string, now: string) =>
        db
          .insertInto('leases')
          .values({ name, owner, until })
          .onConflict((oc) =>
            oc
              .column('name')
              .doUpdateSet({ owner, until })
              .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.until', '<', now)])),
          ),
    );
    this.heldBy = compiledOnce(db as Kysely<unknown>, 2, (name: string, now: string) =>
      db.selectFrom('leases').select('owner').where('name', '=', name).where('until', '>=', now),
    );
  }

  /** Takes or renews the lease; true when `owner` holds it until now + ttlMs. */
  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date(this.clock()).toISOString();
    const until = new Date(this.clock() + ttlMs).toISOString();
    const result = await this.take(name, owner, until, now);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
  }

  /**
   * Drops every lease whose owner `isGone` says has certainly stopped, so it can be taken at
   * once rather than after it lapses. Returns the names dropped.
   */
  async releaseAbandoned(isGone: (owner: string) => boolean): Promise<string[]> {
    const rows = await this.db.selectFrom('leases').select(['name', 'owner']).execute();
    const released: string[] = [];
    for (const { name, owner } of rows) {
      if (!isGone(owner)) continue;
      // Conditional on the owner: a lease someone else took meanwhile stays theirs.
      const result = await this.db
        .deleteFrom('leases')
        .where('name', '=', name)
        .where('owner', '=', owner)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 1) released.push(name);
    }
    return released;
  }

  /**
   * Deletes leases that ran out more than `graceMs` ago. A lapsed lease means nothing (the
   * next acquire overwrites it), but names made per request (Slack work's done marks) would
   * otherwise pile up for ever.
   */
  async forgetLapsed(graceMs: number): Promise<number> {
    const before = new Date(this.clock() - graceMs).toISOString();
    const result = await this.db.deleteFrom('leases').where('until', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async holder(name: string): Promise<string | undefined> {
    const { rows } = await this.heldBy(name, new Date(this.clock()).toISOString());
    return rows[0]?.owner;
  }
}
