import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertJobKind } from '../../src/alerts/outbox.js';
import { OPEN_TICKET_JOB } from '../../src/answer/ticket.js';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, interactionBody, postSigned } from '../support/fake-slack/sign.js';
import {
  BOT_TOKEN,
  type ServerUnderTest,
  SIGNING_SECRET,
  startServerUnderTest,
} from '../support/xerofix-server.js';

// The real server (Bolt, job runner, SQLite) against fake Slack and Freshdesk: one ticket per
// modal submission however often it arrives, and one ticket or alert per job when the first
// attempt's response was lost after Freshdesk or Slack had already carried it out.

let slack: FakeSlack;
let fd: FakeFreshdesk;
let server: ServerUnderTest;
const events = () => `${server.url}/slack/events`;
const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  fd = await startFakeFreshdesk();
  server = await startServerUnderTest({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ALERT_CHANNEL: 'CALERTS',
    FRESHDESK_BASE_URL: fd.url,
    FRESHDESK_API_KEY: fd.apiKey,
    FRESHDESK_ALERT_TICKETS: 'true',
    JOB_RETRY_BASE_MS: '50',
  });
});

afterAll(async () => {
  await server.close();
  await fd.close();
  await slack.close();
});

/** The modal's submit as Slack sends it; `secondsAgo` gives a delivery its own timestamp and signature. */
function submitTicketModal(viewId: string, subject: string, secondsAgo = 0) {
  return postSigned(
    events(),
    interactionBody({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1' },
      trigger_id: `trigger-${viewId}-${secondsAgo}`,
      view: {
        id: viewId,
        callback_id: 'xerofix_ticket_modal',
        private_metadata: JSON.stringify({ lookupId: null, channel: 'C1' }),
        state: {
          values: {
            requester_email: { requester_email: { type: 'plain_text_input', value: 'ops@acme.test' } },
            subject: { subject: { type: 'plain_text_input', value: subject } },
            description: { description: { type: 'plain_text_input', value: 'Orders stopped syncing.' } },
          },
        },
      },
    }),
    FORM,
    { secret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) - secondsAgo },
  );
}

const ticketsTitled = (subject: string) =>
  [...fd.state.tickets.values()].filter((t) => t.subject === subject);
const linksTo = (id: number | undefined) =>
  slack.calls.filter(
    (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes(`/a/tickets/${id}`),
  );

describe('the ticket modal', () => {
  it('opens one Freshdesk ticket when the same submission is delivered three times', async () => {
    const subject = 'Orders stopped (delivered thrice)';
    // Three deliveries of one submission, each signed anew: the replay guard cannot tell them apart.
    const results = await Promise.all([0, 1, 2].map((ago) => submitTicketModal('VTHRICE', subject, ago)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await eventually(() => expect(ticketsTitled(subject)).toHaveLength(1), 5000);
    await settle();
    expect(ticketsTitled(subject)).toHaveLength(1);
    expect(linksTo(ticketsTitled(subject)[0]?.id)).toHaveLength(1);
  });

  it('opens a ticket for each of two different submissions', async () => {
    const subject = 'Two separate problems';
    await submitTicketModal('VFIRST', subject);
    await submitTicketModal('VSECOND', subject);
    await eventually(() => expect(ticketsTitled(subject)).toHaveLength(2), 5000);
  });
});

describe('a ticket job whose create landed but whose response was lost', () => {
  it('finds the ticket on its retry instead of opening a second, and links the one it found', async () => {
    const subject = 'Orders stopped (response lost)';
    fd.dropResponseOfNextWrite();
    expect((await submitTicketModal('VDROPPED', subject)).status).toBe(200);
    const job = await eventually(async () => {
      const found = await server.running.services.store.jobs.byDedupeKey(
        `${OPEN_TICKET_JOB}:slack-view:VDROPPED:U1`,
      );
      expect(found?.state).toBe('done');
      return found;
    }, 8000);
    expect(job?.attempts).toBe(2);
    const tickets = ticketsTitled(subject);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]?.tags.some((t) => /^xfref-[0-9a-f]{24}$/.test(t))).toBe(true);
    expect(linksTo(tickets[0]?.id)).toHaveLength(1);
  });

  it('still finds it while Freshdesk search has not indexed the ticket yet', async () => {
    const subject = 'Orders stopped (index behind)';
    fd.setSearchLag(10 * 60_000);
    try {
      fd.dropResponseOfNextWrite();
      await submitTicketModal('VLAGGING', subject);
      await eventually(async () => {
        const found = await server.running.services.store.jobs.byDedupeKey(
          `${OPEN_TICKET_JOB}:slack-view:VLAGGING:U1`,
        );
        expect(found?.state).toBe('done');
      }, 8000);
      expect(ticketsTitled(subject)).toHaveLength(1);
    } finally {
      fd.setSearchLag(0);
    }
  });
});

describe('proactive alerts whose first post landed but whose response was lost', () => {
  it('posts one Slack alert and opens one Freshdesk ticket, retrying without repeating either', async () => {
    const customer = 'ops@lost-responses.test';
    await server.connect(customer);
    expect((await server.running.desk.probe(customer)).verdict.code).toBe('healthy');
    slack.dropResponseOfNext('chat.postMessage');
    fd.dropResponseOfNextWrite();
    server.xero.setTenantMode('tenant-acme', 'forbidden');
    try {
      expect((await server.running.desk.probe(customer)).verdict.code).toBe('tenant-forbidden');
      const jobsDone = async (kind: string) =>
        (await server.running.services.store.jobs.list({ limit: 100 })).filter(
          (j) =>
            j.kind === kind &&
            (j.payload as { customer?: string }).customer === customer &&
            j.state === 'done',
        );
      await eventually(async () => {
        expect(await jobsDone(alertJobKind('slack'))).toHaveLength(1);
        expect(await jobsDone(alertJobKind('freshdesk'))).toHaveLength(1);
      }, 8000);
      expect((await jobsDone(alertJobKind('slack')))[0]?.attempts).toBe(2);
      expect((await jobsDone(alertJobKind('freshdesk')))[0]?.attempts).toBe(2);
      await settle();
      const alerts = slack.posted('CALERTS').filter((m) => String(m.text).includes(customer));
      expect(alerts).toHaveLength(1);
      const tickets = [...fd.state.tickets.values()].filter(
        (t) =>
          t.subject.includes('needs attention') && fd.state.contacts.get(t.requester_id)?.email === customer,
      );
      expect(tickets).toHaveLength(1);
    } finally {
      server.xero.setTenantMode('tenant-acme', 'ok');
    }
  });
});
