import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createDialect, type SqliteSynchronous } from '../../src/store/dialect.js';

// What SQLITE_SYNCHRONOUS promises (README, Operations) rests on the pragma each connection
// runs with; a real database file is opened the way the store opens it and asked.

describe('SQLite durability setting', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function synchronousLevel(synchronous?: SqliteSynchronous): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'xerofix-sync-'));
    dirs.push(dir);
    const location = { kind: 'sqlite' as const, path: join(dir, 'x.db') };
    const db = new Kysely<unknown>({
      dialect: createDialect(synchronous ? { ...location, synchronous } : location),
    });
    try {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      return Number(rows[0]?.synchronous);
    } finally {
      await db.destroy();
    }
  }

  it('syncs the write-ahead log at checkpoints by default, and on every commit when set to full', async () => {
    // SQLite's levels: 1 is NORMAL, 2 is FULL.
    expect(await synchronousLevel()).toBe(1);
    expect(await synchronousLevel('normal')).toBe(1);
    expect(await synchronousLevel('full')).toBe(2);
  });

  it('reads the setting once, defaulting to normal and refusing anything else by name', () => {
    expect(loadConfig({}).store.sqliteSynchronous).toBe('normal');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'full' }).store.sqliteSynchronous).toBe('full');
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(ConfigError);
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});
