import { type HTMLElement, parse } from 'node-html-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Desk } from '../../src/answer/desk.js';
import { mountPages } from '../../src/console/page-routes.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { openStore, type Store } from '../../src/store/store.js';
import { Router, type WebRequest, type WebResponse } from '../../src/web/router.js';
import { captureLog } from '../support/capture-log.js';
import { shippedMatcher } from '../support/knowledge.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// The console's pages as route handlers on a real SQLite store, for what the shared server in
// console-http.test.ts cannot easily show: more than a page of connections, and a probe that
// fails on xerofix's side.

const sqlite = storeTargets().find((t) => t.name === 'sqlite');
if (!sqlite) throw new Error('the SQLite store target is missing');
const CSRF = 'test-csrf';

let database: TestDatabase;
let store: Store;

beforeEach(async () => {
  database = await sqlite.create();
  store = await openStore({ location: database.location, keyRing: parseKeyRing(newKey()) });
});
afterEach(async () => {
  await store.close();
  await database.dispose();
});

function pages(probe: (customer: string) => Promise<never>) {
  const { log, lines } = captureLog();
  const router = new Router(log);
  const desk = new Desk({ matcher: shippedMatcher(), lookups: store.lookups, probe });
  mountPages(router, {
    desk,
    store,
    clock: Date.now,
    log,
    // Signed in, with a matching CSRF token: the guard itself is tested over HTTP.
    page: (handler) => (req) => handler(req, { nonce: 'n', csrf: CSRF }),
  });
  const routes = new Map<string, (req: WebRequest) => Promise<WebResponse>>();
  router.eachRoute((r) => routes.set(`${r.method} ${r.path}`, r.handler));
  const call = (method: 'GET' | 'POST', path: string, form: Record<string, string> = {}) => {
    const url = new URL(path, 'http://local');
    const handler = routes.get(`${method} ${url.pathname}`);
    if (!handler) throw new Error(`no route for ${method} ${url.pathname}`);
    return handler({
      method,
      url,
      headers: {},
      cookies: {},
      body: new URLSearchParams({ csrf: CSRF, ...form }).toString(),
      ip: '127.0.0.1',
    });
  };
  return { call, lines };
}

const neverProbed = async () => {
  throw new Error('not probed in this test');
};

async function connect(customer: string): Promise<void> {
  await store.connections.save({
    customerKey: customer,
    tenantId: 'tenant-1',
    tenantName: 'Org',
    clientId: 'client',
    clientSecret: new Secret('client-secret-value'),
    tokenSet: new Secret({ access_token: 'access-token-value', refresh_token: 'refresh-token-value' }),
    ownership: 'owned',
  });
}

const html = (res: WebResponse) => parse(res.body ?? '');
const customersOn = (page: HTMLElement) =>
  page.querySelectorAll('tbody tr').map((tr) => tr.querySelector('td')?.textContent.trim().split(/\s/)[0]);
const pagerLinks = (page: HTMLElement) =>
  page
    .querySelectorAll('nav.pager')[0]
    ?.querySelectorAll('a')
    .map((a) => a.getAttribute('href')) ?? [];

describe('/status with more connections than fit on a page', () => {
  it('shows fifty a page, with links to the pages before and after that keep the filter and order', async () => {
    for (let i = 0; i < 120; i++) await connect(`c${String(i).padStart(3, '0')}@example.test`);
    const { call } = pages(neverProbed);

    const first = html(await call('GET', '/status?sort=customer&q=example'));
    expect(customersOn(first)).toHaveLength(50);
    expect(customersOn(first)[0]).toBe('c000@example.test');
    expect(first.querySelector('nav.pager')?.textContent).toContain('Showing 1–50 of 120 (page 1 of 3)');
    expect(pagerLinks(first)).toEqual(['/status?q=example&sort=customer&page=2']);

    const second = html(await call('GET', '/status?sort=customer&q=example&page=2'));
    expect(customersOn(second)[0]).toBe('c050@example.test');
    expect(pagerLinks(second)).toEqual([
      '/status?q=example&sort=customer',
      '/status?q=example&sort=customer&page=3',
    ]);

    const last = html(await call('GET', '/status?sort=customer&q=example&page=3'));
    expect(customersOn(last)).toHaveLength(20);
    expect(customersOn(last).at(-1)).toBe('c119@example.test');
    // A page past the end shows the last one rather than an empty table.
    expect(customersOn(html(await call('GET', '/status?sort=customer&q=example&page=99')))).toEqual(
      customersOn(last),
    );
  }, 60_000);

  it('keeps a short list on one page, with no pager', async () => {
    for (let i = 0; i < 3; i++) await connect(`short${i}@example.test`);
    const page = html(await pages(neverProbed).call('GET', '/status'));
    expect(customersOn(page)).toHaveLength(3);
    expect(page.querySelector('nav.pager')).toBeNull();
  });
});

describe('Probe now when xerofix itself fails', () => {
  it('says the probe failed on xerofix’s side and logs why, without any detail of the error on the page', async () => {
    await connect('ops@acme.test');
    const { call, lines } = pages(async () => {
      throw Object.assign(new Error('SQLITE_READONLY: attempt to write a readonly database'), {
        name: 'SqliteError',
      });
    });
    const res = await call('POST', '/status/probe', { customer: 'ops@acme.test' });
    expect(res.status).toBe(303);
    const location = String(res.headers?.location ?? '');
    expect(location).toBe('/status?probe-failed=ops%40acme.test#c-ops-acme-test');
    const page = html(await call('GET', location));
    const said = page.querySelector('[role="status"]')?.textContent ?? '';
    expect(said).toMatch(/^Probing ops@acme\.test failed before Xero was asked/);
    expect(said).toMatch(/server log/);
    expect(page.toString()).not.toContain('SQLITE_READONLY');
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'console probe failed');
    expect(logged).toMatchObject({ level: 'error', customer: 'ops@acme.test', error: 'SqliteError' });
  });
});
