import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { mountConnectFlow } from '../../src/web/connect-routes.js';
import { signInvite } from '../../src/web/invite.js';
import { Router } from '../../src/web/router.js';
import { type RunningServer, startWebServer } from '../../src/web/server.js';
import { type ConsentSettings, consentScopes } from '../../src/xero/code-exchange.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { CLIENT_ID, startHarness, type XeroHarness } from '../support/xero-harness.js';
import { type ServerUnderTest, startServerUnderTest, XERO_CLIENT } from '../support/xerofix-server.js';

// A connect link is used up by the first connect that lands, and only then: opening it and
// walking away from Xero's consent page does not spend it.

describe('a connect invite', () => {
  let h: XeroHarness;
  let web: RunningServer;
  const pages: string[] = [];

  beforeEach(async () => {
    h = await startHarness();
    pages.length = 0;
    const router = new Router(h.log);
    const consent: ConsentSettings = {
      clientId: CLIENT_ID,
      clientSecret: h.clientSecret,
      get redirectUri() {
        return `${web.url}/xero/callback`;
      },
      scopes: consentScopes('openid accounting.settings.read offline_access'),
      loginUrl: h.fake.url,
      identityUrl: h.fake.url,
      timeoutMs: 1000,
    };
    mountConnectFlow(router, {
      store: h.store,
      keyRing: parseKeyRing(h.key),
      gateway: h.gateway,
      clock: () => h.now,
      log: h.log,
      consent,
    });
    web = await startWebServer(router, 0, '127.0.0.1');
  });
  afterEach(async () => {
    expectNoSecrets([...pages, ...h.logLines], h.fake.state.issued);
    await web.close();
    await h.close();
  });

  const newInvite = (customer = 'ops@acme.example') =>
    signInvite(parseKeyRing(h.key), { customer, expiresAt: h.now + 7 * 86_400_000 });

  async function get(url: string, cookie?: string) {
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    const body = await res.text();
    if (url.startsWith(web.url)) pages.push(body);
    return {
      status: res.status,
      body,
      location: res.headers.get('location'),
      cookie: res.headers.get('set-cookie'),
    };
  }

  /** Opens the link in a browser of its own and goes as far as Xero sending it back. */
  async function openAndConsent(token: string, tenantIds: string[]) {
    const start = await get(`${web.url}/xero/connect?invite=${token}`);
    expect(start.status).toBe(302);
    h.fake.nextConsent = { tenantIds };
    const atXero = await get(start.location ?? '');
    return { cookie: (start.cookie ?? '').split(';')[0] ?? '', callbackUrl: atXero.location ?? '' };
  }

  it('works once: opened again after connecting, it says it was used and to ask support for a new one', async () => {
    const token = newInvite();
    const browser = await openAndConsent(token, ['tenant-acme']);
    expect((await get(browser.callbackUrl, browser.cookie)).body).toContain('Acme Ltd is now connected');
    const again = await get(`${web.url}/xero/connect?invite=${token}`);
    expect(again.status).toBe(410);
    expect(again.body).toContain('This link has already been used to connect Xero');
    expect(again.body).toContain('please ask support for a new link');
    expect(again.location).toBeNull();
    // A new link for the same customer is a new invite and works.
    const fresh = await openAndConsent(newInvite(), ['tenant-acme']);
    expect((await get(fresh.callbackUrl, fresh.cookie)).body).toContain('Acme Ltd is connected again');
  });

  it('still works after the customer closes the consent page and opens the link again', async () => {
    const token = newInvite();
    const abandoned = await get(`${web.url}/xero/connect?invite=${token}`);
    expect(abandoned.status).toBe(302);
    const second = await openAndConsent(token, ['tenant-acme']);
    const done = await get(second.callbackUrl, second.cookie);
    expect([done.status, done.body]).toEqual([200, expect.stringContaining('Acme Ltd is now connected')]);
  });

  it('lets only the first of two browsers that finish with the same link store anything', async () => {
    const token = newInvite();
    const first = await openAndConsent(token, ['tenant-acme']);
    const second = await openAndConsent(token, ['tenant-beta']);
    const results = await Promise.all([
      get(first.callbackUrl, first.cookie),
      get(second.callbackUrl, second.cookie),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    const stored = await h.store.connections.list();
    expect(stored).toHaveLength(1);
    const winner = results.find((r) => r.status === 200);
    expect(winner?.body).toContain(`${stored[0]?.tenantName} is now connected`);
    expect(results.find((r) => r.status === 410)?.body).toContain('already been used');
    expect((await h.store.events.undelivered()).map((e) => e.kind)).toEqual(['connected']);
    expect(await h.store.pendingConnections.list()).toEqual([]);
  });

  it('is used up by a connect that was held for an agent too', async () => {
    await h.connect('ops@acme.example', { tenants: ['tenant-acme'], ownership: 'shared' });
    const token = newInvite();
    const browser = await openAndConsent(token, ['tenant-beta']);
    expect((await get(browser.callbackUrl, browser.cookie)).body).toContain('Support will check it');
    expect((await get(`${web.url}/xero/connect?invite=${token}`)).status).toBe(410);
  });

  it('stays usable when saving the connection fails after the invite was marked used', async () => {
    const token = newInvite();
    // Real faults in the real database: the connection's insert fails, and nothing may undo a
    // claim afterwards (as after a crash between the two writes, when no clean-up runs).
    const db = new Sqlite(join(h.dir, 'x.db'));
    db.exec(`CREATE TRIGGER connection_insert_fails BEFORE INSERT ON connections
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;
      CREATE TRIGGER no_claim_undone BEFORE DELETE ON claims
      BEGIN SELECT RAISE(ABORT, 'crashed before clean-up'); END;`);
    try {
      const broken = await openAndConsent(token, ['tenant-acme']);
      expect((await get(broken.callbackUrl, broken.cookie)).status).toBe(500);
      expect(db.prepare("select count(*) as n from claims where key like 'connect-invite:%'").get()).toEqual({
        n: 0,
      });
      expect(await h.store.connections.findByCustomer('ops@acme.example')).toBeUndefined();
      expect(await h.store.events.undelivered()).toEqual([]);
    } finally {
      db.exec('DROP TRIGGER connection_insert_fails; DROP TRIGGER no_claim_undone;');
      db.close();
    }
    const retry = await openAndConsent(token, ['tenant-acme']);
    expect((await get(retry.callbackUrl, retry.cookie)).body).toContain('Acme Ltd is now connected');
  });

  it('records its use under a hash: the database never holds the link or its nonce', async () => {
    const token = newInvite();
    const browser = await openAndConsent(token, ['tenant-acme']);
    await get(browser.callbackUrl, browser.cookie);
    const [body = '', signature = ''] = token.split('.');
    const nonce = JSON.parse(Buffer.from(body, 'base64url').toString()).n as string;
    const file = join(h.dir, 'x.db');
    const db = new Sqlite(file, { readonly: true });
    const keys = db.prepare("select key from claims where key like 'connect-invite:%'").all() as {
      key: string;
    }[];
    db.close();
    expect(keys).toHaveLength(1);
    const bytes = ['', '-wal']
      .map((suffix) => {
        try {
          return readFileSync(`${file}${suffix}`).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    for (const part of [token, body, signature, nonce]) {
      expect(keys[0]?.key).not.toContain(part);
      expect(bytes.includes(part)).toBe(false);
    }
  });
});

// The agent's side: what a connect link held back is decided on in the console, with the
// same sign-in and CSRF protection as every other console form.
describe('pending connections in the console', () => {
  const ADMIN_TOKEN = 'pending-test-admin-token-0123456789';
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  let server: ServerUnderTest;
  let secret: string;

  beforeAll(async () => {
    server = await startServerUnderTest({ ADMIN_TOKEN });
    secret = server.xero.state.apps.get(XERO_CLIENT) ?? '';
  });
  afterAll(async () => {
    expectNoSecrets(server.logLines, [...server.xero.state.issued, ...server.secrets]);
    await server.close();
  });

  const store = () => server.running.services.store;
  const get = (path: string, cookie = '') =>
    fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const post = (path: string, form: Record<string, string>, cookie = '') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...FORM, cookie },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const res = await post('/signin', { token: ADMIN_TOKEN });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await (await get('/status/pending', cookie)).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
  }

  /** The refresh token of the connection heldReplacement last held back. */
  let heldRefreshToken = '';

  /**
   * A shared connection to Acme Ltd, and a connect to another organisation held back for it.
   * `grantTenants`: every organisation the held connection's Xero user connected to the app.
   */
  async function heldReplacement(customer: string, heldTenant = 'tenant-other', grantTenants = [heldTenant]) {
    await server.connect(customer);
    const stored = await store().connections.findByCustomer(customer);
    if (!stored) throw new Error('not stored');
    await store().connections.save({ ...stored, ownership: 'shared' });
    server.xero.state.addTenant(heldTenant, 'Other <Org> & Co');
    const { tokens } = server.xero.state.createGrant(XERO_CLIENT, grantTenants, ['offline_access']);
    heldRefreshToken = tokens.refresh_token;
    await store().pendingConnections.hold(
      {
        customerKey: customer,
        tenantId: heldTenant,
        tenantName: 'Other <Org> & Co',
        tenants: grantTenants.map((tenantId) => ({ tenantId, tenantName: null })),
        clientId: XERO_CLIENT,
        clientSecret: new Secret(secret),
        tokenSet: new Secret({ ...tokens, expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in }),
        ownership: 'owned',
      },
      { ...stored, ownership: 'shared' },
    );
    return stored.id;
  }

  it('shows nothing without a session and refuses a decision without the session’s CSRF token', async () => {
    await heldReplacement('csrf@acme.test');
    const anonymous = await get('/status/pending');
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/signin']);
    expect(await anonymous.text()).not.toContain('csrf@acme.test');
    expect((await post('/status/pending/confirm', { customer: 'csrf@acme.test' })).status).toBe(403);
    const { cookie } = await signIn();
    for (const csrf of [undefined, 'forged']) {
      const res = await post(
        '/status/pending/confirm',
        { customer: 'csrf@acme.test', ...(csrf ? { csrf } : {}) },
        cookie,
      );
      expect(res.status).toBe(403);
    }
    expect(await store().pendingConnections.find('csrf@acme.test')).toBeDefined();
    expect((await store().connections.findByCustomer('csrf@acme.test'))?.tenantId).toBe('tenant-acme');
  });

  it('lets an agent compare both sides and confirm: the new connection replaces the stored one, on record', async () => {
    const id = await heldReplacement('confirm@acme.test');
    const { cookie, csrf } = await signIn();
    const page = await (await get('/status/pending', cookie)).text();
    expect(page).toMatch(
      /confirm@acme\.test[\s\S]*Acme Ltd \(tenant-acme, shared\)[\s\S]*Other &lt;Org&gt; &amp; Co/,
    );
    expect(page).not.toContain('<Org>');
    const res = await post('/status/pending/confirm', { customer: 'confirm@acme.test', csrf }, cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Confirmed: confirm@acme.test now uses Other &lt;Org&gt; &amp; Co');
    expect(await store().connections.findByCustomer('confirm@acme.test')).toMatchObject({
      id,
      tenantId: 'tenant-other',
      ownership: 'owned',
    });
    expect(await store().pendingConnections.find('confirm@acme.test')).toBeUndefined();
    const events = await store().events.forConnection(id);
    expect(events.map((e) => [e.kind, e.detail])).toEqual([
      [
        'replaced',
        'Acme Ltd (tenant-acme, shared) → Other <Org> & Co (tenant-other, owned); confirmed by an agent in the console',
      ],
    ]);
    // A second click (another agent, a resent form) finds nothing left to decide.
    const again = await post('/status/pending/confirm', { customer: 'confirm@acme.test', csrf }, cookie);
    expect([again.status, await again.text()]).toEqual([409, expect.stringContaining('Nothing is waiting')]);
    expect(await store().events.forConnection(id)).toHaveLength(1);
  });

  it('lets an agent discard it: the stored connection stays exactly as it was, on record', async () => {
    const id = await heldReplacement('discard@acme.test');
    const before = await store().connections.findByCustomer('discard@acme.test');
    const { cookie, csrf } = await signIn();
    const res = await post('/status/pending/discard', { customer: 'discard@acme.test', csrf }, cookie);
    expect([res.status, await res.text()]).toEqual([
      200,
      expect.stringContaining('Discarded: discard@acme.test keeps Acme Ltd (tenant-acme, shared)'),
    ]);
    const after = await store().connections.findByCustomer('discard@acme.test');
    expect(after).toMatchObject({
      tenantId: 'tenant-acme',
      ownership: 'shared',
      tokenVersion: before?.tokenVersion,
    });
    expect(await store().pendingConnections.find('discard@acme.test')).toBeUndefined();
    expect((await store().events.forConnection(id)).map((e) => e.kind)).toEqual(['replacement-discarded']);
  });

  /** Whether Xero still honours a refresh token (its grant was not revoked). */
  const validAtXero = (refreshToken: string | undefined) => {
    const record = server.xero.state.refreshTokens.get(refreshToken ?? '');
    const grant = record && server.xero.state.grants.get(record.grantId);
    return grant ? !grant.revoked : false;
  };
  const storedRefreshToken = async (customer: string) =>
    (await store().connections.findByCustomer(customer))?.tokenSet.reveal().refresh_token;

  it('revokes a discarded connection at Xero, and leaves the stored connection working', async () => {
    await heldReplacement('revoke@acme.test', 'tenant-revoked');
    const pendingToken = heldRefreshToken;
    expect(validAtXero(pendingToken)).toBe(true);
    const { cookie, csrf } = await signIn();
    const res = await post('/status/pending/discard', { customer: 'revoke@acme.test', csrf }, cookie);
    expect([res.status, await res.text()]).toEqual([
      200,
      expect.stringContaining('Its tokens were revoked at Xero'),
    ]);
    expect(server.xero.revocations).toContainEqual({ clientId: XERO_CLIENT, refreshToken: pendingToken });
    expect(validAtXero(pendingToken)).toBe(false);
    expect(validAtXero(await storedRefreshToken('revoke@acme.test'))).toBe(true);
  });

  it('still discards when Xero refuses the revocation, and tells the agent and the log', async () => {
    await heldReplacement('revoke-fails@acme.test', 'tenant-revoke-fails');
    const { cookie, csrf } = await signIn();
    server.xero.revocationStatus = 503;
    try {
      const res = await post('/status/pending/discard', { customer: 'revoke-fails@acme.test', csrf }, cookie);
      const page = await res.text();
      expect(res.status).toBe(200);
      expect(page).toContain('Discarded: revoke-fails@acme.test keeps Acme Ltd (tenant-acme, shared)');
      expect(page).toContain('Xero could not be told to revoke its tokens');
    } finally {
      server.xero.revocationStatus = undefined;
    }
    expect(await store().pendingConnections.find('revoke-fails@acme.test')).toBeUndefined();
    expect(server.logLines.some((l) => l.includes('could not revoke a discarded connection at Xero'))).toBe(
      true,
    );
  });

  it('never revokes when the same Xero user and app also connect the organisation a customer relies on', async () => {
    await heldReplacement('revoke-live@acme.test', 'tenant-live', ['tenant-live', 'tenant-acme']);
    const pendingToken = heldRefreshToken;
    const asked = server.xero.revocations.length;
    const { cookie, csrf } = await signIn();
    const res = await post('/status/pending/discard', { customer: 'revoke-live@acme.test', csrf }, cookie);
    expect(await res.text()).toContain('Its tokens were not revoked at Xero');
    expect(server.xero.revocations).toHaveLength(asked);
    expect(validAtXero(pendingToken)).toBe(true);
    expect(validAtXero(await storedRefreshToken('revoke-live@acme.test'))).toBe(true);
  });
});
