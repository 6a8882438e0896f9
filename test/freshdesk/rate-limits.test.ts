import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFreshdeskClient, type FreshdeskClientOptions } from '../../src/freshdesk/client.js';
import { FreshdeskError } from '../../src/freshdesk/errors.js';
import { retryAfterMs } from '../../src/freshdesk/retry-after.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';

// Freshdesk's 429s against the real client and a loopback Freshdesk. Sleeps are injected and
// move a fake clock, so each test asserts exactly how long the client asked to wait.

const START = Date.parse('2030-01-01T00:00:00Z');
const httpDate = (ms: number) => new Date(ms).toUTCString();

let fd: FakeFreshdesk;
let clock: number;
let waits: number[];

const client = (over: Partial<FreshdeskClientOptions> = {}) =>
  createFreshdeskClient({
    baseUrl: fd.url,
    apiKey: fd.apiKey,
    timeoutMs: 2000,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    ...over,
  });

const ticket = () => fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test' });
const total = (list: number[]) => list.reduce((a, b) => a + b, 0);

async function caught(promise: Promise<unknown>): Promise<FreshdeskError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FreshdeskError) return err;
    throw err;
  }
  throw new Error('expected a FreshdeskError');
}

beforeEach(async () => {
  fd = await startFakeFreshdesk();
  clock = START;
  waits = [];
});
afterEach(() => fd.close());

describe('Freshdesk 429s', () => {
  it('recovers from four 429s with Retry-After: 1 after four seconds of waiting, not minutes', async () => {
    const t = ticket();
    const c = client();
    const calls = [
      () => c.getTicket(t.id),
      () => c.addNote(t.id, '<p>n</p>', { private: true }),
      () => c.listConversations(t.id),
      () => c.createTicket({ email: 'a@b.test', subject: 'x', description: 'y', status: 2, priority: 1 }),
    ];
    for (const call of calls) {
      // Each 429 also says "0 remaining", as Freshdesk's do.
      fd.rateLimitNext(1, { headers: { 'x-ratelimit-total': '50' } });
      await call();
    }
    expect(waits).toEqual([1000, 1000, 1000, 1000]);
    expect(total(waits)).toBe(4000);
    expect(fd.state.answersOn(t.id)).toHaveLength(1);
  });

  it('waits one second per 429 when one call is throttled three times in a row, then succeeds', async () => {
    const t = ticket();
    fd.rateLimitNext(1, { times: 3 });
    expect((await client().getTicket(t.id)).id).toBe(t.id);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('honours a Retry-After given as an HTTP date, measured against the answer’s own Date', async () => {
    const t = ticket();
    // Our clock is an hour ahead of Freshdesk's: only the difference between its dates counts.
    clock = START + 3_600_000;
    fd.rateLimitNext(httpDate(START + 5000), { headers: { date: httpDate(START) } });
    expect((await client().getTicket(t.id)).id).toBe(t.id);
    expect(waits).toEqual([5000]);
  });

  it('measures an HTTP-date Retry-After against our clock when the answer has no usable Date', async () => {
    const t = ticket();
    fd.rateLimitNext(httpDate(START + 3000), { headers: { date: 'not a date' } });
    await client().getTicket(t.id);
    expect(waits).toEqual([3000]);
  });

  it('retries at once when the Retry-After date has already passed', async () => {
    const t = ticket();
    fd.rateLimitNext(httpDate(START - 10_000), { headers: { date: httpDate(START) } });
    expect((await client().getTicket(t.id)).id).toBe(t.id);
    expect(waits).toEqual([]);
    expect(fd.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('does not make the next successful call wait a minute after a 429 that said 0 remaining', async () => {
    const t = ticket();
    const c = client();
    fd.rateLimitNext(1, { headers: { 'x-ratelimit-total': '50', 'x-ratelimit-remaining': '0' } });
    await c.getTicket(t.id);
    await c.getTicket(t.id);
    await c.getTicket(t.id);
    expect(waits).toEqual([1000]);
  });

  it('holds a call made while another waits out a 429 for the rest of that wait only', async () => {
    const t = ticket();
    const sleeping: { ms: number; wake: () => void }[] = [];
    const c = client({
      sleep: (ms) =>
        new Promise<void>((wake) => {
          sleeping.push({ ms, wake });
        }),
    });
    fd.rateLimitNext(2);
    const first = c.getTicket(t.id);
    await expect.poll(() => sleeping.length).toBe(1);
    clock += 500;
    const second = c.getTicket(t.id);
    await expect.poll(() => sleeping.length).toBe(2);
    expect(sleeping.map((s) => s.ms)).toEqual([2000, 1500]);
    // The second call did not reach Freshdesk while the account was throttled.
    expect(fd.requests).toHaveLength(1);
    clock += 1500;
    for (const s of sleeping) s.wake();
    expect((await first).id).toBe(t.id);
    expect((await second).id).toBe(t.id);
  });

  it('sends this and every other call back to the job queue when Retry-After is longer than it will wait', async () => {
    const t = ticket();
    const c = client({ maxWaitSeconds: 120 });
    fd.rateLimitNext(600);
    const first = await caught(c.getTicket(t.id));
    expect(first).toMatchObject({ code: 'freshdesk.rate-limited', retryable: true, retryAfterSeconds: 600 });
    clock += 100_000;
    const other = await caught(c.addNote(t.id, '<p>n</p>', { private: true }));
    expect(other).toMatchObject({ code: 'freshdesk.rate-limited', retryable: true, retryAfterSeconds: 500 });
    expect(other.message).toMatch(/retry after 500 s/);
    expect(fd.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('waits out the rest of the minute window when a 429 has no readable Retry-After', async () => {
    const t = ticket();
    const c = client();
    await c.getTicket(t.id);
    clock += 20_000;
    fd.rateLimitNext('soon');
    await c.getTicket(t.id);
    expect(waits).toEqual([40_000]);
  });

  it('waits a minute when a 429 has no readable Retry-After and the window is unknown', async () => {
    const t = ticket();
    fd.rateLimitNext('-5');
    await client().getTicket(t.id);
    expect(waits).toEqual([60_000]);
  });

  it('never paces a call past the end of the minute window', async () => {
    const t = ticket();
    fd.setBudget(20);
    const c = client();
    await c.getTicket(t.id);
    // Most of the minute has gone by the time the budget runs low.
    clock += 50_000;
    for (let i = 0; i < 18; i++) await c.getTicket(t.id);
    expect(c.rateLimit()).toEqual({ total: 20, remaining: 1 });
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10_000);
    expect(clock).toBeLessThanOrEqual(START + 60_000);
  });

  it('recovers from a real 429 with Retry-After: 1 in about a second (real clock, real sleep)', async () => {
    const t = ticket();
    const c = createFreshdeskClient({ baseUrl: fd.url, apiKey: fd.apiKey, timeoutMs: 2000 });
    fd.rateLimitNext(1, { headers: { 'x-ratelimit-total': '50' } });
    const started = performance.now();
    await c.getTicket(t.id);
    const recovered = performance.now() - started;
    await c.getTicket(t.id);
    const next = performance.now() - started - recovered;
    console.info(
      `[rate-limits] recovery after a 429 with Retry-After: 1 took ${Math.round(recovered)} ms; the next call ${Math.round(next)} ms`,
    );
    expect(recovered).toBeGreaterThanOrEqual(990);
    expect(recovered).toBeLessThan(10_000);
    expect(next).toBeLessThan(5_000);
  });
});

describe('reading Retry-After', () => {
  const now = START;

  it('reads seconds, including fractions', () => {
    expect(retryAfterMs('1', { now })).toBe(1000);
    expect(retryAfterMs(' 120 ', { now })).toBe(120_000);
    expect(retryAfterMs('0', { now })).toBe(0);
    expect(retryAfterMs('1.5', { now })).toBe(1500);
    expect(retryAfterMs(['2', '9'], { now })).toBe(2000);
  });

  it('reads the three HTTP date forms as UTC', () => {
    expect(retryAfterMs('Tue, 01 Jan 2030 00:00:07 GMT', { now })).toBe(7000);
    expect(retryAfterMs('Tuesday, 01-Jan-30 00:00:08 GMT', { now })).toBe(8000);
    expect(retryAfterMs('Tue Jan  1 00:00:09 2030', { now })).toBe(9000);
  });

  it('measures a date against the server’s Date when it has one', () => {
    const serverDate = 'Tue, 01 Jan 2030 00:10:00 GMT';
    expect(retryAfterMs('Tue, 01 Jan 2030 00:10:04 GMT', { now, serverDate })).toBe(4000);
  });

  it('reads a date in the past as no wait', () => {
    expect(retryAfterMs('Mon, 31 Dec 2029 23:59:00 GMT', { now })).toBe(0);
  });

  it('gives nothing for an absent or unreadable header, so the caller’s default applies', () => {
    for (const bad of [undefined, null, '', 'soon', '-1', '1e3', '0x10', 'Tue, 31 Feb 2030 00:00:00 GMT']) {
      expect(retryAfterMs(bad, { now }), String(bad)).toBeUndefined();
    }
    expect(retryAfterMs('Tue, 01 Jan 2030 25:00:00 GMT', { now })).toBeUndefined();
  });
});
