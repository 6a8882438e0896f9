import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XeroGateway } from '../../src/xero/gateway.js';
import { TokenRefresher } from '../../src/xero/token-refresher.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { startHarness, type XeroHarness } from '../support/xero-harness.js';

let h: XeroHarness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expectNoSecrets(h.logLines, h.fake.state.issued);
  await h.close();
});

const tokenCalls = () => h.fake.requests.filter((r) => r.path === '/connect/token').length;
const load = async (customer: string) => {
  const c = await h.store.connections.findByCustomer(customer);
  if (!c) throw new Error('missing');
  return c;
};

describe('token refresher', () => {
  it('makes one refresh call for concurrent refreshes of the same connection', async () => {
    await h.connect('owned.example');
    const c = await load('owned.example');
    const results = await Promise.all([
      h.refresher.refresh(c),
      h.refresher.refresh(c),
      h.refresher.refresh(c),
    ]);
    expect(tokenCalls()).toBe(1);
    expect(new Set(results.map((r) => r.tokenSet.reveal().refresh_token)).size).toBe(1);
  });

  it('lets a second process reuse the first one’s rotation instead of rotating again', async () => {
    await h.connect('owned.example');
    const stale = await load('owned.example');
    const other = new TokenRefresher({
      connections: h.store.connections,
      gateway: h.gateway,
      clock: () => h.now,
      log: h.log,
    });
    const first = await h.refresher.refresh(stale);
    const second = await other.refresh(stale); // read before the first rotation
    expect(tokenCalls()).toBe(1);
    expect(second.tokenSet.reveal().refresh_token).toBe(first.tokenSet.reveal().refresh_token);
  });

  it('waits for another process holding the lease, then uses its result', async () => {
    await h.connect('owned.example');
    const c = await load('owned.example');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = new TokenRefresher({
      connections: h.store.connections,
      gateway: h.gateway,
      clock: () => h.now,
      log: h.log,
      afterXeroAnswered: () => gate,
    });
    const holding = slow.refresh(c);
    await new Promise((r) => setTimeout(r, 100));
    const waiting = h.refresher.refresh(c);
    release();
    const [a, b] = await Promise.all([holding, waiting]);
    expect(tokenCalls()).toBe(1);
    expect(b.tokenVersion).toBe(a.tokenVersion);
  });

  it('stores the rotated token before handing out the new access token', async () => {
    await h.connect('owned.example');
    const c = await load('owned.example');
    const order: string[] = [];
    const spying: XeroGateway = {
      ...h.gateway,
      refresh: async (...args) => {
        const set = await h.gateway.refresh(...args);
        order.push('xero answered');
        return set;
      },
    };
    const saving = h.store.connections.storeRotatedTokens.bind(h.store.connections);
    h.store.connections.storeRotatedTokens = async (...args) => {
      order.push('stored');
      return saving(...args);
    };
    const r = new TokenRefresher({
      connections: h.store.connections,
      gateway: spying,
      clock: () => h.now,
      log: h.log,
    });
    const refreshed = await r.refresh(c);
    order.push('returned');
    expect(order).toEqual(['xero answered', 'stored', 'returned']);
    expect((await load('owned.example')).tokenSet.reveal().access_token).toBe(
      refreshed.tokenSet.reveal().access_token,
    );
  });

  it('never refreshes a shared connection', async () => {
    await h.connect('shared.example', { ownership: 'shared' });
    await expect(h.refresher.refresh(await load('shared.example'))).rejects.toThrow(
      /refusing to refresh shared/,
    );
    expect(tokenCalls()).toBe(0);
  });

  it('releases the lease after a failed refresh so a later attempt can run', async () => {
    await h.connect('owned.example');
    h.fake.state.addApp('CLIENTID0000000000000000000000001'); // secret regenerated
    const c = await load('owned.example');
    await expect(h.refresher.refresh(c)).rejects.toMatchObject({
      code: 'xero.invalid-client',
      retryable: false,
    });
    expect(await h.store.connections.claimRefreshLease(c.id, 'someone', 1000)).toBe(true);
  });
});
