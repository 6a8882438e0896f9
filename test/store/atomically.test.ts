import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { openStore, type Store } from '../../src/store/store.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

const connection = (customerKey: string) => ({
  customerKey,
  tenantId: 'tenant-1',
  clientId: 'client',
  clientSecret: new Secret('client-secret'),
  tokenSet: new Secret({ access_token: 'a', refresh_token: 'r' }),
  ownership: 'owned' as const,
});

describe.each(storeTargets())('writes made together in the $name store', (target) => {
  let database: TestDatabase;
  let store: Store;
  const opened: Store[] = [];

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    database = await target.create();
    store = await openStore({ location: database.location, keyRing: parseKeyRing(newKey()) });
    opened.push(store);
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await database.dispose();
  });

  it('all land when the work finishes', async () => {
    const saved = await store.atomically(async (tx) => {
      await tx.claims.claim('connect-invite:1', 'a@b.example');
      return tx.connections.save(connection('a@b.example'));
    });
    expect(await store.claims.isClaimed('connect-invite:1')).toBe(true);
    expect((await store.connections.findByCustomer('a@b.example'))?.id).toBe(saved.id);
  });

  it('none lands when a later write fails', async () => {
    await expect(
      store.atomically(async (tx) => {
        await tx.claims.claim('connect-invite:1', 'a@b.example');
        await tx.connections.save(connection('a@b.example'));
        throw new Error('the event could not be written');
      }),
    ).rejects.toThrow('the event could not be written');
    expect(await store.claims.isClaimed('connect-invite:1')).toBe(false);
    expect(await store.connections.findByCustomer('a@b.example')).toBeUndefined();
  });

  it('lets only one of two at once win a claim made inside them', async () => {
    const attempt = () =>
      store.atomically(async (tx) => {
        if (!(await tx.claims.claim('connect-invite:1', 'x'))) return 'taken';
        await tx.connections.save(connection('a@b.example'));
        return 'won';
      });
    expect((await Promise.all([attempt(), attempt()])).sort()).toEqual(['taken', 'won']);
  });
});
