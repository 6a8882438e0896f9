import type { Kysely, Migration } from 'kysely';

// Finished jobs are purged by age (src/jobs/purge.ts): a done or dead job's updated_at is when
// it finished. Without this index each purge batch would read the whole jobs table.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export const jobsByFinish: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('jobs_by_finish').on('jobs').columns(['state', 'updated_at']).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('jobs_by_finish').execute();
  },
};
