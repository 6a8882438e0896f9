import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, inject } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import type { StoreLocation } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/store.js';

/** A fresh, empty database of one kind, and how to throw it away. */
export interface TestDatabase {
  readonly location: StoreLocation;
  dispose(): Promise<void>;
}

export interface StoreTarget {
  readonly name: 'sqlite' | 'postgres';
  /** Why the target cannot run here, or undefined when it can. */
  readonly skipReason: string | undefined;
  create(): Promise<TestDatabase>;
}

export const newKey = () => randomBytes(32).toString('base64');

const sqlite: StoreTarget = {
  name: 'sqlite',
  skipReason: undefined,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'xerofix-store-'));
    return {
      location: { kind: 'sqlite', path: join(dir, 'xerofix.db') },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

function postgresTarget(): StoreTarget {
  const url = inject('postgresUrl');
  return {
    name: 'postgres',
    skipReason: url ? undefined : `PostgreSQL unavailable: ${inject('postgresSkipReason')}`,
    async create() {
      if (!url) throw new Error('PostgreSQL unavailable');
      // One database per test, so tests never see each other's rows.
      const name = `t_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return {
        location: { kind: 'postgres', url: url.replace(/\/postgres$/, `/${name}`) },
        dispose: async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          // A closed pool's sessions can linger for a moment on the server. Forcing them out
          // would send their already-closing clients a FATAL nobody listens for, so wait first.
          for (let attempt = 0; ; attempt++) {
            try {
              await c.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 40 ? ' WITH (FORCE)' : ''}`);
              break;
            } catch (err) {
              if ((err as { code?: string }).code !== '55006' || attempt >= 40) throw err;
              await new Promise((r) => setTimeout(r, 50));
            }
          }
          await c.end();
        },
      };
    },
  };
}

/** Both store back-ends, for `describe.each`: the same suite must pass on each. */
export function storeTargets(): StoreTarget[] {
  return [sqlite, postgresTarget()];
}

/** The clock a store test moves by hand: `time.now` in ms, reset to 2026-01-01 before each test. */
export interface TestTime {
  now: number;
}

/**
 * Per test in a `describe.each(storeTargets())` suite: a fresh database (or the target's skip),
 * stores opened on it with one key and the hand-moved clock, all closed and the database
 * disposed after the test.
 */
export function useStoreTarget(target: StoreTarget): { time: TestTime; open: () => Promise<Store> } {
  const time: TestTime = { now: START };
  const key = newKey();
  const opened: Store[] = [];
  let database: TestDatabase;
  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    time.now = START;
    database = await target.create();
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await database.dispose();
  });
  const open = async () => {
    const s = await openStore({
      location: database.location,
      keyRing: parseKeyRing(key),
      clock: () => time.now,
    });
    opened.push(s);
    return s;
  };
  return { time, open };
}

const START = Date.parse('2026-01-01T00:00:00Z');
