import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/store/compiled-once.js';

// compiledOnce builds a query's SQL the first time and then only swaps the values. These run it
// on a real SQLite database; the repositories that use it run on PostgreSQL too (store.test.ts,
// jobs.test.ts).

interface Tables {
  notes: { id: string; body: string; kind: string };
}

let db: Kysely<Tables>;
beforeEach(async () => {
  db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text')
    .addColumn('kind', 'text')
    .execute();
});
afterEach(() => db.destroy());

describe('a query compiled once', () => {
  it('builds its SQL once and runs it with each call’s own values, constants kept', async () => {
    let builds = 0;
    const insert = compiledOnce(db as Kysely<unknown>, 2, (id: string, body: string) => {
      builds += 1;
      return db.insertInto('notes').values({ id, body, kind: 'fixed' });
    });
    const byBody = compiledOnce(db as Kysely<unknown>, 1, (body: string) =>
      db.selectFrom('notes').select(['id', 'kind']).where('body', '=', body).where('kind', '=', 'fixed'),
    );
    for (const [id, body] of [
      ['a', 'first'],
      ['b', 'second'],
      ['c', 'first'],
    ]) {
      expect(Number((await insert(id as string, body as string)).numAffectedRows)).toBe(1);
    }
    expect(builds).toBe(1);
    expect((await byBody('first')).rows).toEqual([
      { id: 'a', kind: 'fixed' },
      { id: 'c', kind: 'fixed' },
    ]);
    expect((await byBody('second')).rows).toEqual([{ id: 'b', kind: 'fixed' }]);
    expect((await byBody('none')).rows).toEqual([]);
  });

  it('puts a value used twice in both places', async () => {
    await db.insertInto('notes').values({ id: 'x', body: 'same', kind: 'same' }).execute();
    await db.insertInto('notes').values({ id: 'y', body: 'same', kind: 'other' }).execute();
    const both = compiledOnce(db as Kysely<unknown>, 1, (v: string) =>
      db.selectFrom('notes').select('id').where('body', '=', v).where('kind', '=', v),
    );
    expect((await both('same')).rows).toEqual([{ id: 'x' }]);
  });

  it('refuses, the first time, a value that is written into the SQL instead of bound', async () => {
    const literal = compiledOnce(db as Kysely<unknown>, 1, (v: string) =>
      db.selectFrom('notes').select('id').where('body', '=', sql.lit(v)),
    );
    await expect(async () => literal('x')).rejects.toThrow(/1 of 1 values are not bound parameters/);
  });
});
