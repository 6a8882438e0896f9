import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonInWords } from '../../src/console/gaps-page.js';
import type { VerdictCode } from '../../src/core/verdict-codes.js';
import { draftFromPaste } from '../../src/freshdesk/open-ticket.js';
import { recordVerdict } from '../../src/probe/record.js';
import { buildVerdict } from '../../src/probe/verdicts.js';
import { verdictSentence } from '../../src/reply/verdict-wording.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

const ADMIN_TOKEN = 'console-test-admin-token-0123456789';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASTE_401 = '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
let server: ServerUnderTest;

// One connection for each thing a badge can say.
const SEEDED: readonly (readonly [string, VerdictCode | null])[] = [
  ['ok@acme.test', 'healthy'],
  ['down@beta.test', 'refresh-token-invalid'],
  ['busy@gamma.test', 'xero-unavailable'],
  ['lapsed@delta.test', 'access-token-expired'],
  ['fresh@epsilon.test', null],
];

beforeAll(async () => {
  server = await startServerUnderTest({ ADMIN_TOKEN, PUBLIC_URL: 'https://xerofix.example.com' });
  const store = server.running.services.store;
  for (const [customer, code] of SEEDED) {
    await server.connect(customer);
    if (!code) continue;
    const connection = await store.connections.findByCustomer(customer);
    await recordVerdict(store, connection, buildVerdict(customer, code, [], 'Acme Ltd'), Date.now(), 3);
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
const html = async (res: Response) => parse(await res.text());
const text = (el: HTMLElement | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await post('/signin', { token: ADMIN_TOKEN });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await (await get('/status', cookie)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

const rowOf = (page: HTMLElement, customer: string) =>
  page.querySelectorAll('tbody tr').find((tr) => text(tr.querySelector('td')).startsWith(customer));

describe('the staff console over HTTP', () => {
  it('shows nothing about customers without a session', async () => {
    for (const path of ['/overview', '/status', '/lookup', '/gaps', '/answers/xero-401-unauthorized']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/signin');
      expect(await res.text()).not.toContain('acme.test');
    }
    expect((await post('/lookup', { paste: 'x' })).status).toBe(403);
    expect((await post('/gaps/article', { lookup: 'x', entry: 'xero-401-unauthorized' })).status).toBe(403);
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

  it('opens on the overview after sign-in, and the bare address goes there too', async () => {
    const right = await post('/signin', { token: ADMIN_TOKEN });
    expect(right.headers.get('location')).toBe('/overview');
    const { cookie } = await signIn();
    expect((await get('/', cookie)).headers.get('location')).toBe('/overview');
    const page = await html(await get('/overview', cookie));
    expect(page.querySelector('nav a[aria-current="page"]')?.getAttribute('href')).toBe('/overview');
    expect(page.querySelectorAll('nav a').map((a) => a.getAttribute('href'))[0]).toBe('/overview');
  });

  it('says in words why every badge is what it is, broken first, and never shows a verdict code', async () => {
    const { cookie } = await signIn();
    const raw = await (await get('/status', cookie)).text();
    const page = parse(raw);
    const badge = (customer: string) => text(rowOf(page, customer)?.querySelector('.badge'));
    const reason = (customer: string) => text(rowOf(page, customer)?.querySelector('td.status .reason'));
    const org = { tenantName: 'Acme Ltd' };

    expect(badge('down@beta.test')).toBe('Broken');
    expect(reason('down@beta.test')).toBe(verdictSentence('refresh-token-invalid', org));
    expect(badge('busy@gamma.test')).toBe('Unknown');
    expect(reason('busy@gamma.test')).toContain(
      `could not tell: ${verdictSentence('xero-unavailable', org)}`,
    );
    expect(badge('lapsed@delta.test')).toBe('Unknown');
    expect(reason('lapsed@delta.test')).toContain(verdictSentence('access-token-expired', org));
    expect(badge('fresh@epsilon.test')).toBe('Unknown');
    expect(reason('fresh@epsilon.test')).toMatch(/^Never probed/);
    expect(badge('ok@acme.test')).toBe('Active');
    expect(reason('ok@acme.test')).toMatch(/Xero accepted the last check/);
    for (const [customer] of SEEDED) expect(reason(customer)).not.toBe('');
    for (const code of ['refresh-token-invalid', 'xero-unavailable', 'access-token-expired'])
      expect(raw).not.toContain(code);

    const order = page.querySelectorAll('tbody tr').map((tr) => text(tr.querySelector('td')).split(' ')[0]);
    expect(order[0]).toBe('down@beta.test');
    expect(order.at(-1)).toBe('ok@acme.test');

    const filtered = await (await get('/status?q=ok%40&sort=customer', cookie)).text();
    expect(filtered).toContain('ok@acme.test');
    expect(filtered).not.toContain('down@beta.test');
  });

  it('gives a broken connection the first step of its fix and a link to the whole answer', async () => {
    const { cookie } = await signIn();
    const page = await html(await get('/status', cookie));
    const fix = rowOf(page, 'down@beta.test')?.querySelector('td.fix');
    const entry = server.running.desk.index.entries.find((e) => e.id === 'xero-401-unauthorized');
    expect(text(fix)).toContain('First: Open the plugin');
    expect(fix?.querySelector('details')).toBeNull();
    expect(fix?.querySelectorAll('li')).toHaveLength(0); // one step, not the article
    const link = fix?.querySelector('a')?.getAttribute('href') ?? '';
    expect(link).toBe('/answers/xero-401-unauthorized?customer=down%40beta.test');

    const answer = await get(link, cookie);
    expect(answer.status).toBe(200);
    const full = await html(answer);
    expect(full.querySelectorAll('main ol').length).toBeGreaterThan(0);
    expect(full.querySelectorAll('main ol')[0]?.querySelectorAll('li')).toHaveLength(
      entry?.steps.length ?? -1,
    );
    expect(text(full.querySelector('main'))).toContain(
      `Live check: refresh-token-invalid ${verdictSentence('refresh-token-invalid', { tenantName: 'Acme Ltd' })}`,
    );
    const missing = await get('/answers/no-such-entry', cookie);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/answers/xero-401-unauthorized');
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

  it('probes from the Probe now button and says what the probe found', async () => {
    const { cookie, csrf } = await signIn();
    const runs = async () =>
      (await server.running.services.store.probeRuns.recent('ok@acme.test', 100)).length;
    const before = await runs();
    const res = await post('/status/probe', { customer: 'ok@acme.test', csrf }, cookie);
    expect(res.status).toBe(303);
    expect(await runs()).toBe(before + 1);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/status\?probed=ok%40acme\.test&verdict=healthy#c-ok-acme-test$/);
    const page = await html(await get(location, cookie));
    expect(text(page.querySelector('[role="status"]'))).toBe(
      'Probed ok@acme.test: Active. Working: Xero accepted the last check.',
    );
    expect(page.querySelector('#c-ok-acme-test')).not.toBeNull();
  });

  it('says so in words when Probe now finds a connection broken', async () => {
    const { cookie, csrf } = await signIn();
    const tenant = server.xero.state.tenants.get('tenant-acme');
    if (!tenant) throw new Error('the fake Xero has no tenant-acme');
    tenant.mode = 'forbidden';
    try {
      const res = await post('/status/probe', { customer: 'down@beta.test', csrf }, cookie);
      const page = await html(await get(res.headers.get('location') ?? '', cookie));
      const said = text(page.querySelector('[role="status"]'));
      expect(said).toBe(
        `Probed down@beta.test: Broken. ${verdictSentence('tenant-forbidden', { tenantName: 'Acme Ltd' })}`,
      );
      expect(page.querySelector('[role="status"]')?.classList.contains('error')).toBe(true);
    } finally {
      tenant.mode = 'ok';
    }
  });

  it('keeps the paste box on top of /lookup and lists the evidence once, escaping what was pasted', async () => {
    const { cookie, csrf } = await signIn();
    const paste = `${PASTE_401} <script>alert(1)</script>`;
    const raw = await (await post('/lookup', { csrf, paste }, cookie)).text();
    expect(raw.indexOf('<textarea')).toBeGreaterThan(-1);
    expect(raw.indexOf('<textarea')).toBeLessThan(raw.indexOf('What the customer would get'));
    const page = parse(raw);
    expect(page.querySelector('textarea')?.innerHTML).toContain('&lt;script&gt;alert(1)');
    expect(raw).not.toContain('<script>alert(1)</script>');
    const main = text(page.querySelector('main'));
    const count = (needle: string) => main.split(needle).length - 1;
    expect(count('HTTP status 401')).toBe(1);
    expect(count('Status: 401')).toBe(0); // the same fact, said once already
    expect(count('Detail AuthenticationUnsuccessful')).toBe(1);
    expect(count('Detail: AuthenticationUnsuccessful')).toBe(0);
    expect(count("Open the plugin's Xero settings")).toBe(1); // the fix once, not per card
    expect(main).toMatch(/Authorise/);
    expect((await post('/lookup', { csrf, paste: '  ' }, cookie)).status).toBe(400);
  });

  it('answers an unmatched paste on /lookup in plain words, without scores or thresholds', async () => {
    const { cookie, csrf } = await signIn();
    const page = await html(
      await post('/lookup', { csrf, paste: 'the coffee machine on floor two is broken' }, cookie),
    );
    const decided = page
      .querySelectorAll('.card')
      .find((c) => text(c.querySelector('h2')) === 'How xerofix decided');
    expect(text(decided)).toContain('No knowledge entry answers this');
    const main = text(page.querySelector('main'));
    expect(main).not.toMatch(/\d+\s*%/);
    expect(main).not.toMatch(/0\.\d+\s*</);
    expect(main).not.toMatch(/confidence/i);
  });

  it('lists unanswered questions from every recording surface on /gaps, CLI ticket open included, newest first', async () => {
    const { cookie } = await signIn();
    await server.running.desk.ask({ surface: 'slack', paste: 'older gap about invoices' });
    await new Promise((r) => setTimeout(r, 5));
    // What `xerofix ticket open` records (the CLI's only question that reaches a store).
    await draftFromPaste(server.running.desk, { email: 'a@cli.test', paste: 'newer gap about payroll' });
    const raw = await (await get('/gaps', cookie)).text();
    expect(raw.indexOf('newer gap about payroll')).toBeLessThan(raw.indexOf('older gap about invoices'));
    const page = parse(raw);
    const cli = page.querySelectorAll('tbody tr').find((tr) => text(tr).includes('newer gap about payroll'));
    expect(text(cli?.querySelector('td[data-label="Where"]'))).toBe('CLI (ticket open)');
    // Why it went unanswered, in the words the page uses for the reason the matcher gave.
    const diagnosis = server.running.desk.diagnose('newer gap about payroll');
    expect(text(cli?.querySelector('td[data-label="Why not"]'))).toBe(
      reasonInWords(diagnosis.kind === 'abstain' ? diagnosis.reason : null),
    );
    expect(text(page.querySelector('main'))).toContain(
      'xerofix diagnose in a terminal works without a database',
    );
  });

  it('marks a gap as turned into an article, which then links to the answer instead of staying open', async () => {
    const { cookie, csrf } = await signIn();
    const asked = await server.running.desk.ask({ surface: 'web', paste: 'bank feed import stuck at 99' });
    const openRow = (page: HTMLElement) =>
      page.querySelectorAll('tr[data-gap]').find((tr) => tr.getAttribute('data-gap') === asked.lookup.id);

    const unknown = await post(
      '/gaps/article',
      { csrf, lookup: asked.lookup.id, entry: 'bank-feeds' },
      cookie,
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/no knowledge entry &quot;bank-feeds&quot;.*kb build/);
    expect(
      (await post('/gaps/article', { lookup: asked.lookup.id, entry: 'xero-403-forbidden' }, cookie)).status,
    ).toBe(403);

    const res = await post(
      '/gaps/article',
      { csrf, lookup: asked.lookup.id, entry: 'xero-403-forbidden' },
      cookie,
    );
    expect(res.status).toBe(303);
    const page = await html(await get(res.headers.get('location') ?? '', cookie));
    expect(text(page.querySelector('[role="status"]'))).toMatch(/^Marked as turned into "Xero knows the app/);
    const row = openRow(page);
    expect(row?.querySelector('form')).toBeNull(); // no longer open
    expect(row?.querySelector('a')?.getAttribute('href')).toBe('/answers/xero-403-forbidden');
    expect((await server.running.services.store.lookups.openGaps(1000)).map((g) => g.id)).not.toContain(
      asked.lookup.id,
    );
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
