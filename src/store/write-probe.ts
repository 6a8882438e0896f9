import { type Kysely, sql } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import { SQLITE_BUSY_TIMEOUT_MS, type StoreLocation } from './dialect.js';
import type { Database } from './schema.js';

const NAME = 'readiness_probe';

/**
 * A SQLite probe waits this long for another process's write lock. better-sqlite3 waits on the
 * event loop's thread, so a probe with the full busy timeout could freeze the server for five
 * seconds each time readiness is polled while a CLI command writes.
 */
const PROBE_BUSY_TIMEOUT_MS = 250;

/**
 * Writes one small row (the time of the probe in store_meta), so a full disk, a read-only
 * file system or a read-only replica shows up as a failure here, not first as a failed webhook.
 */
export async function probeWrite(
  db: Kysely<Database>,
  kind: StoreLocation['kind'],
  clock: Clock,
): Promise<void> {
  const upsert = (q: Kysely<Database>) =>
    q
      .insertInto('store_meta')
      .values({ name: NAME, value: new Date(clock()).toISOString() })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
      .execute();
  if (kind !== 'sqlite') {
    await upsert(db);
    return;
  }
  // One connection for the three statements, so no other query runs with the short timeout.
  await db.connection().execute(async (conn) => {
    await sql.raw(`PRAGMA busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`).execute(conn);
    try {
      await upsert(conn);
    } finally {
      await sql.raw(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`).execute(conn);
    }
  });
}
