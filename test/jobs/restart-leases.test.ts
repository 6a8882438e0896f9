import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../src/jobs/handler.js';
import {
  isDeadOwnerOnThisHost,
  newOwnerName,
  parseOwnerName,
  takeBackLeasesOfDeadOwners,
} from '../../src/jobs/owner.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { openStore, type Store } from '../../src/store/store.js';
import { captureLog } from '../support/capture-log.js';
import { eventually } from '../support/eventually.js';
import { type Child, startChild } from '../support/processes.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// A restarted instance takes back, at start-up, the leases its dead predecessor on the same
// host still holds, and never those of a live process or of another host.

const LEASE_MS = 60_000;
const HOST = hostname();

/** The pid of a real process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid as number;
  await new Promise((r) => child.once('exit', r));
  return pid;
}

/** A real process that stays alive until the test ends. */
function livingProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

describe('owner names', () => {
  it('are host:pid:random and differ for every instance, even in one process', () => {
    const a = newOwnerName();
    const b = newOwnerName();
    expect(a).not.toBe(b);
    expect(parseOwnerName(a)).toMatchObject({ host: HOST, pid: process.pid });
    expect(parseOwnerName(a)?.random).toMatch(/^[0-9a-f]{6}$/);
  });

  it('call a pid of this host that has exited dead, and our own pid under another random part', async () => {
    expect(isDeadOwnerOnThisHost(`${HOST}:${await deadPid()}:a1b2c3`)).toBe(true);
    expect(isDeadOwnerOnThisHost(`${HOST}:${process.pid}:a1b2c3`)).toBe(true);
  });

  it('never call dead a live process, another host, another instance of this process, or a name it cannot read', async () => {
    const alive = livingProcess();
    try {
      expect(isDeadOwnerOnThisHost(`${HOST}:${alive.pid}:a1b2c3`)).toBe(false);
      expect(isDeadOwnerOnThisHost(`${HOST}:${process.ppid}:a1b2c3`)).toBe(false);
      // Alive, and not ours to signal unless we are root: EPERM must read as alive.
      expect(isDeadOwnerOnThisHost(`${HOST}:1:a1b2c3`)).toBe(false);
      expect(isDeadOwnerOnThisHost(`other-host.example:${await deadPid()}:a1b2c3`)).toBe(false);
      expect(isDeadOwnerOnThisHost(`other-host.example:${process.pid}:a1b2c3`)).toBe(false);
      expect(isDeadOwnerOnThisHost(newOwnerName())).toBe(false);
      for (const odd of ['runner-1', `${HOST}:0:a1b2c3`, `${HOST}:-1:a1b2c3`, `${HOST}:abc:a1b2c3`, ''])
        expect(isDeadOwnerOnThisHost(odd), odd).toBe(false);
    } finally {
      alive.kill('SIGKILL');
    }
  });
});

describe.each(storeTargets())('taking back leases at restart in the $name store', (target) => {
  let database: TestDatabase;
  let store: Store;
  let log: ReturnType<typeof captureLog>;
  const runners: JobRunner[] = [];
  const children: Child[] = [];
  const key = newKey();

  const enqueue = (dedupeKey: string) => store.jobs.enqueue({ kind: 'work', dedupeKey, payload: {} });
  const runner = (handle: (id: string) => void, owner = newOwnerName()) => {
    const r = new JobRunner({
      jobs: store.jobs,
      owner,
      handlers: { work: defineJob(z.object({}), async (_payload, job) => handle(job.id)) },
      log: log.log,
      leaseMs: LEASE_MS,
      pollMs: 50,
    });
    runners.push(r);
    return r;
  };

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    log = captureLog();
    database = await target.create();
    store = await openStore({ location: database.location, keyRing: parseKeyRing(key) });
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await Promise.all(children.splice(0).map((c) => c.kill()));
    await store.close();
    await database.dispose();
  });

  it('drops leases that lapsed long enough ago, and keeps live ones and ones that just lapsed', async () => {
    // Our own clock: with the real one, "just lapsed" depended on how fast the next query ran
    // (a 1 ms lease taken back within the same millisecond is still live).
    let now = Date.parse('2026-03-01T09:00:00Z');
    const clocked = await openStore({
      location: database.location,
      keyRing: parseKeyRing(key),
      clock: () => now,
    });
    try {
      const { leases } = clocked;
      expect(await leases.acquire('done:old', 'slack-work-done', 1)).toBe(true);
      now += 1500;
      expect(await leases.acquire('done:recent', 'slack-work-done', 1)).toBe(true);
      expect(await leases.acquire('keeper', newOwnerName(), LEASE_MS)).toBe(true);
      now += 2;
      expect(await leases.forgetLapsed(1000)).toBe(1);
      // Only the old one is gone: a new owner can take the just-lapsed one, not the live one.
      expect(await leases.acquire('done:recent', 'someone', LEASE_MS)).toBe(true);
      expect(await leases.acquire('keeper', 'someone', LEASE_MS)).toBe(false);
      expect(await leases.forgetLapsed(0)).toBe(0);
    } finally {
      await clocked.close();
    }
  });

  it('frees the jobs and the keeper lease a dead process of this host held, so they run at once', async () => {
    const dead = `${HOST}:${await deadPid()}:a1b2c3`;
    const restarted = `${HOST}:${process.pid}:d4e5f6`;
    const ids = [(await enqueue('a')).id, (await enqueue('b')).id, (await enqueue('c')).id];
    expect(await store.jobs.claimDue(dead, LEASE_MS, 2)).toHaveLength(2);
    expect(await store.jobs.claimDue(restarted, LEASE_MS, 1)).toHaveLength(1);
    expect(await store.leases.acquire('keeper', dead, LEASE_MS)).toBe(true);

    expect(await takeBackLeasesOfDeadOwners(store, log.log)).toEqual({ jobs: 3, leases: ['keeper'] });

    const owner = newOwnerName();
    expect(await store.leases.acquire('keeper', owner, LEASE_MS)).toBe(true);
    const ran: string[] = [];
    expect(await runner((id) => ran.push(id), owner).runOnce()).toBe(3);
    expect(ran.sort()).toEqual([...ids].sort());
    // The attempt cut short still counts, so a job that kills its process runs out of attempts.
    for (const id of ids) expect((await store.jobs.get(id))?.attempts).toBe(2);
    const said = log.lines.map((l) => JSON.parse(l)).find((l) => /took back leases/.test(l.message));
    expect(said).toMatchObject({ level: 'info', jobs: 3, leases: 'keeper' });
  });

  it('leaves alone the leases of live processes, other hosts and other instances in this process', async () => {
    const alive = livingProcess();
    try {
      const owners = [
        `${HOST}:${alive.pid}:a1b2c3`,
        `other-host.example:${await deadPid()}:a1b2c3`,
        `other-host.example:${process.pid}:a1b2c3`,
        newOwnerName(),
        'runner-1',
      ];
      for (const [i, owner] of owners.entries()) {
        await enqueue(`job-${i}`);
        expect(await store.jobs.claimDue(owner, LEASE_MS, 1)).toHaveLength(1);
        expect(await store.leases.acquire(`lease-${i}`, owner, LEASE_MS)).toBe(true);
      }

      expect(await takeBackLeasesOfDeadOwners(store, log.log)).toEqual({ jobs: 0, leases: [] });

      const running = await store.jobs.list({ state: 'running', limit: 10 });
      expect(running.map((j) => j.leaseOwner).sort()).toEqual([...owners].sort());
      for (const [i, owner] of owners.entries()) expect(await store.leases.holder(`lease-${i}`)).toBe(owner);
      expect(await runner(() => {}).runOnce()).toBe(0);
      expect(log.lines.join('\n')).not.toMatch(/took back/);
    } finally {
      alive.kill('SIGKILL');
    }
  });

  it('runs a job within seconds after the process that had claimed it is killed, not after its 60 s lease', async () => {
    const { id } = await enqueue('crash');
    const child = await claimInChild(database);
    children.push(child);
    const owner = /claimed by (\S+)/.exec(child.output())?.[1] ?? '';
    expect(parseOwnerName(owner)).toMatchObject({ host: HOST });
    expect((await store.jobs.get(id))?.leaseOwner).toBe(owner);
    expect(await store.leases.holder('keeper')).toBe(owner);

    await child.kill();
    const restartedAt = performance.now();
    await takeBackLeasesOfDeadOwners(store, log.log);
    let ranAt = 0;
    runner(() => {
      ranAt = performance.now();
    }).start();
    await eventually(async () => expect((await store.jobs.get(id))?.state).toBe('done'), 10_000);
    const waited = ranAt - restartedAt;
    console.info(
      `[restart-leases] ${target.name}: the killed process's job ran ${Math.round(waited)} ms after restart`,
    );
    expect(waited).toBeLessThan(5_000);
    expect(await store.leases.acquire('keeper', newOwnerName(), LEASE_MS)).toBe(true);
  });
});

/**
 * A separate process (the compiled runner and store in dist/, as `npm test` builds them) that
 * claims the due job and the keeper lease under a host:pid:random name, then hangs in the
 * handler until it is killed.
 */
async function claimInChild(database: TestDatabase): Promise<Child> {
  const dist = resolve('dist/src');
  const code = `
    import { randomBytes } from 'node:crypto';
    import { hostname } from 'node:os';
    import { pathToFileURL } from 'node:url';
    import { Kysely } from 'kysely';
    import { z } from 'zod';
    const [dist, location] = process.argv.slice(1);
    const load = (file) => import(pathToFileURL(dist + '/' + file).href);
    const { createDialect } = await load('store/dialect.js');
    const { JobRepository } = await load('store/jobs.js');
    const { LeaseRepository } = await load('store/leases.js');
    const { JobRunner } = await load('jobs/runner.js');
    const { defineJob } = await load('jobs/handler.js');
    const db = new Kysely({ dialect: createDialect(JSON.parse(location)) });
    const owner = hostname() + ':' + process.pid + ':' + randomBytes(3).toString('hex');
    await new LeaseRepository(db, Date.now).acquire('keeper', owner, ${LEASE_MS});
    const log = { info() {}, warn() {}, error: (m) => console.error(m) };
    new JobRunner({
      jobs: new JobRepository(db, Date.now),
      owner,
      log,
      leaseMs: ${LEASE_MS},
      pollMs: 50,
      handlers: {
        work: defineJob(z.object({}), () => { console.log('claimed by ' + owner); return new Promise(() => {}); }),
      },
    }).start();
  `;
  return startChild(code, [dist, JSON.stringify(database.location)], {}, 0, 'claimed by', [
    '--input-type=module',
    '-e',
  ]);
}
