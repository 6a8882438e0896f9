import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { NewConnection } from '../../src/store/types.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

const connection = (over: Partial<NewConnection> = {}): NewConnection => ({
  customerKey: 'Ops@Acme.example',
  tenantId: 'tenant-1',
  tenantName: 'Acme Ltd',
  clientId: 'client-1',
  clientSecret: new Secret('client-secret-value-1'),
  tokenSet: new Secret({
    access_token: 'access-token-1',
    refresh_token: 'refresh-token-1',
    expires_at: 1_800,
  }),
  ownership: 'owned',
  ...over,
});

describe.each(storeTargets())('the $name store', (target) => {
  let database: TestDatabase;
  let store: Store;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const key = newKey();

  const open = (k = key) =>
    openStore({ location: database.location, keyRing: parseKeyRing(k), clock: () => now });

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    database = await target.create();
    store = await open();
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await store.close();
    await database.dispose();
  });

  it('keeps a connection and gives back its secrets only when opened with the key', async () => {
    const saved = await store.connections.save(connection());
    expect(saved.customerKey).toBe('ops@acme.example');
    const found = await store.connections.findByCustomer('OPS@acme.example ');
    expect(found?.clientSecret.reveal()).toBe('client-secret-value-1');
    expect(found?.tokenSet.reveal().refresh_token).toBe('refresh-token-1');
    expect(JSON.stringify(found)).not.toContain('refresh-token-1');
  });

  it('finds a connection stored under a company domain from an email at that domain', async () => {
    await store.connections.save(connection({ customerKey: 'acme.example' }));
    expect((await store.connections.findByCustomer('someone@acme.example'))?.customerKey).toBe(
      'acme.example',
    );
    expect(await store.connections.findByCustomer('someone@other.example')).toBeUndefined();
  });

  it('lists connections without any secret material', async () => {
    await store.connections.save(connection());
    await store.connections.save(connection({ customerKey: 'beta.example', ownership: 'shared' }));
    const list = await store.connections.list();
    expect(list.map((c) => [c.customerKey, c.ownership])).toEqual([
      ['beta.example', 'shared'],
      ['ops@acme.example', 'owned'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/secret-value|token-1/);
  });

  it('replaces a customer connection on save and removes it by customer', async () => {
    await store.connections.save(connection());
    await store.connections.save(connection({ tenantName: 'Acme Two' }));
    expect((await store.connections.list()).map((c) => c.tenantName)).toEqual(['Acme Two']);
    expect(await store.connections.remove('ops@acme.example')).toBe(true);
    expect(await store.connections.remove('ops@acme.example')).toBe(false);
  });

  it('grants the refresh lease to one holder at a time until it expires', async () => {
    const c = await store.connections.save(connection());
    expect(await store.connections.claimRefreshLease(c.id, 'a', 60_000)).toBe(true);
    expect(await store.connections.claimRefreshLease(c.id, 'b', 60_000)).toBe(false);
    now += 61_000;
    expect(await store.connections.claimRefreshLease(c.id, 'b', 60_000)).toBe(true);
  });

  it('writes rotated tokens only from the lease holder at the expected version', async () => {
    const c = await store.connections.save(connection());
    const next = new Secret({ access_token: 'access-2', refresh_token: 'refresh-2', expires_at: 3_600 });
    await store.connections.claimRefreshLease(c.id, 'a', 60_000);
    expect(await store.connections.storeRotatedTokens(c.id, 'b', c.tokenVersion, next)).toBe(false);
    expect(await store.connections.storeRotatedTokens(c.id, 'a', c.tokenVersion, next)).toBe(true);
    expect(await store.connections.storeRotatedTokens(c.id, 'a', c.tokenVersion, next)).toBe(false);
    const after = await store.connections.get(c.id);
    expect(after?.tokenSet.reveal().refresh_token).toBe('refresh-2');
    expect(after?.tokenVersion).toBe(c.tokenVersion + 1);
    expect(after?.accessExpiresAt).toBe('1970-01-01T01:00:00.000Z');
  });

  it('records probe runs newest first, and reports each health change exactly once', async () => {
    const c = await store.connections.save(connection());
    const base = { connectionId: c.id, customerKey: c.customerKey, entry: null, checks: [], durationMs: 3 };
    await store.probeRuns.add({ ...base, verdict: 'healthy', startedAt: now });
    await store.probeRuns.add({ ...base, verdict: 'tenant-forbidden', startedAt: now + 1000 });
    expect((await store.probeRuns.recent(c.customerKey)).map((r) => r.verdict)).toEqual([
      'tenant-forbidden',
      'healthy',
    ]);
    expect(await store.connections.recordProbe(c.id, 'healthy', 'healthy')).toBe('first');
    expect(await store.connections.recordProbe(c.id, 'rate-limited', null)).toBe('same');
    expect(await store.connections.recordProbe(c.id, 'tenant-forbidden', 'broken')).toBe('changed');
    expect(await store.connections.recordProbe(c.id, 'tenant-forbidden', 'broken')).toBe('same');
    expect(await store.connections.get(c.id)).toMatchObject({
      health: 'broken',
      lastVerdict: 'tenant-forbidden',
    });
  });

  it('keeps connection events until they are marked delivered', async () => {
    const c = await store.connections.save(connection());
    const id = await store.events.add({
      connectionId: c.id,
      customerKey: c.customerKey,
      kind: 'became-broken',
      verdict: 'refresh-token-invalid',
      entry: 'xero-401-unauthorized',
    });
    expect((await store.events.undelivered()).map((e) => e.kind)).toEqual(['became-broken']);
    await store.events.markDelivered(id);
    expect(await store.events.undelivered()).toEqual([]);
    expect(await store.events.forConnection(c.id)).toHaveLength(1);
  });

  it('accepts an OAuth state once and not after it expires', async () => {
    await store.oauthStates.put('state-a', 'acme.example', 60_000);
    await store.oauthStates.put('state-b', 'acme.example', 60_000);
    expect(await store.oauthStates.take('state-a')).toBe('acme.example');
    expect(await store.oauthStates.take('state-a')).toBeUndefined();
    now += 61_000;
    expect(await store.oauthStates.take('state-b')).toBeUndefined();
  });

  it('refuses to open with a different key, naming the problem', async () => {
    await store.connections.save(connection());
    await store.close();
    await expect(open(newKey())).rejects.toThrow(/XEROFIX_SECRET_KEY does not open this database/);
    store = await open();
  });

  it('opens old secrets after a key rotation and seals new ones with the new key', async () => {
    await store.connections.save(connection());
    await store.close();
    const rotated = newKey();
    store = await open(`${rotated},${key}`);
    expect((await store.connections.findByCustomer('ops@acme.example'))?.clientSecret.reveal()).toBe(
      'client-secret-value-1',
    );
    await store.connections.save(connection({ customerKey: 'new.example' }));
    await store.close();
    store = await open(rotated);
    expect((await store.connections.findByCustomer('new.example'))?.tokenSet.reveal().access_token).toBe(
      'access-token-1',
    );
  });

  it('re-seals old secrets with the new key so the old key can be retired', async () => {
    await store.connections.save(connection());
    await store.connections.save(connection({ customerKey: 'beta.example' }));
    await store.close();
    const rotated = newKey();
    store = await open(`${rotated},${key}`);
    expect(await store.connections.resealWithCurrentKey()).toBe(2);
    expect(await store.connections.resealWithCurrentKey()).toBe(0);
    await store.close();
    store = await open(rotated);
    const found = await store.connections.findByCustomer('beta.example');
    expect(found?.clientSecret.reveal()).toBe('client-secret-value-1');
  });

  it('runs migrations again without harm', async () => {
    await store.close();
    store = await open();
    expect(await store.connections.list()).toEqual([]);
  });
});
