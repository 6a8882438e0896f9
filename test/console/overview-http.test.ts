import { join } from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_TICKET_JOB } from '../../src/answer/ticket.js';
import type { Surface } from '../../src/store/lookups.js';
import { openStore, type Store } from '../../src/store/store.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

// The overview over HTTP, on a server whose store was given three days of questions, votes and
// probes (written through a second store on the same SQLite file, whose clock the test sets).

const ADMIN_TOKEN = 'overview-test-admin-token-0123456789';
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let server: ServerUnderTest;
let seeding: Store;
let cookie = '';
let at = Date.now();
const today = Date.now();

beforeAll(async () => {
  server = await startServerUnderTest({ ADMIN_TOKEN });
  seeding = await openStore({
    location: { kind: 'sqlite', path: join(server.dir, 'x.db') },
    keyRing: server.running.services.keyRing,
    clock: () => at,
  });
  const ask = (daysAgo: number, surface: Surface, entry: string | null, paste = 'an error') => {
    at = today - daysAgo * DAY_MS;
    return seeding.lookups.add({ surface, paste, entry, reason: entry ? null : 'no-match', confidence: 0.5 });
  };
  await ask(40, 'slack', 'xero-403-forbidden'); // outside the 30-day window
  const a = await ask(2, 'slack', 'xero-401-unauthorized');
  await ask(2, 'web', 'xero-401-unauthorized');
  await ask(2, 'freshdesk', null, 'payroll run failed with code 77');
  await ask(1, 'cli', 'xero-403-forbidden'); // `ticket open`: escalated
  const ticketed = await ask(0, 'slack', 'xero-403-forbidden');
  await ask(0, 'slack', 'xero-401-unauthorized');
  await seeding.jobs.enqueue({
    kind: OPEN_TICKET_JOB,
    dedupeKey: `${OPEN_TICKET_JOB}:view-1`,
    payload: { lookupId: ticketed.id },
  });
  for (const [voter, vote] of [
    ['u1', 'up'],
    ['u2', 'up'],
    ['u3', 'up'],
    ['u4', 'down'],
  ] as const)
    await seeding.feedback.vote({ lookupId: a.id, voter, entry: a.entry, vote });
  const probe = (customer: string, verdict: string, daysAgo: number) =>
    seeding.probeRuns.add({
      connectionId: `conn-${customer}`,
      customerKey: customer,
      verdict,
      entry: null,
      checks: [],
      startedAt: today - daysAgo * DAY_MS,
      durationMs: 5,
    });
  await probe('a@acme.test', 'healthy', 2);
  await probe('b@acme.test', 'tenant-forbidden', 2);
  await probe('a@acme.test', 'healthy', 0);
  await probe('b@acme.test', 'xero-unavailable', 0);

  const res = await fetch(`${server.url}/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    redirect: 'manual',
  });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 60_000);
afterAll(async () => {
  await seeding?.close();
  await server?.close();
});

const overview = async () => {
  const res = await fetch(`${server.url}/overview`, { headers: { cookie }, redirect: 'manual' });
  expect(res.status).toBe(200);
  return parse(await res.text());
};
const chart = (page: HTMLElement, id: string) => page.querySelector(`svg[data-chart="${id}"]`);
const marks = (page: HTMLElement, id: string, what: 'rect.bar' | 'circle.point') =>
  (chart(page, id)?.querySelectorAll(what) ?? []).map((m) =>
    `${m.getAttribute('data-day') ?? ''} ${m.getAttribute('data-series')}`.trim(),
  );
const tableRow = (page: HTMLElement, id: string, header: string) =>
  chart(page, id)
    ?.parentNode?.querySelectorAll('tbody tr')
    .find((tr) => tr.querySelector('th')?.textContent.trim() === header)
    ?.querySelectorAll('td')
    .map((td) => td.textContent.trim());

describe('the overview', () => {
  it('draws questions per day by outcome as stacked bars, a bar part for each outcome a day had', async () => {
    const page = await overview();
    const svg = chart(page, 'outcomes');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.querySelector('title')?.textContent).toBe(
      'Questions per day over the last 30 days: 3 answered, 1 declined, 2 escalated.',
    );
    const [d2, d1, d0] = [2, 1, 0].map((n) => dayOf(today - n * DAY_MS));
    expect(marks(page, 'outcomes', 'rect.bar').sort()).toEqual(
      [`${d2} answered`, `${d2} declined`, `${d1} escalated`, `${d0} answered`, `${d0} escalated`].sort(),
    );
    // The numbers, for screen readers: every day of the window, with and without questions.
    expect(chart(page, 'outcomes')?.parentNode?.querySelectorAll('tbody tr')).toHaveLength(30);
    expect(tableRow(page, 'outcomes', d2 as string)).toEqual(['2', '1', '0']);
    expect(tableRow(page, 'outcomes', d0 as string)).toEqual(['1', '0', '1']);
    expect(tableRow(page, 'outcomes', dayOf(today - 5 * DAY_MS))).toEqual(['0', '0', '0']);
  });

  it('ranks the answers given most, with their votes, and shows the 👍/👎 ratio', async () => {
    const page = await overview();
    expect(chart(page, 'top-entries')?.querySelectorAll('rect.bar')).toHaveLength(2);
    const rows = chart(page, 'top-entries')?.parentNode?.querySelectorAll('tbody tr') ?? [];
    expect(rows[0]?.querySelector('a')?.getAttribute('href')).toBe('/answers/xero-401-unauthorized');
    expect(rows[0]?.querySelectorAll('td').map((td) => td.textContent)).toEqual(['3', '3', '1']);
    expect(rows[1]?.querySelectorAll('td').map((td) => td.textContent)).toEqual(['2', '0', '0']);

    expect(marks(page, 'votes', 'rect.bar')).toEqual(['up', 'down']);
    expect(chart(page, 'votes')?.querySelector('title')?.textContent).toContain('75% found helpful');
    const widths = chart(page, 'votes')
      ?.querySelectorAll('rect.bar')
      .map((r) => Number(r.getAttribute('width')));
    expect(widths).toEqual([450, 150]);
  });

  it('lists the newest question nothing answered, and draws connection health with a point per probed day', async () => {
    const page = await overview();
    const main = page.querySelector('main')?.textContent ?? '';
    expect(main).toContain('1 question in the last 30 days had no answer.');
    expect(main).toContain('payroll run failed with code 77');

    const [d2, d0] = [2, 0].map((n) => dayOf(today - n * DAY_MS));
    const points = marks(page, 'health', 'circle.point');
    expect(points).toHaveLength(6); // two probed days × working, broken, could not tell
    expect(new Set(points.map((p) => p.split(' ')[0]))).toEqual(new Set([d2, d0]));
    expect(tableRow(page, 'health', d2 as string)).toEqual(['1', '1', '0', '0', '0']);
    expect(tableRow(page, 'health', d0 as string)).toEqual(['1', '0', '1', '0', '0']);
    // Days apart: no line is drawn across the day without probes.
    expect(chart(page, 'health')?.querySelectorAll('polyline')).toHaveLength(0);
  });
});
