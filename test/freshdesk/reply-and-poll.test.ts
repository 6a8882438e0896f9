import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

const PASTE_401 =
  'Since this morning every order fails: {"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"} — orders stopped syncing';

let fd: FakeFreshdesk;
let server: ServerUnderTest;
const ignoredFromBefore: number[] = [];

beforeAll(async () => {
  fd = await startFakeFreshdesk();
  // Written before polling was ever turned on: must be left alone.
  ignoredFromBefore.push(
    fd.state.addTicket({ subject: 'old', description: PASTE_401, email: 'old@shop.test' }).id,
  );
  await new Promise((r) => setTimeout(r, 1100));
  server = await startServerUnderTest({
    FRESHDESK_BASE_URL: fd.url,
    FRESHDESK_API_KEY: fd.apiKey,
    FRESHDESK_REPLY_MODE: 'reply',
    FRESHDESK_POLL_SECONDS: '1',
    JOB_RETRY_BASE_MS: '50',
  });
});

afterAll(async () => {
  await server.close();
  await fd.close();
});

describe('reply mode and the poller', () => {
  it('finds a new ticket without any webhook and replies to the customer, with a note for the agent', async () => {
    const ticket = fd.state.addTicket({
      subject: 'Xero sync broken',
      description: `<p>${PASTE_401}</p>`,
      email: 'ops@shop.test',
    });
    await eventually(() => expect(ticket.tags).toContain('xerofix:xero-401-unauthorized'), 8000);
    const answers = fd.state.answersOn(ticket.id);
    expect(answers.map((a) => a.kind).sort()).toEqual(['note', 'reply']);
    const reply = answers.find((a) => a.kind === 'reply');
    expect(reply?.private).toBe(false);
    expect(reply?.body).toMatch(/<ol>/);
    expect(answers.find((a) => a.kind === 'note')?.private).toBe(true);
  });

  it('probes the requester’s stored connection and puts the verdict in the note', async () => {
    await server.connect('shop.example');
    const ticket = fd.state.addTicket({
      subject: 'Xero',
      description: `<p>${PASTE_401}</p>`,
      email: 'anna@shop.example',
    });
    await eventually(() => expect(ticket.tags.length).toBe(1), 8000);
    const note = fd.state.answersOn(ticket.id).find((a) => a.kind === 'note');
    expect(note?.body_text).toMatch(/Live check: healthy/);
  });

  it('never answers a ticket twice, however many polls see it again, and leaves older tickets alone', async () => {
    const ticket = fd.state.addTicket({
      subject: 'Xero',
      description: `<p>${PASTE_401}</p>`,
      email: 'b@shop.test',
    });
    await eventually(() => expect(ticket.tags.length).toBe(1), 8000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(fd.state.answersOn(ticket.id)).toHaveLength(2);
    for (const id of ignoredFromBefore) expect(fd.state.answersOn(id)).toHaveLength(0);
  });

  it('does not answer a ticket again when it comes back after its done job was purged', async () => {
    const ticket = fd.state.addTicket({
      subject: 'Xero',
      description: `<p>${PASTE_401}</p>`,
      email: 'c@shop.test',
    });
    await eventually(() => expect(ticket.tags.length).toBe(1), 8000);
    const jobs = server.running.services.store.jobs;
    const first = await jobs.byDedupeKey(`freshdesk-answer:${ticket.id}`);
    await eventually(async () => expect((await jobs.get(first?.id ?? ''))?.state).toBe('done'), 8000);
    // What the purge does to it once it is past its retention; the ticket's key is free again.
    await jobs.purgeFinished({ state: 'done', before: new Date(Date.now() + 1000), limit: 1000 });
    expect(await jobs.byDedupeKey(`freshdesk-answer:${ticket.id}`)).toBeUndefined();
    // The customer writes again: the poller sees the ticket and queues it afresh.
    fd.state.touch(ticket);
    await eventually(async () => {
      const again = await jobs.byDedupeKey(`freshdesk-answer:${ticket.id}`);
      expect(again?.state).toBe('done');
    }, 8000);
    expect(fd.state.answersOn(ticket.id)).toHaveLength(2);
  });
});
