import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { openStore } from '../../src/store/store.js';
import { eventually } from '../support/eventually.js';
import { shippedIndex } from '../support/knowledge.js';
import { newKey, storeTargets } from '../support/stores.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

const SHIPPED_ENTRIES = `${shippedIndex().entries.length} entries`;

let server: ServerUnderTest;

beforeAll(async () => {
  server = await startServerUnderTest();
});
afterAll(() => server.close());

describe('operations endpoints', () => {
  it('reports ready when the store answers and knowledge is loaded', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, store: 'ok', knowledge: SHIPPED_ENTRIES });
  });

  it('reports not ready once the store is gone', async () => {
    const other = await startServerUnderTest();
    try {
      await other.running.services.store.close();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ready: false, store: 'unreachable' });
    } finally {
      await other.close().catch(() => {});
    }
  });

  it('exports diagnoses by entry and abstain reason, probe verdicts and job counts as xerofix_ series', async () => {
    await server.running.desk.ask({
      surface: 'web',
      paste: '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"',
    });
    await server.running.desk.ask({ surface: 'web', paste: 'the printer is on fire' });
    await server.connect('metrics@acme.test');
    await server.running.desk.probe('metrics@acme.test');
    await server.running.services.store.jobs.enqueue({
      kind: 'freshdesk-answer',
      dedupeKey: 'm:1',
      payload: {},
    });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/xerofix_diagnoses_total\{surface="web",outcome="xero-401-unauthorized"\} 1/);
    expect(text).toMatch(/xerofix_diagnoses_total\{surface="web",outcome="abstain:[a-z-]+"\} 1/);
    expect(text).toMatch(/xerofix_probe_verdicts_total\{verdict="[a-z-]+"\} 1/);
    expect(text).toMatch(/xerofix_jobs\{kind="freshdesk-answer",state="queued"\} 1/);
    expect(text).toContain('xerofix_process_cpu_seconds_total');
    expect(text).not.toContain('metrics@acme.test');
  });
});

const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('readiness notices a store that cannot write', () => {
  it('goes 503 naming the problem while another process holds the write lock, and 200 once it lets go', async () => {
    const other = await startServerUnderTest();
    const holder = new Sqlite(join(other.dir, 'x.db'));
    try {
      holder.exec('BEGIN IMMEDIATE');
      // Reads still work in WAL mode, so the old read-only ping said "ok" here.
      expect(await readyz(other.url)).toEqual({
        status: 503,
        body: {
          ready: false,
          store: "cannot write: another process holds the database's write lock",
          knowledge: SHIPPED_ENTRIES,
        },
      });
      holder.exec('ROLLBACK');
      await eventually(async () => expect((await readyz(other.url)).status).toBe(200), 10_000);
    } finally {
      holder.close();
      await other.close();
    }
  });

  it('writes at most one probe row however often it is polled', async () => {
    const probeValue = () => {
      const db = new Sqlite(join(server.dir, 'x.db'), { readonly: true });
      try {
        return db.prepare("SELECT value FROM store_meta WHERE name = 'readiness_probe'").pluck().get();
      } finally {
        db.close();
      }
    };
    const seen = new Set<unknown>();
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      expect((await readyz(server.url)).status).toBe(200);
      seen.add(probeValue());
    }
    expect(seen.has(undefined)).toBe(false);
    // One answer stands for two seconds: 20 quick polls see one or two probe writes, not 20.
    expect(seen.size).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 2000) + 2);
  });

  it('on a real full disk: 503 "the disk is full", and 200 again once there is room', async (ctx) => {
    const disk = mkdtempSync(join(tmpdir(), 'xerofix-disk-'));
    if (process.platform !== 'linux' || process.getuid?.() !== 0) {
      rmSync(disk, { recursive: true, force: true });
      return ctx.skip('no real full disk: it needs root on Linux');
    }
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk], { stdio: 'pipe' });
    } catch (err) {
      rmSync(disk, { recursive: true, force: true });
      return ctx.skip(
        `no real full disk: mount is not allowed here (${(err as Error).message.split('\n')[0]})`,
      );
    }
    const other = await startServerUnderTest({ DATABASE_URL: `sqlite:${join(disk, 'data', 'x.db')}` });
    try {
      const fd = openSync(join(disk, 'filler'), 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(64 * 1024, 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      expect(await readyz(other.url)).toMatchObject({
        status: 503,
        body: { ready: false, store: 'cannot write: the disk is full' },
      });
      rmSync(join(disk, 'filler'));
      await eventually(async () => expect((await readyz(other.url)).status).toBe(200), 10_000);
    } finally {
      await other.close();
      execFileSync('umount', ['-l', disk]);
      rmSync(disk, { recursive: true, force: true });
    }
  });
});

describe.each(storeTargets())('the $name store write probe', (target) => {
  it('succeeds on a working store and fails once the store is closed', async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    const database = await target.create();
    try {
      const store = await openStore({ location: database.location, keyRing: parseKeyRing(newKey()) });
      await store.checkWritable();
      await store.checkWritable();
      await store.close();
      await expect(store.checkWritable()).rejects.toThrow();
    } finally {
      await database.dispose();
    }
  });
});

describe.skipIf(storeTargets()[1]?.skipReason)('readiness on PostgreSQL', () => {
  it('reports a write that does not finish in time instead of waiting for it', async () => {
    const target = storeTargets()[1];
    if (!target) throw new Error('no PostgreSQL target');
    const database = await target.create();
    if (database.location.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const other = await startServerUnderTest({ DATABASE_URL: database.location.url });
    const locker = new pg.Client({ connectionString: database.location.url });
    await locker.connect();
    try {
      // EXCLUSIVE lets readers through (the ping) but makes every write wait.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE store_meta IN EXCLUSIVE MODE');
      const started = Date.now();
      expect(await readyz(other.url)).toMatchObject({
        status: 503,
        body: { ready: false, store: 'cannot write: the store did not answer in time' },
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      await locker.query('ROLLBACK');
      await eventually(async () => expect((await readyz(other.url)).status).toBe(200), 10_000);
    } finally {
      await locker.end();
      await other.close();
      await database.dispose();
    }
  });
});
