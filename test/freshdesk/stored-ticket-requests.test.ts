import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_TICKET_JOB } from '../../src/answer/ticket.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import {
  BOT_TOKEN,
  type ServerUnderTest,
  SIGNING_SECRET,
  startServerUnderTest,
} from '../support/xerofix-server.js';

let slack: FakeSlack;
let fd: FakeFreshdesk;
let server: ServerUnderTest;

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  fd = await startFakeFreshdesk();
  server = await startServerUnderTest({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    FRESHDESK_BASE_URL: fd.url,
    FRESHDESK_API_KEY: fd.apiKey,
    JOB_RETRY_BASE_MS: '50',
  });
});

afterAll(async () => {
  await server.close();
  await fd.close();
  await slack.close();
});

const request = {
  lookupId: null,
  email: 'ops@acme.test',
  description: 'Customer says orders stopped.',
};

describe('ticket requests waiting in the job queue', () => {
  it('opens a ticket stored in the Slack-shaped form of earlier versions and tells the asker in their thread', async () => {
    await server.running.services.store.jobs.enqueue({
      kind: OPEN_TICKET_JOB,
      dedupeKey: `${OPEN_TICKET_JOB}:slack-view:VOLD:U7`,
      payload: {
        ...request,
        submissionId: 'slack-view:VOLD:U7',
        subject: 'Stored before the upgrade',
        slackUser: 'U7',
        notify: { channel: 'C42', threadTs: '1700000000.000100' },
      },
    });
    server.running.jobs.wake();
    const told = await slack.waitFor(() =>
      slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000000.000100'),
    );
    expect(told.args.channel).toBe('C42');
    const ticket = [...fd.state.tickets.values()].find((t) => t.subject === 'Stored before the upgrade');
    expect(String(told.args.text)).toContain(`/a/tickets/${ticket?.id}`);
  });

  it('tells the asker privately, through the surface named in replyTo, when there is no thread', async () => {
    await server.running.services.store.jobs.enqueue({
      kind: OPEN_TICKET_JOB,
      dedupeKey: `${OPEN_TICKET_JOB}:slack-view:VNEW:U8`,
      payload: {
        ...request,
        submissionId: 'slack-view:VNEW:U8',
        subject: 'Stored in the surface-neutral form',
        requestedBy: 'U8',
        replyTo: { surface: 'slack', target: { channel: 'C43' } },
      },
    });
    server.running.jobs.wake();
    const told = await slack.waitFor(() =>
      slack.calls.find((c) => c.method === 'chat.postEphemeral' && c.args.channel === 'C43'),
    );
    expect(told.args.user).toBe('U8');
    expect([...fd.state.tickets.values()].map((t) => t.subject)).toContain(
      'Stored in the surface-neutral form',
    );
  });
});
