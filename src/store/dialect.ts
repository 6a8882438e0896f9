import { dirname, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { type Dialect, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Logger, silentLogger } from '../runtime/logger.js';
import { secureDataFolder } from './data-folder.js';
import { StoreConfigError } from './errors.js';
import { cachingStatements } from './statement-cache.js';

export { StoreConfigError } from './errors.js';

/**
 * When SQLite's write-ahead log reaches the disk. `normal`: at checkpoints, so a commit survives
 * the process dying at any moment but a power cut or OS crash can lose the latest ones (the file
 * stays consistent). `full`: an fsync on every commit, which better-sqlite3 waits for on the
 * event loop. better-sqlite3 builds SQLite with WAL databases at `normal` by default (while
 * `PRAGMA synchronous` still reads 2), so it is set here either way, in the open.
 */
export type SqliteSynchronous = 'normal' | 'full';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string; readonly synchronous?: SqliteSynchronous }
  | { readonly kind: 'postgres'; readonly url: string };

/** How long a SQLite writer waits for another process's write to finish before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Reads DATABASE_URL: `sqlite:<path>` (relative to cwd) or `postgres://…`. */
export function parseDatabaseUrl(url: string, cwd: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path)
      throw new StoreConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/xerofix.db');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new StoreConfigError(
    'DATABASE_URL must start with sqlite: (e.g. sqlite:./data/xerofix.db) or postgres:// (e.g. postgres://user@host/db)',
  );
}

/** The folder an embedded database keeps its key and files in; undefined for PostgreSQL or memory. */
export function dataFolderOf(location: StoreLocation): string | undefined {
  if (location.kind !== 'sqlite' || location.path === ':memory:') return undefined;
  return dirname(location.path);
}

export function createDialect(location: StoreLocation, log: Logger = silentLogger): Dialect {
  if (location.kind === 'postgres') {
    return new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url, max: 5 }) });
  }
  // The folder holds the generated key and encrypted tokens: owner-only.
  if (location.path !== ':memory:') secureDataFolder(location.path, log);
  const database = new Sqlite(location.path);
  try {
    // WAL lets the web server and a CLI command use the file at the same time; the busy
    // timeout makes a writer wait for the other instead of failing with SQLITE_BUSY.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma(`synchronous = ${location.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  } catch (err) {
    database.close();
    throw err;
  }
  return new SqliteDialect({ database: cachingStatements(database) });
}
