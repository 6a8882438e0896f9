import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVerdict } from '../../src/probe/record.js';
import { buildVerdict } from '../../src/probe/verdicts.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

// A real browser (Debian's Chromium, driven by playwright-core) signs in to the console, sees a
// healthy and a broken connection with the right badges, and runs a lookup. .ci/run installs
// Chromium; elsewhere the test is skipped when it is missing.

const ADMIN_TOKEN = 'browser-test-admin-token-0123456789';
const executablePath = process.env.XEROFIX_TEST_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.CI === 'true')
  throw new Error(`Chromium is required in CI: ${executablePath} is missing`);
if (!available)
  console.warn(
    `browser test skipped: no Chromium at ${executablePath} (apt-get install chromium, or set XEROFIX_TEST_CHROMIUM)`,
  );
const ARTIFACTS = 'test-artifacts';

/** Runs in the page: the element's computed background colour. */
type Styled = { getComputedStyle(el: unknown): { backgroundColor: string } };
const backgroundOf = (el: unknown) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor;

let server: ServerUnderTest;
let browser: Browser;

describe.skipIf(!available)('the web console in a browser', () => {
  beforeAll(async () => {
    server = await startServerUnderTest({ ADMIN_TOKEN });
    await server.connect('healthy@acme.test');
    await server.connect('broken@acme.test');
    const store = server.running.services.store;
    for (const [customer, code] of [
      ['healthy@acme.test', 'healthy'],
      ['broken@acme.test', 'tenant-forbidden'],
    ] as const) {
      const connection = await store.connections.findByCustomer(customer);
      await recordVerdict(store, connection, buildVerdict(customer, code, []), Date.now(), 5);
    }
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, shows Active and Broken badges, and runs a lookup', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/status`);
    expect(page.url()).toContain('/signin');
    await page.fill('input[name="token"]', ADMIN_TOKEN);
    await Promise.all([
      page.waitForURL(/\/status/),
      page.click('button[type="submit"], input[type="submit"]'),
    ]);

    const healthy = page.locator('tr', { hasText: 'healthy@acme.test' });
    const broken = page.locator('tr', { hasText: 'broken@acme.test' });
    await expect(healthy.locator('.badge-active').textContent()).resolves.toMatch(/Active/);
    await expect(broken.locator('.badge-broken').textContent()).resolves.toMatch(/Broken/);
    const green = await healthy.locator('.badge-active').evaluate(backgroundOf);
    const red = await broken.locator('.badge-broken').evaluate(backgroundOf);
    expect(green).toBe('rgb(30, 142, 62)');
    expect(red).toBe('rgb(197, 34, 31)');

    await page.goto(`${server.url}/lookup`);
    await page.fill(
      'textarea[name="paste"]',
      '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"',
    );
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/lookup"] button[type="submit"]'),
    ]);
    await expect(page.locator('body').textContent()).resolves.toMatch(/Authorise/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-lookup.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'console-lookup.png'))).toBe(true);
  }, 60_000);
});
