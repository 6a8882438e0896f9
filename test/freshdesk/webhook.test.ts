import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/capture-log.js';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

const SECRET = 'webhook-secret-0123456789abcdef';
const PASTE_401 =
  'Orders stopped syncing to Xero: {"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

let fd: FakeFreshdesk;
let server: ServerUnderTest;

beforeAll(async () => {
  fd = await startFakeFreshdesk();
  server = await startServerUnderTest({
    FRESHDESK_BASE_URL: fd.url,
    FRESHDESK_API_KEY: fd.apiKey,
    FRESHDESK_WEBHOOK_SECRET: SECRET,
    JOB_RETRY_BASE_MS: '50',
  });
});

afterAll(async () => {
  expectNoSecrets(server.logLines, [...server.secrets, SECRET, fd.apiKey]);
  await server.close();
  await fd.close();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Posts like Freshdesk's automation rule; `authorization: null` sends no credentials at all. */
function webhook(body: string, authorization: string | null = basic('freshdesk', SECRET)) {
  return fetch(`${server.url}/freshdesk/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization !== null ? { authorization } : {}) },
    body,
  });
}

const newTicket = (description: string, email = 'someone@shop.test') =>
  fd.state.addTicket({ subject: 'Help please', description: `<div>${description}</div>`, email });

const jobs = () => server.running.services.store.jobs.counts();

describe('the Freshdesk webhook', () => {
  it('answers a new ticket with a private note and tags it with the entry', async () => {
    const ticket = newTicket(PASTE_401);
    const res = await webhook(JSON.stringify({ ticket_id: String(ticket.id) }));
    expect(res.status).toBe(200);
    await eventually(() => expect(ticket.tags).toContain('xerofix:xero-401-unauthorized'));
    const answers = fd.state.answersOn(ticket.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ kind: 'note', private: true });
    expect(answers[0]?.body_text).toMatch(/xerofix suggests/);
    expect(answers[0]?.body_text).toMatch(/Authorise/);
  });

  it('tags an unmatched ticket only, and records it as a knowledge gap', async () => {
    const ticket = newTicket('Can I change the colour of my invoice template? Ref 55123');
    await webhook(JSON.stringify({ ticket_id: ticket.id }));
    await eventually(() => expect(ticket.tags).toEqual(['xerofix:unmatched']));
    expect(fd.state.answersOn(ticket.id)).toHaveLength(0);
    const gaps = await server.running.services.store.lookups.unmatched();
    expect(gaps.some((g) => g.paste.includes('Ref 55123') && g.surface === 'freshdesk')).toBe(true);
  });

  it('turns away requests without the secret with 401, and changes nothing', async () => {
    const ticket = newTicket(PASTE_401);
    // The test before may still be finishing its job: count from a quiet queue.
    const before = await eventually(async () => {
      const counts = await jobs();
      expect(counts.queued + counts.running).toBe(0);
      return counts;
    });
    const body = JSON.stringify({ ticket_id: String(ticket.id) });
    const statuses = [
      (await webhook(body, null)).status,
      (await webhook(body, basic('freshdesk', 'wrong'))).status,
      (await webhook(body, `Bearer ${SECRET}`)).status,
      (await webhook(body, basic(SECRET, ''))).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await jobs()).toEqual(before);
    expect(fd.state.answersOn(ticket.id)).toHaveLength(0);
  });

  it('rejects malformed bodies with 400 and a reason, and changes nothing', async () => {
    const before = await jobs();
    for (const body of [
      'not json',
      '{}',
      '{"ticket_id":"{{ticket.id}}"}',
      '{"ticket_id":"-4"}',
      '[]',
      'null',
    ]) {
      const res = await webhook(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/ticket_id/);
    }
    expect(await jobs()).toEqual(before);
  });

  it('answers once when fifty copies of the same webhook arrive at once', async () => {
    const ticket = newTicket(PASTE_401);
    const body = JSON.stringify({ ticket_id: String(ticket.id) });
    const results = await Promise.all(Array.from({ length: 50 }, () => webhook(body)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await eventually(() => expect(ticket.tags).toContain('xerofix:xero-401-unauthorized'));
    await new Promise((r) => setTimeout(r, 300));
    expect(fd.state.answersOn(ticket.id)).toHaveLength(1);
  });

  it('sends every answer once Freshdesk recovers from an outage, none twice', async () => {
    fd.setDown(true);
    const tickets = [newTicket(PASTE_401), newTicket(PASTE_401), newTicket(PASTE_401)];
    for (const t of tickets) expect((await webhook(JSON.stringify({ ticket_id: t.id }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(tickets.map((t) => fd.state.answersOn(t.id).length)).toEqual([0, 0, 0]);
    fd.setDown(false);
    await eventually(() => expect(tickets.map((t) => t.tags.length)).toEqual([1, 1, 1]), 8000);
    expect(tickets.map((t) => fd.state.answersOn(t.id).length)).toEqual([1, 1, 1]);
  });

  it('does not post again when a note landed but its response was lost', async () => {
    const ticket = newTicket(PASTE_401);
    fd.dropResponseOfNextWrite();
    await webhook(JSON.stringify({ ticket_id: ticket.id }));
    await eventually(() => expect(ticket.tags).toContain('xerofix:xero-401-unauthorized'), 8000);
    const job = await server.running.services.store.jobs.byDedupeKey(`freshdesk-answer:${ticket.id}`);
    expect(job?.attempts).toBe(2);
    expect(fd.state.answersOn(ticket.id)).toHaveLength(1);
  });

  it('gives up on a ticket Freshdesk does not have, with the reason visible to an admin', async () => {
    await webhook(JSON.stringify({ ticket_id: '999999' }));
    const dead = await eventually(async () => {
      const found = (await server.running.services.store.jobs.list({ state: 'dead', limit: 10 })).find(
        (j) => j.dedupeKey === 'freshdesk-answer:999999',
      );
      expect(found).toBeDefined();
      return found;
    });
    expect(dead?.lastError).toMatch(/nothing at GET \/tickets\/999999/);
  });
});
