import Sqlite from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from '../../src/store/statement-cache.js';

// A real in-memory SQLite database, with its prepare counted: the cache exists so that the
// queries Kysely runs again and again are compiled once.

interface Notes {
  notes: { id: Generated<number>; body: string };
}

function countedDatabase() {
  const database = new Sqlite(':memory:');
  const compiled: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((text: string) => {
    compiled.push(text);
    return prepare(text);
  }) as typeof database.prepare;
  database.exec('create table notes (id integer primary key, body text not null)');
  return { database, compiled };
}

describe('compiled statement cache', () => {
  const open: Kysely<Notes>[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
  });

  it('compiles a query Kysely runs again only once, and each run still sees its own parameters', async () => {
    const { database, compiled } = countedDatabase();
    const db = new Kysely<Notes>({
      dialect: new SqliteDialect({ database: cachingStatements(database) }),
    });
    open.push(db);
    for (const body of ['first', 'second', 'third']) await db.insertInto('notes').values({ body }).execute();
    const bodies = await db.selectFrom('notes').select('body').orderBy('id').execute();
    const second = await db.selectFrom('notes').select('body').where('body', '=', 'second').execute();

    expect(bodies.map((r) => r.body)).toEqual(['first', 'second', 'third']);
    expect(second).toEqual([{ body: 'second' }]);
    // One insert shape and two select shapes: three compilations for five queries.
    expect(compiled).toHaveLength(3);
  });

  it('gives a query of its own while the same query is still being iterated', () => {
    const { database } = countedDatabase();
    database.exec("insert into notes (body) values ('a'), ('b')");
    const cache = cachingStatements(database);
    const text = 'select body from notes order by id';
    const seen: string[] = [];
    for (const row of cache.prepare(text).iterate([]) as IterableIterator<{ body: string }>) {
      // The cached statement is busy iterating; reusing it here would throw.
      seen.push(`${row.body}:${cache.prepare(text).all([]).length}`);
    }
    expect(seen).toEqual(['a:2', 'b:2']);
  });

  it('keeps only the most recently used shapes, so varying SQL cannot grow it without bound', () => {
    const { database, compiled } = countedDatabase();
    const cache = cachingStatements(database, 2);
    const one = 'select 1';
    const two = 'select 2';
    const three = 'select 3';
    cache.prepare(one);
    cache.prepare(two);
    cache.prepare(one); // now "two" is the oldest
    cache.prepare(three); // drops "two"
    cache.prepare(one);
    cache.prepare(two); // compiled again
    expect(compiled).toEqual([one, two, three, two]);
    // The cache closes the database it wraps.
    cache.close();
    expect(database.open).toBe(false);
  });
});
