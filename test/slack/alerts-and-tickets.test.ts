import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { allText, blockAction, buttonValue } from '../support/fake-slack/payloads.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, interactionBody, postSigned, slashCommandBody } from '../support/fake-slack/sign.js';
import {
  BOT_TOKEN,
  type ServerUnderTest,
  SIGNING_SECRET,
  startServerUnderTest,
} from '../support/xerofix-server.js';

const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';

let slack: FakeSlack;
let fd: FakeFreshdesk;
let server: ServerUnderTest;
const events = () => `${server.url}/slack/events`;
const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

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

describe('Open Freshdesk ticket from Slack', () => {
  it('opens a modal prefilled with the diagnosis, then files the ticket and sends its link', async () => {
    const responseUrl = slack.responseUrl();
    await postSigned(events(), slashCommandBody({ text: PASTE_401, response_url: responseUrl }), FORM, {
      secret: SIGNING_SECRET,
    });
    const { body } = await slack.waitFor(() => slack.responses.find((r) => r.id === idOf(responseUrl)));
    await postSigned(
      events(),
      interactionBody(
        blockAction(
          {
            type: 'button',
            action_id: 'xerofix_open_ticket',
            value: buttonValue(body, 'xerofix_open_ticket'),
          },
          { responseUrl: slack.responseUrl() },
        ),
      ),
      FORM,
      { secret: SIGNING_SECRET },
    );
    const opened = await slack.waitFor(() => slack.calls.find((c) => c.method === 'views.open'));
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(allText(view.blocks)).toContain('AuthenticationUnsuccessful');
    expect(allText(view.blocks)).toMatch(/Authorise/);

    const submit = (email: string) =>
      postSigned(
        events(),
        interactionBody({
          type: 'view_submission',
          team: { id: 'T1' },
          user: { id: 'U1' },
          trigger_id: '1.2.4',
          view: {
            id: 'V1',
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            state: {
              values: {
                requester_email: { requester_email: { type: 'plain_text_input', value: email } },
                subject: { subject: { type: 'plain_text_input', value: 'Orders stopped' } },
                description: {
                  description: { type: 'plain_text_input', value: 'Customer says orders stopped.' },
                },
              },
            },
          },
        }),
        FORM,
        { secret: SIGNING_SECRET },
      );
    const invalid = await submit('not-an-email');
    expect(((await invalid.json()) as { response_action: string }).response_action).toBe('errors');
    expect(fd.state.tickets.size).toBe(0);

    expect((await submit('ops@acme.test')).status).toBe(200);
    const link = await slack.waitFor(() =>
      slack.calls.find(
        (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes('/a/tickets/'),
      ),
    );
    const ticket = [...fd.state.tickets.values()].find((t) => t.subject === 'Orders stopped');
    expect(ticket?.tags).toEqual([
      'xerofix',
      'xerofix:xero-401-unauthorized',
      expect.stringMatching(/^xfref-[0-9a-f]{24}$/),
    ]);
    expect(ticket?.description).toContain('Customer says orders stopped.');
    expect(ticket?.description).toMatch(/xerofix suggests/);
    expect(String(link.args.text)).toContain(`/a/tickets/${ticket?.id}`);
  });
});

describe('proactive alerts', () => {
  it('posts one Slack alert and opens one ticket when a connection goes from healthy to broken', async () => {
    await server.connect('ops@breaking.test');
    expect((await server.running.desk.probe('ops@breaking.test')).verdict.code).toBe('healthy');
    server.xero.setTenantMode('tenant-acme', 'forbidden');
    expect((await server.running.desk.probe('ops@breaking.test')).verdict.code).toBe('tenant-forbidden');
    // A second broken probe is not a new change and must not alert again.
    await server.running.desk.probe('ops@breaking.test');

    const alerts = () =>
      slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'CALERTS');
    await eventually(() => expect(alerts()).toHaveLength(1));
    const text = allText(alerts()[0]?.args.blocks);
    expect(text).toContain('ops@breaking.test');
    expect(text).toContain('tenant-forbidden');
    const tickets = () => [...fd.state.tickets.values()].filter((t) => t.subject.includes('needs attention'));
    await eventually(() => expect(tickets()).toHaveLength(1));
    expect(tickets()[0]?.priority).toBe(3);
    await new Promise((r) => setTimeout(r, 400));
    expect(alerts()).toHaveLength(1);
    expect(tickets()).toHaveLength(1);
    server.xero.setTenantMode('tenant-acme', 'ok');
  });
});
