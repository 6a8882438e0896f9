import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keeper } from '../../src/keeper/keeper.js';
import { RateBudget } from '../../src/keeper/rate-budget.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { startHarness, type XeroHarness } from '../support/xero-harness.js';

const MINUTE = 60_000;
let h: XeroHarness;
let keeper: Keeper;
const sleeps: number[] = [];

beforeEach(async () => {
  h = await startHarness();
  sleeps.length = 0;
  const clock = () => h.now;
  keeper = new Keeper(
    { store: h.store, gateway: h.gateway, refresher: h.refresher, clock, log: h.log, entryFor: h.entryFor },
    {
      intervalMs: 15 * MINUTE,
      sleep: async (ms) => {
        sleeps.push(ms);
        h.advance(ms);
      },
    },
  );
});
afterEach(async () => {
  expectNoSecrets(h.logLines, h.fake.state.issued);
  await keeper.stop();
  await h.close();
});

const tokenCalls = () => h.fake.requests.filter((r) => r.path === '/connect/token').length;

describe('keeper', () => {
  it('renews an owned token that would lapse before the next pass, and leaves shared ones alone', async () => {
    await h.connect('owned.example');
    await h.connect('shared.example', { ownership: 'shared', tenants: ['tenant-beta'] });
    h.advance(15 * MINUTE); // 15 minutes left: less than interval + margin
    const before = await h.store.connections.findByCustomer('owned.example');
    const pass = await keeper.runOnce();
    expect(pass.verdicts).toEqual({ 'owned.example': 'healthy', 'shared.example': 'healthy' });
    expect(tokenCalls()).toBe(1);
    const after = await h.store.connections.findByCustomer('owned.example');
    expect(after?.tokenVersion).toBe((before?.tokenVersion ?? 0) + 1);
    expect(Date.parse(after?.accessExpiresAt ?? '')).toBe(h.now + 30 * MINUTE);
  });

  it('keeps an owned connection alive across days of passes', async () => {
    await h.connect('owned.example');
    for (let i = 0; i < 4 * 24 * 3; i++) {
      const pass = await keeper.runOnce();
      expect(pass.verdicts['owned.example']).toBe('healthy');
      h.advance(15 * MINUTE);
    }
  });

  it('stores a connection event when a connection breaks and when it recovers', async () => {
    await h.connect('flip.example');
    const pass = async () => {
      await keeper.runOnce();
      h.advance(15 * MINUTE);
    };
    await pass();
    h.fake.setTenantMode('tenant-acme', 'forbidden');
    await pass();
    await pass(); // still broken: no second event
    h.fake.setTenantMode('tenant-acme', 'ok');
    await pass();
    const events = await h.store.events.undelivered();
    expect(events.map((e) => [e.kind, e.verdict, e.entry])).toEqual([
      ['became-broken', 'tenant-forbidden', 'xero-403-forbidden'],
      ['became-healthy', 'healthy', null],
    ]);
  });

  it('does not treat a rate limit or an outage as a health change', async () => {
    await h.connect('busy.example');
    await keeper.runOnce();
    h.fake.setTenantMode('tenant-acme', 'unavailable');
    await keeper.runOnce();
    expect(await h.store.events.undelivered()).toEqual([]);
    expect((await h.store.connections.findByCustomer('busy.example'))?.health).toBe('healthy');
  });

  it('leaves a rate-limited organisation alone until Retry-After has passed', async () => {
    await h.connect('busy.example');
    await h.connect('calm.example', { tenants: ['tenant-beta'] });
    h.fake.setTenantMode('tenant-acme', 'rate-limited'); // Retry-After: 42
    expect((await keeper.runOnce()).verdicts['busy.example']).toBe('rate-limited');
    h.fake.setTenantMode('tenant-acme', 'ok');
    const calls = h.fake.requests.length;
    const second = await keeper.runOnce();
    expect(second.deferred).toEqual(['busy.example']);
    expect(second.verdicts['calm.example']).toBe('healthy');
    expect(h.fake.requests.length - calls).toBe(2); // only calm.example's two calls
    h.advance(43_000);
    expect((await keeper.runOnce()).verdicts['busy.example']).toBe('healthy');
  });

  it('pauses every organisation when the app-wide minute limit is hit', async () => {
    await h.connect('first.example');
    await h.connect('second.example', { tenants: ['tenant-beta'] });
    h.fake.setTenantMode('tenant-acme', 'app-limited'); // Retry-After: 20, appminute
    const first = await keeper.runOnce();
    expect(first.verdicts['first.example']).toBe('rate-limited');
    expect(first.deferred).toEqual(['second.example']);
    h.fake.setTenantMode('tenant-acme', 'ok');
    h.advance(21_000);
    expect(Object.values((await keeper.runOnce()).verdicts)).toEqual(['healthy', 'healthy']);
  });

  it('paces itself under the per-organisation limit instead of earning a 429', async () => {
    // 20 customers on one organisation: 80 calls' worth a pass, over the 60-a-minute limit.
    for (let i = 0; i < 20; i++) await h.connect(`c${i}.example`);
    const pass = await keeper.runOnce();
    expect(Object.values(pass.verdicts).every((v) => v === 'healthy')).toBe(true);
    expect(sleeps.length).toBeGreaterThan(0);
  });

  it('carries on past a connection it cannot read', async () => {
    await h.connect('good.example');
    const failing = { ...h.gateway, listConnections: async () => Promise.reject(new Error('boom')) };
    const k = new Keeper(
      { store: h.store, gateway: failing, refresher: h.refresher, clock: () => h.now, log: h.log },
      { intervalMs: MINUTE },
    );
    const pass = await k.runOnce();
    expect(pass.failed).toEqual(['good.example']);
    expect(h.logLines.some((l) => l.includes('keeper could not probe'))).toBe(true);
  });
});

describe('rate budget', () => {
  it('says how long to wait for room in the one-minute window', () => {
    let now = 0;
    const budget = new RateBudget(60, () => now);
    budget.spend(58);
    expect(budget.waitFor(2)).toBe(0);
    expect(budget.waitFor(4)).toBe(60_000);
    now = 60_000;
    expect(budget.waitFor(60)).toBe(0);
  });
});
