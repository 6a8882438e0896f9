import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { type Dialect, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
}

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

export function createDialect(location: StoreLocation): Dialect {
  if (location.kind === 'postgres') {
    return new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url, max: 5 }) });
  }
  // The folder holds the generated key and encrypted tokens: owner-only.
  if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true, mode: 0o700 });
  const database = new Sqlite(location.path);
  // WAL lets the web server and a CLI command use the file at the same time; the busy
  // timeout makes a writer wait for the other instead of failing with SQLITE_BUSY.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database });
}
