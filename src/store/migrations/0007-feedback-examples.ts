import type { Kysely, Migration } from 'kysely';

// The entry an agent said a paste really was (after a 👎 or on a knowledge gap), kept in the
// store first: the server may not be able to write the knowledge folder, and several instances
// may take choices at once. `xerofix kb feedback export` writes them out and sets exported_at.
// A null label is "none of these": the paste stays a gap and is never exported.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export const feedbackExamples: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('feedback_examples')
      .addColumn('lookup_id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text')
      .addColumn('chosen_by', 'text', (c) => c.notNull())
      .addColumn('surface', 'text', (c) => c.notNull())
      .addColumn('paste', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('exported_at', 'text')
      .execute();
    // The export reads the choices not written yet, oldest first.
    await db.schema
      .createIndex('feedback_examples_unexported')
      .on('feedback_examples')
      .columns(['exported_at', 'created_at'])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('feedback_examples').execute();
  },
};
