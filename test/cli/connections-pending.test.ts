import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drainAlerts } from '../../src/alerts/outbox.js';
import { runCli } from '../../src/cli/main.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { arrivalKind, confirmPending } from '../../src/store/pending-connections.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { ConnectionSummary, NewConnection } from '../../src/store/types.js';
import { verifyInvite } from '../../src/web/invite.js';
import { captureLog, expectNoSecrets } from '../support/capture-log.js';
import { type FakeXero, startFakeXero } from '../support/fake-xero/server.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

const connection = (over: Partial<NewConnection> = {}): NewConnection => ({
  customerKey: 'ops@acme.example',
  tenantId: 'tenant-acme',
  tenantName: 'Acme Ltd',
  clientId: 'client-1',
  clientSecret: new Secret('client-secret-stored-1'),
  tokenSet: new Secret({
    access_token: 'access-stored-1',
    refresh_token: 'refresh-stored-1',
    expires_at: 1_800,
  }),
  ownership: 'shared',
  ...over,
});

const arrival = (over: Partial<NewConnection> = {}): NewConnection =>
  connection({
    tenantId: 'tenant-beta',
    tenantName: 'Beta Pty',
    clientId: 'client-connect',
    clientSecret: new Secret('client-secret-arrived-1'),
    tokenSet: new Secret({
      access_token: 'access-arrived-1',
      refresh_token: 'refresh-arrived-1',
      expires_at: 3_600,
    }),
    ownership: 'owned',
    ...over,
  });

const SECRETS = [
  'client-secret-stored-1',
  'refresh-stored-1',
  'access-stored-1',
  'client-secret-arrived-1',
  'access-arrived-1',
  'refresh-arrived-1',
];

describe('xerofix connections: pending replacements', () => {
  let dir: string;
  let key: string;
  let store: Store;
  const seen: string[] = [];
  // Discarding revokes at Xero: this one, never the internet.
  let xero: FakeXero;
  beforeAll(async () => {
    xero = await startFakeXero();
    xero.state.addApp('client-connect', 'client-secret-arrived-1');
  });
  afterAll(() => xero.close());

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    DATABASE_URL: `sqlite:${join(dir, 'data', 'x.db')}`,
    XEROFIX_SECRET_KEY: key,
    XERO_IDENTITY_URL: xero.url,
    XERO_API_URL: xero.url,
    LOG_LEVEL: 'silent',
    ...extra,
  });

  /** The CLI in-process, as `xerofix …` runs it, with its output captured. */
  async function cli(args: string[], extra?: Record<string, string>) {
    let stdout = '';
    let stderr = '';
    const stdin = new PassThrough();
    stdin.end();
    const code = await runCli(args, {
      stdin,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: env(extra),
      cwd: dir,
    });
    seen.push(stdout, stderr);
    return { code, stdout, stderr };
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xerofix-pending-cli-'));
    key = newKey();
    seen.length = 0;
    store = await openStore({
      location: { kind: 'sqlite', path: join(dir, 'data', 'x.db') },
      keyRing: parseKeyRing(key),
    });
  });
  afterEach(async () => {
    expectNoSecrets(seen, [...SECRETS, key]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function held(customer = 'ops@acme.example') {
    const stored = await store.connections.save(connection({ customerKey: customer }));
    await store.pendingConnections.hold(arrival({ customerKey: customer }), stored);
    return stored;
  }

  it('lists a pending replacement beside the connection it would replace, in text and JSON', async () => {
    const stored = await held();
    const text = await cli(['connections', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ops@acme\.example\tshared\tAcme Ltd \(tenant-acme\)\tunchecked\t-$/m);
    expect(text.stdout).toMatch(
      /^ops@acme\.example\tpending\tBeta Pty \(tenant-beta\)\treplaces Acme Ltd \(tenant-acme, shared\)\treceived \d{4}-/m,
    );
    expect(text.stderr).toContain('xerofix connections confirm CUSTOMER');
    const json = JSON.parse((await cli(['connections', 'list', '--json'])).stdout);
    expect(json).toEqual([
      expect.objectContaining({
        id: stored.id,
        tenantId: 'tenant-acme',
        pendingReplacement: expect.objectContaining({ tenantId: 'tenant-beta', ownership: 'owned' }),
      }),
    ]);
  });

  it('confirms: the arrived connection replaces the stored one, once, and the replacement is on record', async () => {
    const stored = await held();
    const confirmed = await cli(['connections', 'confirm', 'OPS@acme.example']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(
      'Confirmed: ops@acme.example now uses Beta Pty (tenant-beta, owned), replacing Acme Ltd (tenant-acme, shared).',
    );
    const now = await store.connections.findByCustomer('ops@acme.example');
    expect(now).toMatchObject({
      id: stored.id,
      tenantId: 'tenant-beta',
      ownership: 'owned',
      clientId: 'client-connect',
    });
    expect(now?.tokenSet.reveal().refresh_token).toBe('refresh-arrived-1');
    expect(now?.clientSecret.reveal()).toBe('client-secret-arrived-1');
    const events = await store.events.forConnection(stored.id);
    expect(events.map((e) => [e.kind, e.detail])).toEqual([
      [
        'replaced',
        'Acme Ltd (tenant-acme, shared) → Beta Pty (tenant-beta, owned); confirmed by an agent in the CLI',
      ],
    ]);
    const again = await cli(['connections', 'confirm', 'ops@acme.example']);
    expect([again.code, again.stderr]).toEqual([
      1,
      expect.stringMatching(/no pending connection for ops@acme\.example/),
    ]);
  });

  it('discards: the stored connection stays untouched, and the decision is on record', async () => {
    const stored = await held();
    const discarded = await cli(['connections', 'discard', 'ops@acme.example']);
    expect(discarded.code).toBe(0);
    expect(discarded.stdout).toContain('ops@acme.example keeps Acme Ltd (tenant-acme, shared)');
    expect(discarded.stdout).toContain('Its tokens were revoked at Xero.');
    expect(xero.revocations).toContainEqual({
      clientId: 'client-connect',
      refreshToken: 'refresh-arrived-1',
    });
    const now = await store.connections.findByCustomer('ops@acme.example');
    expect(now).toMatchObject({ tenantId: 'tenant-acme', ownership: 'shared', tokenVersion: 0 });
    expect(now?.tokenSet.reveal().refresh_token).toBe('refresh-stored-1');
    expect(await store.pendingConnections.list()).toEqual([]);
    expect((await store.events.forConnection(stored.id)).map((e) => e.kind)).toEqual([
      'replacement-discarded',
    ]);
  });

  it('drops a pending replacement with the connection it would have replaced, and revokes its tokens at Xero', async () => {
    await held();
    const removed = await cli(['connections', 'remove', 'ops@acme.example']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Also dropped 1 pending connection(s)');
    expect(removed.stdout).toContain(
      'The tokens of the pending connection to Beta Pty (tenant-beta, owned) were revoked at Xero.',
    );
    expect(xero.revocations).toContainEqual({
      clientId: 'client-connect',
      refreshToken: 'refresh-arrived-1',
    });
    expect(await store.pendingConnections.list()).toEqual([]);
  });

  it('still removes the connection when Xero refuses to revoke the dropped replacement, and says so', async () => {
    await held();
    xero.revocationStatus = 503;
    const removed = await cli(['connections', 'remove', 'ops@acme.example']).finally(() => {
      xero.revocationStatus = undefined;
    });
    expect(removed.code).toBe(0);
    expect(await store.connections.findByCustomer('ops@acme.example')).toBeUndefined();
    expect(removed.stderr).toMatch(/could not be told to revoke the tokens of the pending connection/);
  });

  it('records a connection replaced by hand with connections add, and says what it replaced', async () => {
    const stored = await store.connections.save(connection());
    const tokenFile = join(dir, 'token.json');
    writeFileSync(
      tokenFile,
      JSON.stringify({ access_token: 'access-by-hand-1', refresh_token: 'refresh-by-hand-1' }),
    );
    const secretFile = join(dir, 'secret.txt');
    writeFileSync(secretFile, 'client-secret-by-hand-1\n');
    seen.push('access-by-hand-1');
    const added = await cli([
      'connections',
      'add',
      '--customer',
      'ops@acme.example',
      '--tenant-id',
      'tenant-beta',
      '--client-id',
      'client-2',
      '--client-secret-file',
      secretFile,
      '--token-file',
      tokenFile,
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      'Replaced the connection for ops@acme.example: it was Acme Ltd (tenant-acme, shared).',
    );
    const [event] = await store.events.forConnection(stored.id);
    expect(event).toMatchObject({ kind: 'replaced' });
    expect(event?.detail).toMatch(
      /^Acme Ltd \(tenant-acme, shared\) → unnamed organisation \(tenant-beta, owned\); by an agent/,
    );
  });

  it('re-seals pending secrets with rekey, so the old key can go', async () => {
    await held();
    const rotated = newKey();
    const rekeyed = await cli(['connections', 'rekey'], { XEROFIX_SECRET_KEY: `${rotated},${key}` });
    expect([rekeyed.code, rekeyed.stdout]).toEqual([0, expect.stringMatching(/^Re-sealed 2 connection/)]);
    const confirmed = await cli(['connections', 'confirm', 'ops@acme.example'], {
      XEROFIX_SECRET_KEY: rotated,
    });
    expect(confirmed.code).toBe(0);
  });

  describe('invite', () => {
    const flowOn = {
      XERO_CLIENT_ID: 'client-connect',
      XERO_CLIENT_SECRET: 'client-secret-arrived-1',
      PUBLIC_URL: 'https://support.example.com',
    };

    it('refuses while the connect flow is off, naming the settings, before touching the store', async () => {
      const elsewhere = join(dir, 'never', 'x.db');
      const off = await cli(['connections', 'invite', 'ops@acme.example'], {
        PUBLIC_URL: flowOn.PUBLIC_URL,
        DATABASE_URL: `sqlite:${elsewhere}`,
      });
      expect(off.code).toBe(78);
      expect(off.stdout).toBe('');
      expect(off.stderr).toMatch(/^xerofix: cannot make a connect link: the Xero connect flow is off/);
      expect(off.stderr).toContain('XERO_CLIENT_ID and XERO_CLIENT_SECRET');
      expect(off.stderr).not.toContain('PUBLIC_URL');
      expect(existsSync(elsewhere)).toBe(false);
      const halfSet = await cli(['connections', 'invite', 'ops@acme.example'], {
        PUBLIC_URL: flowOn.PUBLIC_URL,
        XERO_CLIENT_ID: flowOn.XERO_CLIENT_ID,
      });
      expect([halfSet.code, halfSet.stdout]).toEqual([78, '']);
    });

    it('refuses without PUBLIC_URL, which the link and the Xero redirect are built from', async () => {
      const noUrl = await cli(['connections', 'invite', 'ops@acme.example'], {
        XERO_CLIENT_ID: flowOn.XERO_CLIENT_ID,
        XERO_CLIENT_SECRET: flowOn.XERO_CLIENT_SECRET,
      });
      expect([noUrl.code, noUrl.stdout]).toEqual([78, '']);
      expect(noUrl.stderr).toMatch(
        /PUBLIC_URL is not set \(set it to the address customers reach this server on/,
      );
      expect(noUrl.stderr).not.toContain('XERO_CLIENT_ID');
      const neither = await cli(['connections', 'invite', 'ops@acme.example']);
      expect(neither.stderr).toMatch(/XERO_CLIENT_ID[\s\S]*PUBLIC_URL/);
    });

    it('prints a single-use link once the flow is on', async () => {
      const made = await cli(['connections', 'invite', 'ops@acme.example'], flowOn);
      expect(made.code).toBe(0);
      const link = new URL(made.stdout.trim());
      expect(`${link.origin}${link.pathname}`).toBe('https://support.example.com/xero/connect');
      expect(made.stderr).toMatch(/it works once and expires/);
      const check = verifyInvite(parseKeyRing(key), link.searchParams.get('invite') ?? '', Date.now());
      expect(check).toMatchObject({ ok: true, invite: { customer: 'ops@acme.example' } });
    });
  });
});

describe('what a connect link may do unasked', () => {
  const stored = (over: Partial<ConnectionSummary> = {}) =>
    ({ customerKey: 'ops@acme.example', tenantId: 't1', ownership: 'owned', ...over }) as ConnectionSummary;
  const incoming = { customerKey: 'Ops@Acme.example', tenantId: 't1', ownership: 'owned' } as const;

  it('connects when nothing is stored and reconnects only the same organisation, key and ownership', () => {
    expect(arrivalKind(undefined, incoming)).toBe('new');
    expect(arrivalKind(stored(), incoming)).toBe('reconnect');
    expect(arrivalKind(stored({ tenantId: 't2' }), incoming)).toBe('replacement');
    expect(arrivalKind(stored({ ownership: 'shared' }), incoming)).toBe('replacement');
    expect(arrivalKind(stored({ customerKey: 'acme.example' }), incoming)).toBe('replacement');
  });
});

describe.each(storeTargets())('pending connections in the $name store', (target) => {
  let database: TestDatabase;
  let store: Store;
  let now = Date.parse('2026-02-01T00:00:00Z');
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

  it('keeps one sealed arrival per customer: a newer one takes the older one’s place', async () => {
    const existing = await store.connections.save(connection());
    await store.pendingConnections.hold(arrival(), existing);
    now += 60_000;
    await store.pendingConnections.hold(arrival({ tenantId: 'tenant-gamma', tenantName: 'Gamma' }), existing);
    const list = await store.pendingConnections.list();
    expect(list.map((p) => [p.customerKey, p.tenantId, p.receivedAt])).toEqual([
      ['ops@acme.example', 'tenant-gamma', '2026-02-01T00:01:00.000Z'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/arrived-1|stored-1/);
    const taken = await store.pendingConnections.take('OPS@acme.example');
    expect(taken?.connection.tokenSet.reveal().refresh_token).toBe('refresh-arrived-1');
    expect(taken?.connection.clientSecret.reveal()).toBe('client-secret-arrived-1');
    expect(await store.pendingConnections.take('ops@acme.example')).toBeUndefined();
  });

  it('gives a taken arrival back intact, unless a newer one came meanwhile', async () => {
    const existing = await store.connections.save(connection());
    await store.pendingConnections.hold(arrival(), existing);
    const taken = await store.pendingConnections.take('ops@acme.example');
    if (!taken) throw new Error('nothing taken');
    await store.pendingConnections.restore(taken);
    const back = await store.pendingConnections.take('ops@acme.example');
    expect(back?.connection.tokenSet.reveal().access_token).toBe('access-arrived-1');
    await store.pendingConnections.hold(arrival({ tenantId: 'tenant-newer' }), existing);
    await store.pendingConnections.restore(back as NonNullable<typeof back>);
    expect((await store.pendingConnections.find('ops@acme.example'))?.tenantId).toBe('tenant-newer');
  });

  it('re-seals arrivals under the current key so an old key can be dropped', async () => {
    const existing = await store.connections.save(connection());
    await store.pendingConnections.hold(arrival(), existing);
    await store.close();
    const rotated = newKey();
    store = await open(`${rotated},${key}`);
    expect(await store.pendingConnections.resealWithCurrentKey()).toBe(1);
    expect(await store.pendingConnections.resealWithCurrentKey()).toBe(0);
    await store.connections.resealWithCurrentKey();
    await store.close();
    store = await open(rotated);
    expect((await store.pendingConnections.take('ops@acme.example'))?.connection.clientSecret.reveal()).toBe(
      'client-secret-arrived-1',
    );
  });

  it('confirms once: the arrival replaces the stored connection and the event says what was replaced', async () => {
    const existing = await store.connections.save(connection());
    await store.pendingConnections.hold(arrival(), existing);
    const decided = await confirmPending(store, 'ops@acme.example', 'a test');
    expect(decided).toMatchObject({ ok: true, connection: { id: existing.id, tenantId: 'tenant-beta' } });
    expect(await confirmPending(store, 'ops@acme.example', 'a test')).toEqual({ ok: false });
    const events = await store.events.forConnection(existing.id);
    expect(events.map((e) => [e.kind, e.detail])).toEqual([
      [
        'replaced',
        'Acme Ltd (tenant-acme, shared) → Beta Pty (tenant-beta, owned); confirmed by an agent in a test',
      ],
    ]);
  });

  it('never turns a replacement event into a "connection broke" alert', async () => {
    const existing = await store.connections.save(connection());
    for (const kind of ['reconnected', 'replacement-pending', 'replaced', 'replacement-discarded'] as const) {
      await store.events.add({
        connectionId: existing.id,
        customerKey: existing.customerKey,
        kind,
        verdict: 'healthy',
        entry: null,
        detail: `${kind} for the test`,
      });
    }
    const { log } = captureLog();
    expect(await drainAlerts(store, ['slack', 'freshdesk'], log)).toBe(4);
    expect(await store.jobs.countsByKind()).toEqual([]);
    expect(await store.events.undelivered()).toEqual([]);
    expect((await store.events.forConnection(existing.id)).map((e) => e.detail)).toContain(
      'replaced for the test',
    );
  });
});
