import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

const ADMIN_TOKEN = 'hardening-test-admin-token-0123456789';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let server: ServerUnderTest;

beforeAll(async () => {
  // TRUST_PROXY=1: the tests play several clients by sending X-Forwarded-For.
  server = await startServerUnderTest({ ADMIN_TOKEN, TRUST_PROXY: '1', FRESHDESK_BASE_URL: undefined });
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}, base = server.url) =>
  fetch(`${base}${path}`, { headers, redirect: 'manual' });
const post = (
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  base = server.url,
) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

async function signIn(base = server.url, client = '203.0.113.1') {
  const res = await post('/signin', { token: ADMIN_TOKEN }, { 'x-forwarded-for': client }, base);
  expect(res.status).toBe(303);
  const cookie = cookieOf(res);
  const page = await (await get('/status', { cookie }, base)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  expect(csrf).not.toBe('');
  return { cookie, csrf };
}

describe('the HTTP layer', () => {
  it('ignores a cookie whose percent-encoding is broken instead of failing every route', async () => {
    const cookie = 'a=%E0%A4%A; xerofix_console=%E0%A4%A; xerofix_connect=%';
    expect((await get('/healthz', { cookie })).status).toBe(200);
    expect((await get('/readyz', { cookie })).status).toBe(200);
    expect((await get('/signin', { cookie })).status).toBe(200);
    expect((await get('/status', { cookie })).status).toBe(303);
    const callback = await get('/xero/callback?state=abc&code=def', { cookie });
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('did not start in this browser');
  });

  it('sends security headers on every page, the connect pages and unknown paths included', async () => {
    for (const path of ['/xero/connect?invite=not-valid', '/signin', '/healthz', '/no-such-page']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('refuses a body over the limit with 413 and a plain sentence', async () => {
    const res = await post('/signin', { token: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('Request body too large.');
  });

  it('throttles wrong admin tokens per client address, and other clients can still sign in', async () => {
    const attacker = { 'x-forwarded-for': '198.51.100.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await post('/signin', { token: `guess-${i}` }, attacker)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right token is refused from that address until the window passes.
    const locked = await post('/signin', { token: ADMIN_TOKEN }, attacker);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many wrong tokens');
    expect(locked.headers.get('set-cookie')).toBeNull();
    await signIn(server.url, '198.51.100.8');
  });

  it('ends the session at sign-out: the old cookie and its form token stop working', async () => {
    const { cookie, csrf } = await signIn();
    expect((await get('/status', { cookie })).status).toBe(200);
    const out = await post('/signout', { csrf }, { cookie });
    expect(out.status).toBe(303);
    const after = await get('/status', { cookie });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/signin');
    expect((await post('/lookup', { csrf, paste: 'Status 401' }, { cookie })).status).toBe(403);
  });
});

describe('sessions across instances', () => {
  it('a sign-out on one instance ends the session on another sharing the store', async () => {
    const other = await startServerUnderTest({
      ADMIN_TOKEN,
      DATABASE_URL: `sqlite:${server.dir}/x.db`,
      XEROFIX_SECRET_KEY: server.secrets[0],
    });
    try {
      const { cookie, csrf } = await signIn();
      expect((await get('/status', { cookie }, other.url)).status).toBe(200);
      expect((await post('/signout', { csrf }, { cookie })).status).toBe(303);
      expect((await get('/status', { cookie }, other.url)).status).toBe(303);
    } finally {
      await other.close();
    }
  });

  it('a new ADMIN_TOKEN ends every session made with the old one', async () => {
    const { cookie } = await signIn();
    const rotated = await startServerUnderTest({
      ADMIN_TOKEN: 'rotated-admin-token-9876543210fedcba',
      DATABASE_URL: `sqlite:${server.dir}/x.db`,
      XEROFIX_SECRET_KEY: server.secrets[0],
    });
    try {
      expect((await get('/status', { cookie })).status).toBe(200);
      expect((await get('/status', { cookie }, rotated.url)).status).toBe(303);
    } finally {
      await rotated.close();
    }
  });
});
