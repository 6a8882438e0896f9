import { Kysely } from 'kysely';
import type { Logger } from '../runtime/logger.js';
import { createDialect, type StoreLocation } from './dialect.js';
import { explainFileError } from './errors.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

/**
 * Connects, migrates and runs `ready` (the key check); on failure closes what was opened. An
 * embedded database's file problems (full disk, read-only, "unable to open database file")
 * come back as a StoreFileError that names the file and the fix.
 */
export async function openDatabase(
  location: StoreLocation,
  log: Logger | undefined,
  ready: (db: Kysely<Database>) => Promise<void>,
): Promise<Kysely<Database>> {
  let db: Kysely<Database> | undefined;
  try {
    db = new Kysely<Database>({ dialect: createDialect(location, log) });
    await migrateToLatest(db);
    await ready(db);
    return db;
  } catch (err) {
    await db?.destroy().catch(() => {});
    if (location.kind !== 'sqlite' || location.path === ':memory:') throw err;
    throw explainFileError(err, { path: location.path, action: 'open the database' });
  }
}
