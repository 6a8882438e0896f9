import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { storeTargets, useStoreTarget } from '../support/stores.js';

const LEASE = 60_000;

describe.each(storeTargets())('jobs in the $name store', (target) => {
  const { time, open } = useStoreTarget(target);
  let store: Store;
  const enqueue = (dedupeKey: string, payload: unknown = { n: 1 }) =>
    store.jobs.enqueue({ kind: 'test', dedupeKey, payload });

  beforeEach(async () => {
    store = await open();
  });

  it('stores a job once per dedupe key and returns the first job for a repeat', async () => {
    const first = await enqueue('ticket:1', { ticketId: 1 });
    const again = await enqueue('ticket:1', { ticketId: 999 });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const job = await store.jobs.byDedupeKey('ticket:1');
    expect(job).toMatchObject({ id: first.id, state: 'queued', attempts: 0, payload: { ticketId: 1 } });
  });

  it('keeps one row when two instances enqueue the same key 50 times at once', async () => {
    const other = await open();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? other : store).jobs.enqueue({ kind: 'test', dedupeKey: 'same', payload: { i } }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await store.jobs.counts()).toEqual({ queued: 1, running: 0, done: 0, dead: 0 });
  });

  it('does not hand a job out before its run-after time', async () => {
    await store.jobs.enqueue({
      kind: 'test',
      dedupeKey: 'later',
      payload: null,
      runAfter: new Date(time.now + 5_000),
    });
    expect(await store.jobs.claimDue('a', LEASE, 10)).toEqual([]);
    time.now += 5_000;
    expect((await store.jobs.claimDue('a', LEASE, 10)).map((j) => j.dedupeKey)).toEqual(['later']);
  });

  it('never gives one job to two owners claiming at the same time, and hands out every job', async () => {
    const other = await open();
    for (let i = 0; i < 20; i++) await enqueue(`job:${i}`);
    const claimAll = async (s: Store, owner: string) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await s.jobs.claimDue(owner, LEASE, 3);
        if (batch.length === 0) return mine;
        for (const job of batch) {
          expect(job).toMatchObject({ state: 'running', leaseOwner: owner, attempts: 1 });
          mine.push(job.id);
        }
      }
    };
    const [a, b] = await Promise.all([claimAll(store, 'a'), claimAll(other, 'b')]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(a.length + b.length).toBe(20);
    expect(new Set([...a, ...b]).size).toBe(20);
    expect(await store.jobs.counts()).toMatchObject({ queued: 0, running: 20 });
  });

  it('lets another owner take a job whose lease ran out, and then ignores the old owner', async () => {
    const { id } = await enqueue('crashy');
    await store.jobs.claimDue('a', LEASE, 1);
    expect(await store.jobs.claimDue('b', LEASE, 1)).toEqual([]);
    time.now += LEASE + 1;
    const [taken] = await store.jobs.claimDue('b', LEASE, 1);
    expect(taken).toMatchObject({ id, leaseOwner: 'b', attempts: 2 });
    expect(await store.jobs.complete(id, 'a')).toBe(false);
    expect(await store.jobs.saveProgress(id, 'a', { step: 1 })).toBe(false);
    expect(await store.jobs.extendLease(id, 'a', LEASE)).toBe(false);
    expect(await store.jobs.complete(id, 'b')).toBe(true);
    expect(await store.jobs.get(id)).toMatchObject({ state: 'done', leaseOwner: null, leaseUntil: null });
  });

  it('keeps a job with a renewed lease away from other owners', async () => {
    const { id } = await enqueue('long');
    await store.jobs.claimDue('a', LEASE, 1);
    time.now += LEASE - 1_000;
    expect(await store.jobs.extendLease(id, 'a', LEASE)).toBe(true);
    time.now += 2_000;
    expect(await store.jobs.claimDue('b', LEASE, 1)).toEqual([]);
  });

  it('keeps progress saved by the lease holder for the next attempt', async () => {
    const { id } = await enqueue('steps');
    await store.jobs.claimDue('a', LEASE, 1);
    expect(await store.jobs.saveProgress(id, 'a', { replied: true })).toBe(true);
    await store.jobs.retryLater(id, 'a', 'boom', new Date(time.now));
    const [again] = await store.jobs.claimDue('a', LEASE, 1);
    expect(again?.progress).toEqual({ replied: true });
  });

  it('queues a failed job again at the given time with a clipped error', async () => {
    const { id } = await enqueue('flaky');
    await store.jobs.claimDue('a', LEASE, 1);
    expect(await store.jobs.retryLater(id, 'b', 'not mine', new Date(time.now))).toBe(false);
    expect(await store.jobs.retryLater(id, 'a', 'x'.repeat(2_000), new Date(time.now + 30_000))).toBe(true);
    const job = await store.jobs.get(id);
    expect(job).toMatchObject({ state: 'queued', attempts: 1, leaseOwner: null });
    expect(job?.runAfter).toBe(new Date(time.now + 30_000).toISOString());
    expect(job?.lastError?.length).toBe(500);
    expect(await store.jobs.claimDue('a', LEASE, 1)).toEqual([]);
  });

  it('buries a job as dead, and an admin can revive it with fresh attempts', async () => {
    const { id } = await enqueue('doomed');
    await store.jobs.claimDue('a', LEASE, 1);
    expect(await store.jobs.bury(id, 'a', 'ticket was deleted')).toBe(true);
    expect(await store.jobs.get(id)).toMatchObject({ state: 'dead', lastError: 'ticket was deleted' });
    expect(await store.jobs.claimDue('a', LEASE, 1)).toEqual([]);
    expect(await store.jobs.revive(id)).toBe(true);
    expect(await store.jobs.revive(id)).toBe(false);
    expect(await store.jobs.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await store.jobs.claimDue('a', LEASE, 1)).map((j) => j.id)).toEqual([id]);
  });

  it('takes back the attempt when a job is released unstarted', async () => {
    const { id } = await enqueue('shutdown');
    await store.jobs.claimDue('a', LEASE, 1);
    expect(await store.jobs.release(id, 'b')).toBe(false);
    expect(await store.jobs.release(id, 'a')).toBe(true);
    expect(await store.jobs.get(id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
    expect(await store.jobs.claimDue('b', LEASE, 1)).toHaveLength(1);
  });

  it('counts jobs by state and lists them newest first', async () => {
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three', 'four']) {
      ids.push((await enqueue(name)).id);
      time.now += 1_000;
    }
    const [first, second] = await store.jobs.claimDue('a', LEASE, 2);
    await store.jobs.complete(first?.id ?? '', 'a');
    await store.jobs.bury(second?.id ?? '', 'a', 'no');
    expect(await store.jobs.counts()).toEqual({ queued: 2, running: 0, done: 1, dead: 1 });
    expect((await store.jobs.list({ limit: 10 })).map((j) => j.id)).toEqual([...ids].reverse());
    expect((await store.jobs.list({ state: 'queued', limit: 1 })).map((j) => j.dedupeKey)).toEqual(['four']);
  });
});
