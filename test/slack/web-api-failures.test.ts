import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { XerofixError } from '../../src/errors/xerofix-error.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { slackCallError } from '../../src/slack/call-error.js';
import { onceClient } from '../../src/slack/once-client.js';
import { postToResponseUrl, ResponseUrlError } from '../../src/slack/response-url.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';

// Slack's failures, produced for real by @slack/web-api's client (the one alerts post with: no
// retries of its own) against a loopback Slack, and what the job runner reads of them.

const TOKEN = 'bot-token-for-failure-tests';
let slack: FakeSlack;

const client = (token = TOKEN) =>
  onceClient(loadConfig({ SLACK_BOT_TOKEN: token, SLACK_API_URL: slack.apiUrl }).slack, silentLogger);

async function failureOf(call: Promise<unknown>): Promise<XerofixError> {
  try {
    await call;
  } catch (err) {
    const mapped = slackCallError(err);
    if (mapped instanceof XerofixError) return mapped;
    throw new Error(`not mapped onto the error base: ${String(err)}`);
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: TOKEN });
});
afterEach(() => slack.close());

describe('Slack Web API failures on the error base', () => {
  it("turns a 429 into a retryable slack.rate-limited that carries Slack's Retry-After", async () => {
    slack.rateLimitNext('chat.postMessage', 30);
    const err = await failureOf(client().chat.postMessage({ channel: 'C1', text: 'alert' }));
    expect(err).toMatchObject({ code: 'slack.rate-limited', retryable: true, retryAfterSeconds: 30 });
    expect(err.message).toBe('Slack rate limit reached; retry after 30 s');
  });

  it('gives up on a refused token at once, naming the setting to fix and never the token', async () => {
    const wrong = 'bot-token-that-is-wrong';
    const err = await failureOf(client(wrong).chat.postMessage({ channel: 'C1', text: 'alert' }));
    expect(err).toMatchObject({
      code: 'slack.refused',
      retryable: false,
      context: { slackError: 'invalid_auth' },
    });
    expect(err.message).toBe('Slack refused the call (invalid_auth): check SLACK_BOT_TOKEN');
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain(wrong);
    expect(err.cause).toBeUndefined();
  });

  it('retries an HTTP 503 from Slack but not a 400 it will refuse again', async () => {
    slack.failNext('chat.postMessage', 503);
    const outage = await failureOf(client().chat.postMessage({ channel: 'C1', text: 'alert' }));
    expect(outage).toMatchObject({ code: 'slack.http', retryable: true, context: { status: 503 } });
    slack.failNext('chat.postMessage', 400);
    const refused = await failureOf(client().chat.postMessage({ channel: 'C1', text: 'alert' }));
    expect(refused).toMatchObject({ code: 'slack.http', retryable: false, context: { status: 400 } });
  });

  it('retries a call whose connection dropped before Slack answered', async () => {
    slack.dropResponseOfNext('chat.postMessage');
    const err = await failureOf(client().chat.postMessage({ channel: 'C1', text: 'alert' }));
    expect(err).toMatchObject({ code: 'slack.network', retryable: true });
  });

  it('hands back unchanged an error that is not a Slack one', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(slackCallError(bug)).toBe(bug);
  });

  it('reports a used-up response_url as not retryable, with its HTTP status', async () => {
    const url = slack.responseUrl();
    slack.expire(url);
    const err = await postToResponseUrl(url, { text: 'late' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseUrlError);
    expect(err).toMatchObject({
      code: 'slack.response-url-refused',
      retryable: false,
      status: 404,
      context: { status: 404 },
    });
  });
});
