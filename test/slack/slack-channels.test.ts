import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import {
  allText,
  blockAction,
  buttonValue,
  messageEvent,
  messageShortcut,
} from '../support/fake-slack/payloads.js';
import { BOT_USER_ID, type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, interactionBody, postSigned } from '../support/fake-slack/sign.js';
import {
  BOT_TOKEN,
  type ServerUnderTest,
  SIGNING_SECRET,
  startServerUnderTest,
} from '../support/xerofix-server.js';

const PASTE_401 =
  'Orders stopped syncing: {"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

let slack: FakeSlack;
let server: ServerUnderTest;
const events = () => `${server.url}/slack/events`;
const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
let tsSeq = 1_700_000_000;
const nextTs = () => `${++tsSeq}.000100`;

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  server = await startServerUnderTest({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_AUTO_REPLY_CHANNELS: 'CSUPPORT, CHELP',
  });
});

afterAll(async () => {
  await server.close();
  await slack.close();
});

const sendEvent = (payload: object, headers: Record<string, string> = {}) =>
  postSigned(events(), JSON.stringify(payload), 'application/json', { secret: SIGNING_SECRET, headers });

const threadPosts = (ts: string) =>
  slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts);

/** Lets listeners that chose to stay silent finish, so "nothing was posted" is a real observation. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('message shortcut "Diagnose this error"', () => {
  it('answers privately, then posts the answer in the message thread once, however often it is clicked', async () => {
    const ts = nextTs();
    const responseUrl = slack.responseUrl();
    await postSigned(events(), interactionBody(messageShortcut(PASTE_401, { responseUrl, ts })), FORM, {
      secret: SIGNING_SECRET,
    });
    const { body } = await slack.waitFor(() => slack.responses.find((r) => r.id === idOf(responseUrl)));
    expect(body.response_type).toBe('ephemeral');
    expect(allText(body.blocks)).toMatch(/Authorise/);
    const value = buttonValue(body, 'xerofix_post_in_thread');
    const clickOnce = () =>
      postSigned(
        events(),
        interactionBody(
          blockAction(
            { type: 'button', action_id: 'xerofix_post_in_thread', value },
            { responseUrl: slack.responseUrl(), channel: 'CSHARED' },
          ),
        ),
        FORM,
        { secret: SIGNING_SECRET },
      );
    await Promise.all([clickOnce(), clickOnce(), clickOnce()]);
    await eventually(() => expect(threadPosts(ts)).toHaveLength(1));
    await settle();
    expect(threadPosts(ts)).toHaveLength(1);
    expect(threadPosts(ts)[0]?.args.channel).toBe('CSHARED');
  });
});

describe('thread auto-reply', () => {
  it('answers a confident top-level paste once in its thread, even when Slack redelivers the event', async () => {
    const ts = nextTs();
    const payload = messageEvent({ channel: 'CSUPPORT', user: 'UCUSTOMER', ts, text: PASTE_401 });
    await sendEvent(payload);
    await sendEvent(payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await eventually(() => expect(threadPosts(ts)).toHaveLength(1));
    await settle();
    expect(threadPosts(ts)).toHaveLength(1);
    expect(allText(threadPosts(ts)[0]?.args.blocks)).toMatch(/Authorise/);
  });

  it('stays quiet for bots, itself, thread replies, other channels and unclear messages', async () => {
    const cases = [
      { channel: 'CSUPPORT', bot_id: 'BOTHER', subtype: 'bot_message', text: PASTE_401 },
      { channel: 'CSUPPORT', user: BOT_USER_ID, text: PASTE_401 },
      { channel: 'CSUPPORT', user: 'UCUSTOMER', thread_ts: '1600000000.000100', text: PASTE_401 },
      { channel: 'CRANDOM', user: 'UCUSTOMER', text: PASTE_401 },
      { channel: 'CSUPPORT', user: 'UCUSTOMER', text: 'anyone around for lunch?' },
    ];
    const stamps: string[] = [];
    for (const c of cases) {
      const ts = nextTs();
      stamps.push(ts);
      await sendEvent(messageEvent({ ...c, ts }));
    }
    await settle();
    for (const ts of stamps) expect(threadPosts(ts)).toHaveLength(0);
  });

  it('does not talk over a person who already answered in the thread', async () => {
    const ts = nextTs();
    slack.setThread(ts, [
      { ts, user: 'UCUSTOMER', text: PASTE_401 },
      { ts: `${ts}1`, user: 'UAGENT', text: 'Looking at it now' },
    ]);
    await sendEvent(messageEvent({ channel: 'CHELP', user: 'UCUSTOMER', ts, text: PASTE_401 }), {
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });
    await settle();
    expect(threadPosts(ts)).toHaveLength(0);
  });
});

describe('App Home', () => {
  it('publishes the knowledge entries, the latest unanswered questions and connection health', async () => {
    await server.running.desk.ask({
      surface: 'slack',
      paste: 'Shopify webhook signature mismatch on order 88',
    });
    await sendEvent({
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'EvHome1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' },
    });
    const publish = await slack.waitFor(() => slack.calls.find((c) => c.method === 'views.publish'));
    expect(publish.args.user_id).toBe('U1');
    const text = allText(publish.args.view);
    expect(text).toContain('xero-401-unauthorized');
    expect(text).toContain('Shopify webhook signature mismatch');
    expect(text).toMatch(/healthy/i);
  });
});
