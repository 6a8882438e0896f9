import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EntryForVerdict, entryForVerdict } from '../../src/core/verdict-codes.js';
import { readEntries } from '../../src/knowledge/load.js';
import { probeCustomer } from '../../src/probe/probe.js';
import type { Logger } from '../../src/runtime/logger.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Ownership } from '../../src/store/types.js';
import { createXeroNodeGateway, type XeroGateway } from '../../src/xero/gateway.js';
import { TokenRefresher } from '../../src/xero/token-refresher.js';
import { captureLog } from './capture-log.js';
import { type FakeXero, startFakeXero } from './fake-xero/server.js';
import { KNOWLEDGE_DIR } from './knowledge.js';
import { newKey } from './stores.js';

export const CLIENT_ID = 'CLIENTID0000000000000000000000001';
export const TIMEOUT_MS = 400;

/** A fake Xero, a store and the real xero-node gateway pointed at it, sharing one movable clock. */
export interface XeroHarness {
  readonly fake: FakeXero;
  readonly store: Store;
  readonly gateway: XeroGateway;
  readonly refresher: TokenRefresher;
  readonly log: Logger;
  /** The shipped knowledge's confirmations: which entry each verdict names. */
  readonly entryFor: EntryForVerdict;
  readonly logLines: string[];
  readonly dir: string;
  readonly key: string;
  clientSecret: string;
  now: number;
  advance(ms: number): void;
  /** Consents in the fake for `tenants` and stores the resulting token set for `customer`. */
  connect(
    customer: string,
    opts?: { tenants?: string[]; storedTenant?: string; scopes?: string[]; ownership?: Ownership },
  ): Promise<void>;
  probe(customer: string): ReturnType<typeof probeCustomer>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<XeroHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'xerofix-xero-'));
  const key = newKey();
  const h = { now: Date.parse('2026-03-10T09:00:00Z') } as XeroHarness;
  const clock = () => h.now;
  const fake = await startFakeXero(clock);
  const { log, lines } = captureLog();
  const store = await openStore({
    location: { kind: 'sqlite', path: join(dir, 'x.db') },
    keyRing: parseKeyRing(key),
    clock,
  });
  const gateway = createXeroNodeGateway({ identityUrl: fake.url, apiUrl: fake.url, timeoutMs: TIMEOUT_MS });
  const refresher = new TokenRefresher({ connections: store.connections, gateway, clock, log });
  const entryFor = entryForVerdict(readEntries(KNOWLEDGE_DIR));
  fake.state.addTenant('tenant-acme', 'Acme Ltd');
  fake.state.addTenant('tenant-beta', 'Beta Pty');
  Object.assign(h, {
    fake,
    store,
    gateway,
    refresher,
    log,
    entryFor,
    logLines: lines,
    dir,
    key,
    clientSecret: fake.state.addApp(CLIENT_ID),
    advance: (ms: number) => {
      h.now += ms;
    },
    async connect(customer: string, opts: Parameters<XeroHarness['connect']>[1] = {}) {
      const tenants = opts.tenants ?? ['tenant-acme'];
      const scopes = opts.scopes ?? ['openid', 'accounting.settings.read', 'offline_access'];
      const { tokens } = fake.state.createGrant(CLIENT_ID, tenants, scopes);
      await store.connections.save({
        customerKey: customer,
        tenantId: opts.storedTenant ?? (tenants[0] as string),
        tenantName: null,
        clientId: CLIENT_ID,
        clientSecret: new Secret(h.clientSecret),
        tokenSet: new Secret({ ...tokens, expires_at: Math.floor(h.now / 1000) + tokens.expires_in }),
        ownership: opts.ownership ?? 'owned',
      });
    },
    probe: (customer: string) => probeCustomer({ store, gateway, refresher, clock, log, entryFor }, customer),
    async close() {
      await store.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  return h;
}
