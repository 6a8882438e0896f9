import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { feedbackExamples } from './migrations/0007-feedback-examples.js';
import { jobsByFinish } from './migrations/0008-jobs-by-finish.js';
import { throttleCounts } from './migrations/0009-throttle-counts.js';

// Migrations live in code (not files read at run time) so the compiled package carries them.
// Only portable column types (text, integer) are used, so one migration serves both dialects.
// Each feature adds its own numbered migration; never edit one that has shipped.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_key', 'text', (c) => c.notNull().unique())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('tenant_name', 'text')
      .addColumn('tenants_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
      .addColumn('token_set_sealed', 'text', (c) => c.notNull())
      .addColumn('ownership', 'text', (c) => c.notNull())
      .addColumn('access_expires_at', 'text')
      .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('refresh_lease_owner', 'text')
      .addColumn('refresh_lease_until', 'text')
      .addColumn('health', 'text')
      .addColumn('last_verdict', 'text')
      .addColumn('last_probed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('probe_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text')
      .addColumn('customer_key', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('entry', 'text')
      .addColumn('checks_json', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('probe_runs_by_customer')
      .on('probe_runs')
      .columns(['customer_key', 'started_at'])
      .execute();
    await db.schema
      .createTable('connection_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('customer_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('entry', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .execute();
    await db.schema
      .createIndex('connection_events_undelivered')
      .on('connection_events')
      .columns(['delivered_at', 'created_at'])
      .execute();
    await db.schema
      .createTable('oauth_states')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('customer_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('store_meta')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ['store_meta', 'oauth_states', 'connection_events', 'probe_runs', 'connections']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

// What the surfaces (Slack, Freshdesk, web) need: every question asked and how it was
// answered (the gaps come from here), feedback on answers, one-time claims ("this Slack
// message has been answered"), and durable jobs that must survive a crash.
const surfaces: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('lookups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('surface', 'text', (c) => c.notNull())
      .addColumn('paste', 'text', (c) => c.notNull())
      .addColumn('entry', 'text')
      .addColumn('reason', 'text')
      .addColumn('confidence_pm', 'integer', (c) => c.notNull())
      .addColumn('asked_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lookups_by_time').on('lookups').columns(['created_at']).execute();
    await db.schema
      .createTable('feedback')
      .addColumn('lookup_id', 'text', (c) => c.notNull())
      .addColumn('voter', 'text', (c) => c.notNull())
      .addColumn('entry', 'text')
      .addColumn('vote', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('feedback_pk', ['lookup_id', 'voter'])
      .execute();
    await db.schema
      .createTable('claims')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('run_after', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('progress_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_after']).execute();
    await db.schema
      .createTable('cursors')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ['cursors', 'jobs', 'claims', 'feedback', 'lookups']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

// Named leases with an expiry: one instance at a time does a singleton task (the keeper pass).
const leases: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('until', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('leases').execute();
  },
};

// Connections that arrived through a connect link but would replace a stored one wait here,
// sealed, for an agent; events gain a detail (what replaced what, and who confirmed it).
const pendingConnections: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('pending_connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_key', 'text', (c) => c.notNull().unique())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('tenant_name', 'text')
      .addColumn('tenants_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
      .addColumn('token_set_sealed', 'text', (c) => c.notNull())
      .addColumn('ownership', 'text', (c) => c.notNull())
      .addColumn('replaces_connection_id', 'text', (c) => c.notNull())
      .addColumn('replaces_customer_key', 'text', (c) => c.notNull())
      .addColumn('replaces_tenant_id', 'text', (c) => c.notNull())
      .addColumn('replaces_tenant_name', 'text')
      .addColumn('replaces_ownership', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('connection_events').addColumn('detail', 'text').execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('connection_events').dropColumn('detail').execute();
    await db.schema.dropTable('pending_connections').execute();
  },
};

// Knowledge gaps an agent turned into an article: the question and the entry written for it,
// so /gaps stops listing them as open and links to the answer instead.
const gapArticles: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('gap_articles')
      .addColumn('lookup_id', 'text', (c) => c.primaryKey())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('marked_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('gap_articles').execute();
  },
};

// Claims that only matter for a while (Slack request signatures, ended sessions) are
// forgotten by age; without this index each clean-up would read the whole table.
const claimsByTime: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('claims_by_time').on('claims').columns(['created_at']).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('claims_by_time').execute();
  },
};

export const migrations: Record<string, Migration> = {
  '0001_connections_probes_events': initial,
  '0002_lookups_feedback_claims_jobs': surfaces,
  '0003_leases': leases,
  '0004_pending_connections': pendingConnections,
  '0005_gap_articles': gapArticles,
  '0006_claims_by_time': claimsByTime,
  '0007_feedback_examples': feedbackExamples,
  '0008_jobs_by_finish': jobsByFinish,
  '0009_throttle_counts': throttleCounts,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run from several instances at once (Kysely locks). */
export async function migrateToLatest(db: AnyDb): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}
