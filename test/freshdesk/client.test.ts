import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XerofixError } from '../../src/errors/xerofix-error.js';
import { createFreshdeskClient, type FreshdeskClientOptions } from '../../src/freshdesk/client.js';
import { FreshdeskError } from '../../src/freshdesk/errors.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';

let fd: FakeFreshdesk;
let waits: number[];
// Moved only by the injected sleep, so the waits asked for are exact.
let clock: number;

const client = (over: Partial<FreshdeskClientOptions> = {}) =>
  createFreshdeskClient({
    baseUrl: fd.url,
    apiKey: fd.apiKey,
    timeoutMs: 500,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    ...over,
  });

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
  waits = [];
  clock = Date.parse('2030-01-01T00:00:00Z');
});
afterEach(() => fd.close());

describe('the Freshdesk client', () => {
  it('fetches a ticket with its requester', async () => {
    const t = fd.state.addTicket({
      subject: 'Orders stuck',
      description: '<p>401</p>',
      email: 'ops@acme.test',
    });
    const ticket = await client().getTicket(t.id);
    expect(ticket).toMatchObject({ id: t.id, subject: 'Orders stuck', description_text: '401' });
    expect(ticket.requester?.email).toBe('ops@acme.test');
  });

  it('creates a ticket and says which field Freshdesk rejected and why', async () => {
    const created = await client().createTicket({
      email: 'ops@acme.test',
      subject: 'Xero connection',
      description: '<p>hi</p>',
      status: 2,
      priority: 2,
      tags: ['xerofix'],
    });
    expect(fd.state.tickets.get(created.id)?.tags).toEqual(['xerofix']);
    const err = await caught(
      client().createTicket({
        email: 'ops@acme.test',
        subject: 'x',
        description: 'y',
        status: 9,
        priority: 2,
      }),
    );
    // Sending the same ticket again cannot fix a field Freshdesk rejects.
    expect(err).toMatchObject({ code: 'freshdesk.validation', retryable: false, status: 400 });
    expect(err.context).toEqual({ method: 'POST', path: '/tickets', status: 400 });
    expect(err.fieldErrors[0]?.field).toBe('status');
    expect(err.message).toMatch(/status — It should be one of these values/);
  });

  it('reports a wrong API key as an auth error that never contains the key', async () => {
    const secretKey = 'wrong-key-ABCDEFGHIJKLMNOP';
    const err = await caught(client({ apiKey: secretKey }).getTicket(1));
    expect(err).toMatchObject({ code: 'freshdesk.auth', retryable: false, status: 401 });
    expect(err.cause).toBeUndefined();
    expect(err.message).toMatch(/FRESHDESK_API_KEY/);
    const everything = [err.message, err.stack, JSON.stringify(err), ...Object.values(err).map(String)].join(
      '\n',
    );
    expect(everything).not.toContain(secretKey);
    expect(everything).not.toContain(Buffer.from(`${secretKey}:X`).toString('base64'));
  });

  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    const t = fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test' });
    fd.rateLimitNext(7);
    expect((await client().getTicket(t.id)).id).toBe(t.id);
    expect(waits).toContain(7000);
  });

  it('does not repeat a POST that failed with 503, and marks the failure retryable', async () => {
    const t = fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test' });
    fd.failNext(1, 503);
    const err = await caught(client().addNote(t.id, '<p>n</p>', { private: true }));
    expect(err).toMatchObject({ code: 'freshdesk.server', retryable: true, status: 503 });
    expect(err).toBeInstanceOf(XerofixError);
    expect(fd.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(fd.state.answersOn(t.id)).toHaveLength(0);
  });

  it('retries a read through one 503', async () => {
    const t = fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test' });
    fd.failNext(1, 503);
    expect((await client().getTicket(t.id)).id).toBe(t.id);
  });

  it('turns a request Freshdesk never answers into a timeout', async () => {
    fd.delayNext(1500);
    const err = await caught(client({ maxRetries: 0 }).getTicket(1));
    expect(err).toMatchObject({ code: 'freshdesk.timeout', retryable: true });
  });

  it('slows down before the rate limit is used up', async () => {
    const t = fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test' });
    fd.setBudget(20);
    const c = client();
    for (let i = 0; i < 19; i++) await c.getTicket(t.id);
    expect(c.rateLimit()).toEqual({ total: 20, remaining: 1 });
    expect(waits.length).toBeGreaterThan(0);
  });

  it('always sends private on notes', async () => {
    const t = fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test' });
    await client().addNote(t.id, '<p>for agents</p>', { private: true });
    await client().addNote(t.id, '<p>public note</p>', { private: false });
    const bodies = fd.requests
      .filter((r) => r.path.endsWith('/notes'))
      .map((r) => r.body as { private?: boolean });
    expect(bodies.map((b) => b.private)).toEqual([true, false]);
  });

  it('adds tags without dropping the agent’s own', async () => {
    const t = fd.state.addTicket({ subject: 's', description: 'd', email: 'a@b.test', tags: ['vip'] });
    await client().addTags(t.id, ['xerofix:xero-401-unauthorized']);
    await client().addTags(t.id, ['xerofix:xero-401-unauthorized']);
    expect(fd.state.tickets.get(t.id)?.tags).toEqual(['vip', 'xerofix:xero-401-unauthorized']);
    expect(fd.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('reads every page of tickets updated since a time, and of a folder’s articles', async () => {
    for (let i = 0; i < 150; i++)
      fd.state.addTicket({ subject: `t${i}`, description: 'd', email: 'a@b.test' });
    for (let i = 0; i < 120; i++) fd.state.addArticle({ title: `a${i}`, description: '<p>x</p>' });
    expect(await client().listTicketsUpdatedSince('2000-01-01T00:00:00Z')).toHaveLength(150);
    expect(await client().listArticles(10)).toHaveLength(120);
  });
});
