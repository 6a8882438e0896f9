import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keeper } from '../../src/keeper/keeper.js';
import { startHarness, type XeroHarness } from '../support/xero-harness.js';

const MINUTE = 60_000;
let h: XeroHarness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** A keeper as one instance would run it, leading only while it holds the shared lease. */
function instance(owner: string): Keeper {
  const ttl = 31 * MINUTE;
  return new Keeper(
    { store: h.store, gateway: h.gateway, refresher: h.refresher, clock: () => h.now, log: h.log },
    {
      intervalMs: 15 * MINUTE,
      leader: {
        acquire: () => h.store.leases.acquire('keeper', owner, ttl),
        release: () => h.store.leases.release('keeper', owner),
      },
      sleep: async () => {},
    },
  );
}

const organisationCalls = () => h.fake.requests.filter((r) => r.path.includes('Organisation')).length;

describe('the keeper across instances', () => {
  it('probes each connection once per pass however many instances run it', async () => {
    await h.connect('a.example');
    await h.connect('b.example', { tenants: ['tenant-beta'] });
    const [one, two] = [instance('host-1'), instance('host-2')];
    const passes = await Promise.all([one.runOnce(), two.runOnce()]);
    expect(passes.map((p) => p.led).sort()).toEqual([false, true]);
    expect(organisationCalls()).toBe(2);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('lets another instance take over once the leader stops or its lease lapses', async () => {
    await h.connect('a.example');
    const [one, two] = [instance('host-1'), instance('host-2')];
    expect((await one.runOnce()).led).toBe(true);
    expect((await two.runOnce()).led).toBe(false);
    h.advance(32 * MINUTE); // host-1 died without a word: its lease lapses
    expect((await two.runOnce()).led).toBe(true);
    await two.stop(); // a graceful stop hands the lease back at once
    expect((await one.runOnce()).led).toBe(true);
    await one.stop();
  });
});
