import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { mountConnectFlow } from '../../src/web/connect-routes.js';
import { signInvite } from '../../src/web/invite.js';
import { Router } from '../../src/web/router.js';
import { type RunningServer, startWebServer } from '../../src/web/server.js';
import type { ConsentSettings } from '../../src/xero/code-exchange.js';
import { consentScopes } from '../../src/xero/code-exchange.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { CLIENT_ID, startHarness, type XeroHarness } from '../support/xero-harness.js';

let h: XeroHarness;
let web: RunningServer;
let pages: string[];

async function serve(configured = true): Promise<void> {
  const router = new Router(h.log);
  // Routes are mounted before the server starts; the redirect URI is only known after, so it
  // is read when the flow asks for it.
  const consent: ConsentSettings | undefined = configured
    ? {
        clientId: CLIENT_ID,
        clientSecret: h.clientSecret,
        get redirectUri() {
          return `${web.url}/xero/callback`;
        },
        scopes: consentScopes('openid accounting.settings.read'),
        loginUrl: h.fake.url,
        identityUrl: h.fake.url,
        timeoutMs: 1000,
      }
    : undefined;
  mountConnectFlow(router, {
    store: h.store,
    keyRing: parseKeyRing(h.key),
    gateway: h.gateway,
    clock: () => h.now,
    log: h.log,
    consent,
  });
  web = await startWebServer(router, 0, '127.0.0.1');
}

beforeEach(async () => {
  h = await startHarness();
  pages = [];
  await serve();
});
afterEach(async () => {
  expectNoSecrets([...pages, ...h.logLines], h.fake.state.issued);
  await web.close();
  await h.close();
});

const invite = (customer = 'ops@acme.example', ttl = 86_400_000) =>
  signInvite(parseKeyRing(h.key), { customer, expiresAt: h.now + ttl });

async function get(url: string, cookie?: string) {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const body = await res.text();
  // Only our own answers are scanned: Xero's redirect legitimately carries the one-time code.
  if (url.startsWith(web.url)) pages.push(body, res.headers.get('location') ?? '');
  return {
    status: res.status,
    body,
    location: res.headers.get('location'),
    cookie: res.headers.get('set-cookie'),
  };
}

/** Plays the browser: our connect link → Xero consent → back to our callback. */
async function consentFlow(customer?: string) {
  const start = await get(`${web.url}/xero/connect?invite=${invite(customer)}`);
  expect(start.status).toBe(302);
  const cookie = (start.cookie ?? '').split(';')[0] ?? '';
  const atXero = await get(start.location ?? '');
  return { start, cookie, callbackUrl: atXero.location ?? '' };
}

describe('connect flow', () => {
  it('connects a customer through Xero consent and stores an owned, working connection', async () => {
    h.fake.nextConsent = { tenantIds: ['tenant-acme'] };
    const { start, cookie, callbackUrl } = await consentFlow();
    expect(new URL(start.location ?? '').searchParams.get('scope')).toContain('offline_access');
    expect(start.cookie).toMatch(/HttpOnly; SameSite=Lax/);
    const done = await get(callbackUrl, cookie);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Acme Ltd is now connected');
    const stored = await h.store.connections.findByCustomer('ops@acme.example');
    expect(stored).toMatchObject({ ownership: 'owned', tenantId: 'tenant-acme', tenantName: 'Acme Ltd' });
    expect((await h.store.events.undelivered()).map((e) => e.kind)).toEqual(['connected']);
    expect((await h.probe('ops@acme.example')).code).toBe('healthy');
  });

  it('rejects a callback that did not start in the same browser', async () => {
    h.fake.nextConsent = { tenantIds: ['tenant-acme'] };
    const { callbackUrl } = await consentFlow();
    const forged = await get(callbackUrl, 'xerofix_connect=someone-elses-state');
    expect(forged.status).toBe(400);
    expect(await h.store.connections.findByCustomer('ops@acme.example')).toBeUndefined();
  });

  it('accepts each state only once', async () => {
    h.fake.nextConsent = { tenantIds: ['tenant-acme'] };
    const { cookie, callbackUrl } = await consentFlow();
    expect((await get(callbackUrl, cookie)).status).toBe(200);
    expect((await get(callbackUrl, cookie)).body).toContain('already used');
  });

  it('refuses a tampered or expired invite', async () => {
    const token = invite();
    expect((await get(`${web.url}/xero/connect?invite=${token.slice(0, -2)}xx`)).status).toBe(400);
    expect((await get(`${web.url}/xero/connect?invite=${invite('a@b.example', -1)}`)).status).toBe(410);
    expect((await get(`${web.url}/xero/connect`)).status).toBe(400);
  });

  it('stores nothing when the user declines at Xero', async () => {
    const start = await get(`${web.url}/xero/connect?invite=${invite()}`);
    const state = new URL(start.location ?? '').searchParams.get('state');
    const cookie = (start.cookie ?? '').split(';')[0];
    const declined = await get(`${web.url}/xero/callback?error=access_denied&state=${state}`, cookie);
    expect(declined.body).toContain('nothing was connected');
    expect(await h.store.connections.list()).toEqual([]);
  });

  it('escapes the organisation name on the result page', async () => {
    h.fake.state.addTenant('tenant-evil', '<script>alert(1)</script> & Co');
    h.fake.nextConsent = { tenantIds: ['tenant-evil'] };
    const { cookie, callbackUrl } = await consentFlow();
    const done = await get(callbackUrl, cookie);
    expect(done.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(done.body).not.toContain('<script>');
  });

  it('says so plainly when the Xero app is not configured', async () => {
    await web.close();
    await serve(false);
    const res = await get(`${web.url}/xero/connect?invite=${invite()}`);
    expect(res.status).toBe(503);
    expect(res.body).toContain('XERO_CLIENT_ID');
  });

  it('lets a customer fix their own connection by reconnecting the same organisation, and records it', async () => {
    await h.connect('ops@acme.example', { tenants: ['tenant-acme'] });
    const before = await h.store.connections.findByCustomer('ops@acme.example');
    h.fake.nextConsent = { tenantIds: ['tenant-acme'] };
    const { cookie, callbackUrl } = await consentFlow();
    const done = await get(callbackUrl, cookie);
    expect([done.status, done.body]).toEqual([200, expect.stringContaining('Acme Ltd is connected again')]);
    const after = await h.store.connections.findByCustomer('ops@acme.example');
    expect(after).toMatchObject({ id: before?.id, tenantId: 'tenant-acme', tokenVersion: 1 });
    expect(after?.tokenSet.reveal().access_token).not.toBe(before?.tokenSet.reveal().access_token);
    const [event] = await h.store.events.forConnection(before?.id ?? '');
    expect(event).toMatchObject({ kind: 'reconnected', customerKey: 'ops@acme.example' });
    expect(event?.detail).toMatch(/tenant-acme, owned\) → Acme Ltd \(tenant-acme, owned\); reconnected/);
    expect(await h.store.pendingConnections.list()).toEqual([]);
  });

  it('holds a connect to another organisation for an agent and leaves the stored connection working as it was', async () => {
    await h.connect('ops@acme.example', { tenants: ['tenant-acme'], ownership: 'shared' });
    const before = await h.store.connections.findByCustomer('ops@acme.example');
    h.fake.nextConsent = { tenantIds: ['tenant-beta'] };
    const { cookie, callbackUrl } = await consentFlow();
    const done = await get(callbackUrl, cookie);
    expect(done.status).toBe(200);
    expect(done.body).toContain(
      'we received the connection to Beta Pty. Support will check it and confirm it',
    );
    const after = await h.store.connections.findByCustomer('ops@acme.example');
    expect(after).toMatchObject({ tenantId: 'tenant-acme', ownership: 'shared', tokenVersion: 0 });
    expect(after?.tokenSet.reveal()).toEqual(before?.tokenSet.reveal());
    const probed = await h.probe('ops@acme.example');
    expect([probed.code, probed.tenantName]).toEqual(['healthy', 'Acme Ltd']);
    expect(await h.store.pendingConnections.list()).toEqual([
      expect.objectContaining({
        customerKey: 'ops@acme.example',
        tenantId: 'tenant-beta',
        tenantName: 'Beta Pty',
        ownership: 'owned',
        replaces: expect.objectContaining({
          connectionId: before?.id,
          tenantId: 'tenant-acme',
          ownership: 'shared',
        }),
      }),
    ]);
    const events = await h.store.events.forConnection(before?.id ?? '');
    expect(events.map((e) => e.kind)).toEqual(['replacement-pending']);
    expect(events[0]?.detail).toMatch(/\(tenant-acme, shared\) → Beta Pty \(tenant-beta, owned\)/);
  });

  it('holds a connect that would turn a shared connection into an owned one, even for the same organisation', async () => {
    await h.connect('ops@acme.example', { tenants: ['tenant-acme'], ownership: 'shared' });
    h.fake.nextConsent = { tenantIds: ['tenant-acme'] };
    const { cookie, callbackUrl } = await consentFlow();
    expect((await get(callbackUrl, cookie)).body).toContain('Support will check it');
    expect(await h.store.connections.findByCustomer('ops@acme.example')).toMatchObject({
      ownership: 'shared',
    });
    expect((await h.store.pendingConnections.find('ops@acme.example'))?.ownership).toBe('owned');
  });

  it('holds a connect that would stand in front of a connection kept under the company domain', async () => {
    await h.connect('acme.example', { tenants: ['tenant-acme'], ownership: 'shared' });
    h.fake.nextConsent = { tenantIds: ['tenant-acme'] };
    const { cookie, callbackUrl } = await consentFlow('ops@acme.example');
    expect((await get(callbackUrl, cookie)).body).toContain('Support will check it');
    expect((await h.store.connections.list()).map((c) => c.customerKey)).toEqual(['acme.example']);
    const pending = await h.store.pendingConnections.find('ops@acme.example');
    expect(pending?.replaces.customerKey).toBe('acme.example');
  });

  it('keeps the stored organisation when the customer picks it among several at Xero', async () => {
    await h.connect('ops@acme.example', { tenants: ['tenant-beta'] });
    h.fake.nextConsent = { tenantIds: ['tenant-acme', 'tenant-beta'] };
    const { cookie, callbackUrl } = await consentFlow();
    expect((await get(callbackUrl, cookie)).body).toContain('Beta Pty is connected again');
    expect(await h.store.connections.findByCustomer('ops@acme.example')).toMatchObject({
      tenantId: 'tenant-beta',
      tenants: [
        { tenantId: 'tenant-acme', tenantName: 'Acme Ltd' },
        { tenantId: 'tenant-beta', tenantName: 'Beta Pty' },
      ],
    });
  });

  it('lets unknown paths fall through to the host server', async () => {
    expect((await get(`${web.url}/slack/events`)).status).toBe(404);
  });
});
