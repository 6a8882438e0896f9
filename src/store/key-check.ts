import Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { SecretCipher } from '../secrets/cipher.js';
import { SecretKeyError } from '../secrets/errors.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './dialect.js';
import type { Database } from './schema.js';

const NAME = 'key_check';
const CONTEXT = 'store:key_check';
const PLAIN = 'xerofix key check';

/**
 * Seals a known value on first start and opens it on every start after, so a wrong
 * XEROFIX_SECRET_KEY fails at start-up with one clear message, not later in the middle of a
 * probe. After a rotation the check value is re-sealed with the new key.
 */
export async function verifyStoreKey(db: Kysely<Database>, cipher: SecretCipher): Promise<void> {
  const read = () => db.selectFrom('store_meta').select('value').where('name', '=', NAME).executeTakeFirst();
  let row = await read();
  if (!row) {
    await db
      .insertInto('store_meta')
      .values({ name: NAME, value: cipher.seal(PLAIN, CONTEXT) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    // Read it back: when two first starts race, the other's value may be the one that stayed,
    // and it must open with this key too.
    row = await read();
    if (!row) throw new SecretKeyError('The store key check value could not be saved.');
  }
  let opened: string;
  try {
    opened = cipher.open(row.value, CONTEXT);
  } catch (err) {
    throw new SecretKeyError(
      `XEROFIX_SECRET_KEY does not open this database's secrets. ${(err as Error).message} ` +
        'Restore the key the data was sealed with (a new key goes first, the old one after a comma).',
    );
  }
  if (opened !== PLAIN) throw new SecretKeyError('The store key check value is corrupt.');
  if (cipher.isStale(row.value)) {
    await db
      .updateTable('store_meta')
      .set({ value: cipher.seal(PLAIN, CONTEXT) })
      .where('name', '=', NAME)
      .execute();
  }
}

/**
 * Runs `body` while holding the SQLite database's write lock, but only if no key has ever been
 * used with this database; returns undefined, without running it, otherwise.
 *
 * "Never" is provable: every store records the key check above before anything can be sealed,
 * so a database without it holds nothing sealed. Any row in a `*_sealed` column also counts,
 * in case the check row was removed by hand. Holding the write lock while `body` runs keeps
 * another process from keying the database in between.
 */
export function whileSqliteNeverKeyed<T>(path: string, body: () => T): T | undefined {
  const db = new Sqlite(path, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.exec('BEGIN IMMEDIATE');
    try {
      return neverKeyed(db) ? body() : undefined;
    } finally {
      db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}

function neverKeyed(db: Sqlite.Database): boolean {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    if (table === 'store_meta' && db.prepare(`SELECT 1 FROM ${quoted} WHERE name = ?`).get(NAME)) {
      return false;
    }
    const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
    for (const column of columns.filter((c) => c.endsWith('_sealed'))) {
      const quotedColumn = `"${column.replaceAll('"', '""')}"`;
      if (db.prepare(`SELECT 1 FROM ${quoted} WHERE ${quotedColumn} IS NOT NULL LIMIT 1`).get()) return false;
    }
  }
  return true;
}
