import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../src/slack/client-options.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';

// A real Slack WebClient, built with the options the app uses, against a loopback Slack that
// answers 429 with Retry-After. Real time: the library does its own sleeping.

const TOKEN = 'xoxb-rate-limit-test';
let slack: FakeSlack;

const webClient = () =>
  new webApi.WebClient(TOKEN, {
    ...slackClientOptions({ apiUrl: slack.apiUrl }),
    // Only to keep its "will retry" notice out of the test output.
    logLevel: webApi.LogLevel.ERROR,
  });
const callsOf = (method: string) => slack.calls.filter((c) => c.method === method);

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: TOKEN });
});
afterEach(() => slack.close());

describe('the Slack Web API client under 429s', () => {
  it('retries a message Slack rate-limited with Retry-After: 1 about a second later and posts it once', async () => {
    slack.rateLimitNext('chat.postMessage', 1);
    const result = await webClient().chat.postMessage({ channel: 'C1', text: 'the fix for 401' });
    expect(result.ok).toBe(true);
    const [limited, posted, ...more] = callsOf('chat.postMessage');
    expect(limited?.rateLimited).toBe(true);
    expect(posted?.rateLimited).toBe(false);
    expect(more).toEqual([]);
    const gap = (posted?.at ?? 0) - (limited?.at ?? 0);
    console.info(`[web-api-rate-limit] chat.postMessage retried ${gap} ms after a 429 with Retry-After: 1`);
    // At least what Slack asked (less a little for two clocks), and no more than a short step after.
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(4000);
  });

  it('holds an unrelated call made during the wait only until the wait is over', async () => {
    slack.rateLimitNext('chat.postMessage', 1);
    const client = webClient();
    const message = client.chat.postMessage({ channel: 'C1', text: 'held' });
    await slack.waitFor(() => callsOf('chat.postMessage').length === 1);
    const other = await client.auth.test();
    expect(other.ok).toBe(true);
    await message;
    const [limited] = callsOf('chat.postMessage');
    const [unrelated] = callsOf('auth.test');
    const held = (unrelated?.at ?? 0) - (limited?.at ?? 0);
    console.info(`[web-api-rate-limit] an unrelated call went out ${held} ms after the 429`);
    expect(held).toBeLessThan(2500);
    expect(callsOf('chat.postMessage').filter((c) => !c.rateLimited)).toHaveLength(1);
  });

  it('stops after two retries when Slack keeps answering 429, instead of waiting for half an hour', async () => {
    slack.rateLimitNext('chat.postMessage', 0, 10);
    await expect(webClient().chat.postMessage({ channel: 'C1', text: 'never' })).rejects.toThrow(
      /rate limit/i,
    );
    expect(callsOf('chat.postMessage')).toHaveLength(3);
    expect(callsOf('chat.postMessage').every((c) => c.rateLimited)).toBe(true);
  });
});
