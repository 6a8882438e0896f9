import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Clock } from './types.js';

/**
 * Time-limited leadership for singleton tasks across instances sharing one database: the
 * holder renews before it lapses; if it dies, the lease expires and another instance takes it.
 */
export class LeaseRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Takes or renews the lease; true when `owner` holds it until now + ttlMs. */
  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date(this.clock()).toISOString();
    const until = new Date(this.clock() + ttlMs).toISOString();
    const result = await this.db
      .insertInto('leases')
      .values({ name, owner, until })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, until })
          .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.until', '<', now)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
  }

  async holder(name: string): Promise<string | undefined> {
    const now = new Date(this.clock()).toISOString();
    const row = await this.db
      .selectFrom('leases')
      .select('owner')
      .where('name', '=', name)
      .where('until', '>=', now)
      .executeTakeFirst();
    return row?.owner;
  }
}
