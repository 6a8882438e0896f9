import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { storeTargets, useStoreTarget } from '../support/stores.js';

const WINDOW = 15 * 60_000;

describe.each(storeTargets())('throttle counts in the $name store', (target) => {
  const { time, open } = useStoreTarget(target);

  it('loses no hit when two instances count the same client at once', async () => {
    const [one, two] = [await open(), await open()];
    const counts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ((i % 2 ? one : two) as Store).throttleCounts.hit('client', WINDOW),
      ),
    );
    expect(counts.map((c) => c.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect((await one.throttleCounts.get('client'))?.hits).toBe(50);
  });

  it('starts a new window once the old one has run out, and forgets run-out windows', async () => {
    const store = await open();
    await store.throttleCounts.hit('client', WINDOW);
    const second = await store.throttleCounts.hit('client', WINDOW);
    expect(second).toEqual({ hits: 2, resetsAt: new Date(Date.parse('2026-01-01T00:15:00Z')) });
    time.now += WINDOW;
    expect(await store.throttleCounts.get('client')).toBeUndefined();
    expect((await store.throttleCounts.hit('client', WINDOW)).hits).toBe(1);
    await store.throttleCounts.hit('other', WINDOW);
    time.now += WINDOW;
    expect(await store.throttleCounts.forgetLapsed()).toBe(2);
  });

  it('takes a hit back, never below zero', async () => {
    const store = await open();
    await store.throttleCounts.hit('client', WINDOW);
    await store.throttleCounts.unhit('client');
    await store.throttleCounts.unhit('client');
    expect((await store.throttleCounts.get('client'))?.hits).toBe(0);
  });
});
