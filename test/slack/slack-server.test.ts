import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/capture-log.js';
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
let server: ServerUnderTest;
const events = () => `${server.url}/slack/events`;
const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  server = await startServerUnderTest({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
});

afterAll(async () => {
  expectNoSecrets(server.logLines, server.secrets);
  await server.close();
  await slack.close();
});

async function slash(text: string) {
  const responseUrl = slack.responseUrl();
  const started = performance.now();
  const res = await postSigned(events(), slashCommandBody({ text, response_url: responseUrl }), FORM, {
    secret: SIGNING_SECRET,
  });
  return { res, ackMs: performance.now() - started, id: idOf(responseUrl) };
}

const responseFor = (id: string, timeoutMs?: number) =>
  slack.waitFor(() => slack.responses.find((r) => r.id === id), timeoutMs);

async function click(action: Record<string, unknown>, user = 'U1') {
  const responseUrl = slack.responseUrl();
  const res = await postSigned(events(), interactionBody(blockAction(action, { responseUrl, user })), FORM, {
    secret: SIGNING_SECRET,
  });
  expect(res.status).toBe(200);
  return idOf(responseUrl);
}

describe('/xerofix slash command', () => {
  it('answers a 401 paste privately through response_url with the reconnect steps', async () => {
    const { res, id } = await slash(PASTE_401);
    expect(res.status).toBe(200);
    const { body } = await responseFor(id);
    expect(body.response_type).toBe('ephemeral');
    const text = allText(body.blocks);
    expect(text).toMatch(/Authorise/);
    expect(text).toMatch(/\b1\./);
    expect(text).toMatch(/confidence/i);
    expect(buttonValue(body, 'xerofix_share')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows usage for help and for an empty command, in the acknowledgement itself', async () => {
    for (const text of ['', 'help']) {
      const { res } = await slash(text);
      expect(allText(await res.json())).toMatch(/\/xerofix probe/);
    }
  });

  it('says plainly when nothing matches, with no fix steps and no guess', async () => {
    const { id } = await slash('my cat walked across the keyboard qwertyuiop');
    const text = allText((await responseFor(id)).body.blocks);
    expect(text).toMatch(/no confident answer/i);
    expect(text).not.toMatch(/Authorise/);
  });

  it('never lets a pasted <!channel> or link reach Slack unescaped', async () => {
    const { id } = await slash(`${PASTE_401} <!channel> <https://evil.example|click here> @here`);
    const raw = JSON.stringify((await responseFor(id)).body);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<https://evil.example');
    expect(raw).toContain('&lt;!channel&gt;');
  });

  it('is acknowledged at once while Xero never answers the probe, and the verdict follows', async () => {
    server.xero.setTenantMode('tenant-acme', 'hang');
    await server.connect('slow@acme.test');
    const { res, ackMs, id } = await slash('probe slow@acme.test');
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(1000);
    const { body } = await responseFor(id, 8000);
    expect(allText(body)).toMatch(/slow@acme\.test/);
    expect(allText(body)).toMatch(/xero-unavailable/);
    server.xero.setTenantMode('tenant-acme', 'ok');
  });

  it('falls back to an ephemeral message when the response_url has expired', async () => {
    const responseUrl = slack.responseUrl();
    slack.expire(responseUrl);
    await postSigned(events(), slashCommandBody({ text: PASTE_401, response_url: responseUrl }), FORM, {
      secret: SIGNING_SECRET,
    });
    const call = await slack.waitFor(() => slack.calls.find((c) => c.method === 'chat.postEphemeral'));
    expect(call.args).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(allText(call.args.blocks)).toMatch(/Authorise/);
  });
});

describe('request verification', () => {
  const gaps = async () => (await server.running.services.store.lookups.unmatched(1000)).length;

  it('rejects forged, wrongly signed and stale requests with 401 and changes nothing', async () => {
    const before = { gaps: await gaps(), responses: slack.responses.length };
    const body = slashCommandBody({
      text: 'gibberish that would be a gap',
      response_url: slack.responseUrl(),
    });
    const wrongSecret = await postSigned(events(), body, FORM, { secret: 'not-the-secret' });
    const stale = await postSigned(events(), body, FORM, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    const forged = await fetch(events(), {
      method: 'POST',
      headers: {
        'content-type': FORM,
        'x-slack-request-timestamp': `${Math.floor(Date.now() / 1000)}`,
        'x-slack-signature': 'v0=00',
      },
      body,
    });
    expect([wrongSecret.status, stale.status, forged.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect({ gaps: await gaps(), responses: slack.responses.length }).toEqual(before);
  });
});

describe('buttons under an answer', () => {
  it('shares the same answer with the channel, without the paste', async () => {
    const { id } = await slash(`${PASTE_401} customer-secret-order-77`);
    const { body } = await responseFor(id);
    const shared = await responseFor(
      await click({ type: 'button', action_id: 'xerofix_share', value: buttonValue(body, 'xerofix_share') }),
    );
    expect(shared.body.response_type).toBe('in_channel');
    expect(allText(shared.body.blocks)).toMatch(/Authorise/);
    expect(JSON.stringify(shared.body)).not.toContain('customer-secret-order-77');
  });

  it('stores a 👎 with the pasted text, one vote per person, the latest click winning', async () => {
    const { id } = await slash(`${PASTE_401} while syncing order 1001`);
    const { body } = await responseFor(id);
    for (const actionId of ['xerofix_vote_up', 'xerofix_vote_down']) {
      await responseFor(
        await click({ type: 'button', action_id: actionId, value: buttonValue(body, actionId) }, 'U7'),
      );
    }
    const store = server.running.services.store;
    const mine = (await store.feedback.downVotes()).filter((d) => d.paste.includes('order 1001'));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.entry).toBe('xero-401-unauthorized');
  });

  it('probes the customer picked from the list and shows the verdict with the fix', async () => {
    await server.connect('picked@acme.test');
    const { id } = await slash(PASTE_401);
    const { body } = await responseFor(id);
    const verdict = await responseFor(
      await click({
        type: 'static_select',
        action_id: 'xerofix_probe',
        selected_option: {
          text: { type: 'plain_text', text: 'picked@acme.test' },
          value: 'picked@acme.test',
        },
      }),
      8000,
    );
    expect(JSON.stringify(body)).toContain('picked@acme.test');
    expect(allText(verdict.body)).toMatch(/picked@acme\.test/);
    expect(allText(verdict.body)).toMatch(/healthy/);
  });
});

describe('with Slack not configured', () => {
  it('still serves the web routes and says in one log line what to set', async () => {
    const plain = await startServerUnderTest();
    try {
      expect((await fetch(`${plain.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${plain.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
      const notes = plain.logLines.filter((l) => l.includes('Slack is off'));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toContain('SLACK_SIGNING_SECRET');
    } finally {
      await plain.close();
    }
  });
});
