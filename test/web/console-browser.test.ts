import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerdictCode } from '../../src/core/verdict-codes.js';
import { recordVerdict } from '../../src/probe/record.js';
import { buildVerdict } from '../../src/probe/verdicts.js';
import { verdictSentence } from '../../src/reply/verdict-wording.js';
import type { Surface } from '../../src/store/lookups.js';
import { openStore, type Store } from '../../src/store/store.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

// A real browser (Debian's Chromium, driven by playwright-core) signs in to the console and
// opens every page as staff would: the overview's charts, /status at desktop width and at a
// phone's 390 px, /lookup and /gaps. It also takes the screenshots the README shows.
// .ci/run installs Chromium; on a machine without it the test is skipped and says how to get
// it, but wherever CI is set a missing Chromium fails the run instead of skipping quietly.

const ADMIN_TOKEN = 'browser-test-admin-token-0123456789';
const executablePath = process.env.XEROFIX_TEST_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
const inCi = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI).toLowerCase());
const HOW = 'install it (apt-get install -y chromium) or point XEROFIX_TEST_CHROMIUM at a Chromium binary';
if (!available && inCi)
  throw new Error(`The browser test needs Chromium in CI, but there is none at ${executablePath}: ${HOW}.`);
if (!available)
  console.warn(`[xerofix tests] browser test skipped: no Chromium at ${executablePath}; ${HOW}.`);

/** Pictures for whoever looks into a failure (not kept in the repository). */
const ARTIFACTS = 'test-artifacts';
// The README's pictures are replaced only when asked (UPDATE_SCREENSHOTS=1 npx vitest run
// test/web/console-browser.test.ts): their dates change on every run, and a test run should
// not leave the working tree modified.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : ARTIFACTS;
const DESKTOP = { width: 1200, height: 900 };
const PHONE = { width: 390, height: 844 };
const DAY_MS = 86_400_000;
const DAYS_SEEDED = 14;
const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';

// These run in the page, so they may only use what the page has (no closures over test code).
type PageGlobals = {
  document: { documentElement: { scrollWidth: number } };
  getComputedStyle(el: unknown): { backgroundColor: string; display: string };
};
const backgroundOf = (el: unknown) =>
  (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor;
const displayOf = (el: unknown) => (globalThis as unknown as PageGlobals).getComputedStyle(el).display;
const scrollWidth = () => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth;

// Two weeks of questions: how many of each outcome on each day (0 = today).
const answeredOn = (d: number) => ((d * 7) % 5) + 1;
const declinedOn = (d: number) => d % 3;
const escalatedOn = (d: number) => (d % 4 === 0 ? 1 : 0);
const ENTRIES = ['xero-401-unauthorized', 'xero-403-forbidden', 'xero-500-cannot-connect'];
const CONNECTIONS: readonly (readonly [string, VerdictCode | null])[] = [
  ['healthy@acme.test', 'healthy'],
  ['broken@beta.test', 'tenant-forbidden'],
  ['busy@gamma.test', 'xero-unavailable'],
  ['new@delta.test', null],
];

let server: ServerUnderTest;
let browser: Browser;
const today = Date.now();
const startOfToday = today - (today % DAY_MS);
/**
 * A moment on the day `d` days ago, `share` of the way from midnight (UTC) to now's time of day:
 * the seeded day 0 is always today, however soon after midnight the test runs, and never later
 * than now (a fixed "an hour ago" put day 0 on yesterday between 00:00 and 01:00).
 */
const onDay = (d: number, share: number) =>
  startOfToday - d * DAY_MS + Math.floor((today - startOfToday) * share);

async function seedHistory(store: Store, setClock: (ms: number) => void): Promise<void> {
  const ask = (d: number, surface: Surface, entry: string | null, paste: string) => {
    setClock(onDay(d, 0.5));
    return store.lookups.add({ surface, paste, entry, reason: entry ? null : 'no-match', confidence: 0.8 });
  };
  const gaps = [
    'Bank feed import stuck at 99% since Monday',
    'Invoice INV-2231 shows twice in the payments report',
    'Payroll export: "Employee ABC has no tax code"',
  ];
  for (let d = 0; d < DAYS_SEEDED; d++) {
    for (let i = 0; i < answeredOn(d); i++) {
      const entry = ENTRIES[(d + i) % (i === 0 ? 1 : ENTRIES.length)] as string;
      const q = await ask(d, i % 2 ? 'web' : 'slack', entry, PASTE_401);
      await store.feedback.vote({
        lookupId: q.id,
        voter: `agent-${i}`,
        entry,
        vote: (d + i) % 6 ? 'up' : 'down',
      });
    }
    for (let i = 0; i < declinedOn(d); i++)
      await ask(d, 'freshdesk', null, gaps[(d + i) % gaps.length] as string);
    for (let i = 0; i < escalatedOn(d); i++) await ask(d, 'cli', 'xero-403-forbidden', PASTE_401);
    // Each connection probed every day; one broke for three days, and Xero was busy once.
    for (const [customer, now] of CONNECTIONS) {
      if (!now) continue; // never probed
      const verdict =
        customer.startsWith('broken') && d >= 3 && d <= 5
          ? 'tenant-forbidden'
          : d === 8 && customer.startsWith('busy')
            ? 'xero-unavailable'
            : 'healthy';
      await store.probeRuns.add({
        connectionId: `conn-${customer}`,
        customerKey: customer,
        verdict,
        entry: null,
        checks: [],
        startedAt: onDay(d, 0.25),
        durationMs: 40,
      });
    }
  }
}

describe.skipIf(!available)('the web console in a browser', () => {
  let cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startServerUnderTest({ ADMIN_TOKEN });
    const store = server.running.services.store;
    let at = today;
    const seeding = await openStore({
      location: { kind: 'sqlite', path: join(server.dir, 'x.db') },
      keyRing: server.running.services.keyRing,
      clock: () => at,
    });
    try {
      await seedHistory(seeding, (ms) => {
        at = ms;
      });
    } finally {
      await seeding.close();
    }
    for (const [customer, code] of CONNECTIONS) {
      await server.connect(customer);
      if (code)
        await recordVerdict(
          store,
          await store.connections.findByCustomer(customer),
          buildVerdict(customer, code, [], 'Acme Ltd'),
          Date.now(),
          5,
        );
    }
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page signed in as staff; CSP complaints are collected, as the console must need none. */
  async function signedIn(viewport = DESKTOP): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${server.url}/status`);
    expect(page.url()).toContain('/signin');
    await page.fill('input[name="token"]', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(/\/overview$/), page.click('button[type="submit"]')]);
    return page;
  }

  const noOverflowAt390 = async (page: Page, name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `console-${name}-390.png`) });
    const width = await page.evaluate(scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
  };

  it('signs in to the overview and draws its charts from the stored history', async () => {
    cspViolations = [];
    const page = await signedIn();
    const outcomeBars = page.locator('svg[data-chart="outcomes"] rect.bar');
    let expected = 0;
    for (let d = 0; d < DAYS_SEEDED; d++)
      expected += [answeredOn(d), declinedOn(d), escalatedOn(d)].filter((n) => n > 0).length;
    await expect(outcomeBars.count()).resolves.toBe(expected);
    await expect(page.locator('svg[data-chart="outcomes"]').getAttribute('role')).resolves.toBe('img');
    const box = await page.locator('svg[data-chart="outcomes"]').boundingBox();
    expect(box?.width).toBeGreaterThan(500);
    expect(box?.height).toBeGreaterThan(100);

    await expect(page.locator('svg[data-chart="top-entries"] rect.bar').count()).resolves.toBe(
      ENTRIES.length,
    );
    await expect(page.locator('svg[data-chart="votes"] rect.bar').count()).resolves.toBe(2);
    // Every seeded day was probed: a point per day for each of the three health lines.
    await expect(page.locator('svg[data-chart="health"] circle.point').count()).resolves.toBe(
      DAYS_SEEDED * 3,
    );
    // The connection that broke for three days (and is broken today) is broken on exactly those days.
    const brokenPoints = await page
      .locator('svg[data-chart="health"] circle.point[data-series="broken"] title')
      .allTextContents();
    expect(brokenPoints.filter((t) => t.endsWith(': 1 broken'))).toHaveLength(4);
    // The numbers behind a chart are one click away, and readable.
    await page.click('svg[data-chart="outcomes"] ~ details summary');
    await expect(page.locator('svg[data-chart="outcomes"] ~ details tbody tr').count()).resolves.toBe(30);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.click('svg[data-chart="outcomes"] ~ details summary'); // closed again for the picture
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
    expect(statSync(join(SCREENSHOTS, 'overview.png')).size).toBeGreaterThan(10_000);

    await page.setViewportSize(PHONE);
    await noOverflowAt390(page, 'overview');
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 60_000);

  it('gives every badge on /status its reason in words, at desktop width and stacked at 390 px', async () => {
    cspViolations = [];
    const page = await signedIn();
    await page.goto(`${server.url}/status`);
    const row = (customer: string) => page.locator('tbody tr', { hasText: customer });
    const reason = (customer: string) => row(customer).locator('td.status .reason').textContent();
    const org = { tenantName: 'Acme Ltd' };

    await expect(row('healthy@acme.test').locator('.badge-active').textContent()).resolves.toBe('Active');
    await expect(row('broken@beta.test').locator('.badge-broken').textContent()).resolves.toBe('Broken');
    await expect(reason('broken@beta.test')).resolves.toBe(verdictSentence('tenant-forbidden', org));
    await expect(row('busy@gamma.test').locator('.badge-unknown').textContent()).resolves.toBe('Unknown');
    await expect(reason('busy@gamma.test')).resolves.toContain(verdictSentence('xero-unavailable', org));
    await expect(reason('new@delta.test')).resolves.toMatch(/^Never probed/);
    await expect(row('broken@beta.test').locator('td.fix').textContent()).resolves.toMatch(/^First: /);
    const green = await row('healthy@acme.test').locator('.badge-active').evaluate(backgroundOf);
    const red = await row('broken@beta.test').locator('.badge-broken').evaluate(backgroundOf);
    expect(green).toBe('rgb(30, 142, 62)');
    expect(red).toBe('rgb(197, 34, 31)');

    // Probe now reports back on the page it returns to.
    await Promise.all([
      page.waitForURL(/probed=/),
      row('healthy@acme.test').locator('button', { hasText: 'Probe now' }).click(),
    ]);
    await expect(page.locator('[role="status"]').textContent()).resolves.toBe(
      'Probed healthy@acme.test: Active. Working: Xero accepted the last check.',
    );

    await page.setViewportSize(PHONE);
    await noOverflowAt390(page, 'status');
    // Stacked: each cell on its own line, named by its column.
    await expect(row('broken@beta.test').locator('td.status').evaluate(displayOf)).resolves.toBe('block');
    const badge = await row('broken@beta.test').locator('.badge').boundingBox();
    expect(badge && badge.x + badge.width).toBeLessThanOrEqual(PHONE.width);
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps the paste box on top of /lookup, shows the evidence once, and fits a phone', async () => {
    cspViolations = [];
    const page = await signedIn();
    await page.goto(`${server.url}/lookup`);
    await page.fill('textarea[name="paste"]', PASTE_401);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/lookup"] button[type="submit"]'),
    ]);
    const paste = await page.locator('textarea[name="paste"]').boundingBox();
    const answer = await page.locator('#answer').boundingBox();
    expect(paste && answer && paste.y < answer.y).toBe(true);
    await expect(page.locator('textarea[name="paste"]').inputValue()).resolves.toBe(PASTE_401);
    await expect(page.locator('li', { hasText: /^HTTP status 401$/ }).count()).resolves.toBe(1);
    await expect(page.locator('li', { hasText: /^Status: 401$/ }).count()).resolves.toBe(0);
    await expect(page.locator('#answer').textContent()).resolves.toMatch(/Authorise/);
    await page.screenshot({ path: join(SCREENSHOTS, 'lookup.png'), fullPage: true });
    expect(statSync(join(SCREENSHOTS, 'lookup.png')).size).toBeGreaterThan(10_000);

    await page.setViewportSize(PHONE);
    await noOverflowAt390(page, 'lookup');
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 60_000);

  it('lists gaps from every recording surface on /gaps and marks one as turned into an article', async () => {
    cspViolations = [];
    const page = await signedIn();
    await page.goto(`${server.url}/gaps`);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'xerofix diagnose in a terminal works without a database',
    );
    const first = page.locator('tr[data-gap]').first();
    const gapId = await first.getAttribute('data-gap');
    // A gap row has two forms: "turned into an article", and the agent's pick of the right answer.
    const marking = first.locator('form:not(.pick)');
    await marking.locator('input[name="entry"]').fill('xero-403-forbidden');
    await Promise.all([page.waitForURL(/marked=/), marking.locator('button[type="submit"]').click()]);
    await expect(page.locator('[role="status"]').textContent()).resolves.toMatch(
      /^Marked as turned into "Xero knows the app/,
    );
    const marked = page.locator(`tr[data-gap="${gapId}"]`);
    await expect(marked.locator('a').getAttribute('href')).resolves.toBe('/answers/xero-403-forbidden');
    await expect(marked.locator('form').count()).resolves.toBe(0);

    await page.setViewportSize(PHONE);
    await noOverflowAt390(page, 'gaps');
    await page.goto(`${server.url}/answers/xero-403-forbidden`);
    await noOverflowAt390(page, 'answer');
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 60_000);
});
