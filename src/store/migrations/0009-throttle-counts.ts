import type { Kysely, Migration } from 'kysely';

// Throttle counters (wrong admin tokens per client) shared by every instance on the database,
// so N instances allow what one does, not N times as much. A row lives for one window.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export const throttleCounts: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('throttle_counts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('resets_at', 'text', (c) => c.notNull())
      .execute();
    // Windows that ran out are dropped by age.
    await db.schema
      .createIndex('throttle_counts_by_reset')
      .on('throttle_counts')
      .columns(['resets_at'])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('throttle_counts').execute();
  },
};
