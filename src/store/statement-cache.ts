import type Sqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Statements kept compiled. Kysely's SQLite driver calls `prepare` for every query it runs, and
 * better-sqlite3 compiles the SQL afresh each time: on the Slack path (a replay claim, stored
 * work, a lookup, a done mark per command) compiling cost about as much as running. Kysely
 * writes the same text for the same query shape, so a small cache of recent texts catches
 * nearly all of them; the bound is for shapes that vary, such as multi-row inserts.
 */
export const STATEMENT_CACHE_SIZE = 256;

export function cachingStatements(database: Sqlite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const compiled = new Map<string, Sqlite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = compiled.get(sql);
      // A statement still being iterated (a streamed select) cannot run again until it ends.
      if (statement && !statement.busy) {
        // Most recently used last, so the first key is the one to drop.
        compiled.delete(sql);
        compiled.set(sql, statement);
        return statement;
      }
      const fresh = database.prepare(sql);
      if (statement) return fresh;
      compiled.set(sql, fresh);
      if (compiled.size > size) compiled.delete(compiled.keys().next().value as string);
      return fresh;
    },
  };
}
