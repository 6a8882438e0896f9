import type { Kysely } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { Database } from './schema.js';

export interface ThrottleCount {
  readonly hits: number;
  readonly resetsAt: Date;
}

/**
 * Fixed-window request counters kept in the store, so every instance on the database counts
 * against the same limit (the web layer's express-rate-limit store sits on this). Each change is
 * one statement, so two instances counting the same client at once never lose a hit.
 */
export class ThrottleCountRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit against `key`; a window that has run out starts again with this hit. */
  async hit(key: string, windowMs: number): Promise<ThrottleCount> {
    const now = new Date(this.clock()).toISOString();
    const resetsAt = new Date(this.clock() + windowMs).toISOString();
    const row = await this.db
      .insertInto('throttle_counts')
      .values({ key, hits: 1, resets_at: resetsAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => {
          // Both expressions read the row as it was before this statement.
          const lapsed = eb('throttle_counts.resets_at', '<=', now);
          return {
            hits: eb
              .case()
              .when(lapsed)
              .then(1)
              .else(eb('throttle_counts.hits', '+', 1))
              .end(),
            resets_at: eb.case().when(lapsed).then(resetsAt).else(eb.ref('throttle_counts.resets_at')).end(),
          };
        }),
      )
      .returning(['hits', 'resets_at'])
      .executeTakeFirstOrThrow();
    return { hits: Number(row.hits), resetsAt: new Date(row.resets_at) };
  }

  /** Takes back one hit (a request that turned out not to count, such as a good sign-in). */
  async unhit(key: string): Promise<void> {
    await this.db
      .updateTable('throttle_counts')
      .set((eb) => ({ hits: eb('hits', '-', 1) }))
      .where('key', '=', key)
      .where('hits', '>', 0)
      .execute();
  }

  /** The count in the current window, or undefined when there is none. */
  async get(key: string): Promise<ThrottleCount | undefined> {
    const now = new Date(this.clock()).toISOString();
    const row = await this.db
      .selectFrom('throttle_counts')
      .select(['hits', 'resets_at'])
      .where('key', '=', key)
      .where('resets_at', '>', now)
      .executeTakeFirst();
    return row && { hits: Number(row.hits), resetsAt: new Date(row.resets_at) };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('throttle_counts').where('key', '=', key).execute();
  }

  /** Drops windows that have run out; they would only start again from one. */
  async forgetLapsed(): Promise<number> {
    const now = new Date(this.clock()).toISOString();
    const result = await this.db
      .deleteFrom('throttle_counts')
      .where('resets_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
