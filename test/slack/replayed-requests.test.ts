import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, postSigned, slashCommandBody } from '../support/fake-slack/sign.js';
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
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  server = await startServerUnderTest({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
});

afterAll(async () => {
  await server.close();
  await slack.close();
});

describe('replayed and future-dated Slack requests', () => {
  it('acknowledges a replayed signed slash command and answers it only once', async () => {
    const responseUrl = slack.responseUrl();
    const body = slashCommandBody({ text: PASTE_401, response_url: responseUrl });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await postSigned(events(), body, FORM, { secret: SIGNING_SECRET, timestamp });
    const again = await Promise.all(
      [1, 2, 3].map(() => postSigned(events(), body, FORM, { secret: SIGNING_SECRET, timestamp })),
    );
    expect(first.status).toBe(200);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    await slack.waitFor(() => slack.responses.find((r) => r.id === idOf(responseUrl)));
    await settle();
    expect(slack.responses.filter((r) => r.id === idOf(responseUrl))).toHaveLength(1);
    expect(server.logLines.some((l) => l.includes('ignored a replayed Slack request'))).toBe(true);
  });

  it('still answers the same command text sent again as a new request', async () => {
    const ids: string[] = [];
    for (const offset of [0, 1]) {
      const responseUrl = slack.responseUrl();
      ids.push(idOf(responseUrl));
      const body = slashCommandBody({ text: PASTE_401, response_url: responseUrl });
      const res = await postSigned(events(), body, FORM, {
        secret: SIGNING_SECRET,
        timestamp: Math.floor(Date.now() / 1000) + offset,
      });
      expect(res.status).toBe(200);
    }
    for (const id of ids) await slack.waitFor(() => slack.responses.find((r) => r.id === id));
  });

  it('refuses a request stamped more than five minutes in the future', async () => {
    const responseUrl = slack.responseUrl();
    const body = slashCommandBody({ text: PASTE_401, response_url: responseUrl });
    const res = await postSigned(events(), body, FORM, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 10 * 60,
    });
    expect(res.status).toBe(401);
    await settle();
    expect(slack.responses.find((r) => r.id === idOf(responseUrl))).toBeUndefined();
  });
});
