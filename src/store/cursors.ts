import type { Kysely } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { Database } from './schema.js';

/** Named positions that must survive restarts, e.g. how far the Freshdesk poller has read. */
export class CursorRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('cursors')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  /** Moves the cursor forward only; an instance with an older view cannot move it back. */
  async advance(name: string, value: string): Promise<void> {
    const at = new Date(this.clock()).toISOString();
    await this.db
      .insertInto('cursors')
      .values({ name, value, updated_at: at })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ value, updated_at: at }).where('cursors.value', '<', value),
      )
      .execute();
  }
}
