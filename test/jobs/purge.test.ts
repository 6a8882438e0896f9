import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOB_RETENTION, JobPurge } from '../../src/jobs/purge.js';
import type { Store } from '../../src/store/store.js';
import { captureLog } from '../support/capture-log.js';
import { storeTargets, useStoreTarget } from '../support/stores.js';

const DAY = 86_400_000;
const LEASE = 60_000;

describe.each(storeTargets())('purging finished jobs in the $name store', (target) => {
  const { time, open } = useStoreTarget(target);
  let store: Store;
  const purgeOn = (s: Store, owner: string, keepDeadKinds: string[] = []) =>
    new JobPurge(
      { jobs: s.jobs, leases: s.leases, owner, clock: () => time.now, log: captureLog().log },
      { ...DEFAULT_JOB_RETENTION, keepDeadKinds },
    );

  /** Enqueues a job and takes it to `state` now. */
  const finished = async (
    dedupeKey: string,
    state: 'done' | 'dead' | 'running' | 'queued',
    kind = 'test',
  ) => {
    const { id } = await store.jobs.enqueue({ kind, dedupeKey, payload: { secret: 'customer text' } });
    if (state === 'queued') return id;
    const [job] = await store.jobs.claimDue('worker', LEASE, 1);
    expect(job?.id).toBe(id);
    if (state === 'done') await store.jobs.complete(id, 'worker');
    if (state === 'dead') await store.jobs.bury(id, 'worker', 'gave up');
    return id;
  };
  const keys = async () => (await store.jobs.list({ limit: 100 })).map((j) => j.dedupeKey).sort();

  beforeEach(async () => {
    store = await open();
  });

  it('deletes done jobs once they are past the done retention, and keeps younger ones', async () => {
    await finished('old', 'done');
    time.now += 20 * DAY;
    await finished('young', 'done');
    time.now += 10 * DAY + 1; // 'old' is 30 days and a moment old, 'young' 10 days
    const pass = await purgeOn(store, 'a').runOnce();
    expect(pass).toEqual({ led: true, done: 1, dead: 0 });
    expect(await keys()).toEqual(['young']);
  });

  it('still treats a duplicate delivery inside the retention as the same job', async () => {
    const id = await finished('freshdesk-answer:7', 'done');
    time.now += 29 * DAY;
    await purgeOn(store, 'a').runOnce();
    expect(await store.jobs.enqueue({ kind: 'test', dedupeKey: 'freshdesk-answer:7', payload: {} })).toEqual({
      id,
      created: false,
    });
  });

  it('keeps dead jobs for the longer dead retention, and dead jobs of kept kinds for good', async () => {
    await finished('dead-test', 'dead');
    await finished('dead-answer', 'dead', 'freshdesk-answer');
    time.now += 60 * DAY;
    expect((await purgeOn(store, 'a', ['freshdesk-answer']).runOnce()).dead).toBe(0);
    time.now += 30 * DAY + 1;
    expect((await purgeOn(store, 'a', ['freshdesk-answer']).runOnce()).dead).toBe(1);
    expect(await keys()).toEqual(['dead-answer']);
  });

  it('never deletes queued or running jobs, however old', async () => {
    await finished('waiting', 'queued');
    await store.jobs.enqueue({ kind: 'test', dedupeKey: 'taken', payload: {} });
    await store.jobs.claimDue('worker', LEASE, 5);
    time.now += 365 * DAY;
    expect(await purgeOn(store, 'a').runOnce()).toEqual({ led: true, done: 0, dead: 0 });
    expect(await keys()).toEqual(['taken', 'waiting']);
  });

  it('deletes in batches of the given size, oldest first', async () => {
    for (const k of ['a', 'b', 'c']) {
      await finished(k, 'done');
      time.now += 1_000;
    }
    const before = new Date(time.now);
    expect(await store.jobs.purgeFinished({ state: 'done', before, limit: 2 })).toBe(2);
    expect(await keys()).toEqual(['c']);
    expect(await store.jobs.purgeFinished({ state: 'done', before, limit: 2 })).toBe(1);
    expect(await store.jobs.purgeFinished({ state: 'done', before, limit: 2 })).toBe(0);
  });

  it('does not delete a dead job an admin revived', async () => {
    const id = await finished('revived', 'dead');
    time.now += 100 * DAY;
    await store.jobs.revive(id);
    expect(await store.jobs.purgeFinished({ state: 'dead', before: new Date(time.now), limit: 10 })).toBe(0);
    expect((await store.jobs.get(id))?.state).toBe('queued');
  });

  it('purges on one instance at a time: the lease holder', async () => {
    const other = await open();
    await finished('old', 'done');
    time.now += 31 * DAY;
    const [one, two] = [purgeOn(store, 'host-1:1:a'), purgeOn(other, 'host-2:1:b')];
    const passes = await Promise.all([one.runOnce(), two.runOnce()]);
    expect(passes.map((p) => p.led).sort()).toEqual([false, true]);
    expect(passes.reduce((n, p) => n + p.done, 0)).toBe(1);
    await one.stop();
    await two.stop();
    // A stopped holder hands the lease back: the other instance leads the next pass.
    expect((await purgeOn(other, 'host-2:1:b').runOnce()).led).toBe(true);
  });
});
