import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVerdict } from '../../src/probe/record.js';
import { buildVerdict } from '../../src/probe/verdicts.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

const ADMIN_TOKEN = 'console-test-admin-token-0123456789';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let server: ServerUnderTest;

beforeAll(async () => {
  server = await startServerUnderTest({ ADMIN_TOKEN, PUBLIC_URL: 'https://xerofix.example.com' });
  await server.connect('ok@acme.test');
  await server.connect('down@beta.test');
  const store = server.running.services.store;
  for (const [customer, code] of [
    ['ok@acme.test', 'healthy'],
    ['down@beta.test', 'refresh-token-invalid'],
  ] as const) {
    await recordVerdict(
      store,
      await store.connections.findByCustomer(customer),
      buildVerdict(customer, code, []),
      Date.now(),
      3,
    );
  }
});
afterAll(() => server.close());

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
  const page = await (await get('/status', cookie)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

describe('the staff console over HTTP', () => {
  it('shows nothing about customers without a session', async () => {
    for (const path of ['/status', '/lookup', '/gaps']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/signin');
      expect(await res.text()).not.toContain('acme.test');
    }
    expect((await post('/lookup', { paste: 'x' })).status).toBe(403);
  });

  it('refuses a wrong token and sets a Secure, HttpOnly, SameSite=Strict session cookie for the right one', async () => {
    const wrong = await post('/signin', { token: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await post('/signin', { token: ADMIN_TOKEN });
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
  });

  it('shows Active for a healthy connection and Broken with its fix for a broken one, sorted and filtered', async () => {
    const { cookie } = await signIn();
    const page = await (await get('/status', cookie)).text();
    expect(page.indexOf('down@beta.test')).toBeLessThan(page.indexOf('ok@acme.test'));
    expect(page).toMatch(/ok@acme\.test[\s\S]*?badge-active">Active/);
    expect(page).toMatch(/down@beta\.test[\s\S]*?badge-broken">Broken<\/span> <code>refresh-token-invalid/);
    expect(page).toMatch(/Authorise/);
    const filtered = await (await get('/status?q=ok%40&sort=customer', cookie)).text();
    expect(filtered).toContain('ok@acme.test');
    expect(filtered).not.toContain('down@beta.test');
  });

  it('refuses a form without the session’s CSRF token, and changes nothing', async () => {
    const { cookie } = await signIn();
    const runs = async () =>
      (await server.running.services.store.probeRuns.recent('ok@acme.test', 100)).length;
    const before = await runs();
    for (const csrf of [undefined, 'forged']) {
      const res = await post(
        '/status/probe',
        { customer: 'ok@acme.test', ...(csrf ? { csrf } : {}) },
        cookie,
      );
      expect(res.status).toBe(403);
    }
    expect(await runs()).toBe(before);
  });

  it('probes a connection from the Probe now button', async () => {
    const { cookie, csrf } = await signIn();
    const runs = async () =>
      (await server.running.services.store.probeRuns.recent('ok@acme.test', 100)).length;
    const before = await runs();
    const res = await post('/status/probe', { customer: 'ok@acme.test', csrf }, cookie);
    expect(res.status).toBe(303);
    expect(await runs()).toBe(before + 1);
  });

  it('diagnoses a pasted error on /lookup with its evidence, escaping what was pasted', async () => {
    const { cookie, csrf } = await signIn();
    const paste =
      '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful" <script>alert(1)</script>';
    const page = await (await post('/lookup', { csrf, paste }, cookie)).text();
    expect(page).toMatch(/xerofix suggests/);
    expect(page).toMatch(/HTTP status 401/);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;');
    expect((await post('/lookup', { csrf, paste: '  ' }, cookie)).status).toBe(400);
  });

  it('lists unanswered pastes and answers marked wrong on /gaps, newest first', async () => {
    const { cookie } = await signIn();
    await server.running.desk.ask({ surface: 'slack', paste: 'older gap about invoices' });
    await new Promise((r) => setTimeout(r, 5));
    await server.running.desk.ask({ surface: 'web', paste: 'newer gap about payroll' });
    const page = await (await get('/gaps', cookie)).text();
    expect(page.indexOf('newer gap about payroll')).toBeLessThan(page.indexOf('older gap about invoices'));
  });

  it('works for a newcomer with no settings: the sign-in token is generated into the data folder', async () => {
    const plain = await startServerUnderTest();
    try {
      const file = join(plain.dir, 'admin-token');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const token = readFileSync(file, 'utf8').trim();
      expect(plain.logLines.join('\n')).toContain(file);
      expect(plain.logLines.join('\n')).not.toContain(token);
      const res = await fetch(`${plain.url}/signin`, {
        method: 'POST',
        headers: FORM,
        body: new URLSearchParams({ token }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/^xerofix_console=/);
    } finally {
      await plain.close();
    }
  });
});
