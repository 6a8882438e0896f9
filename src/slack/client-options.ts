import type { webApi } from '@slack/bolt';
import type { SlackConfig } from '../config.js';

/**
 * How every Slack Web API client of ours talks to Slack, in one place so the app and the
 * tests that prove its rate-limit behaviour use the same values.
 *
 * Two retries, 300 ms then 600 ms apart (at most 2 s): a listener waiting half an hour on
 * the library's default schedule would hold the answer hostage, so it fails fast instead.
 * A 429 is retried after exactly the Retry-After Slack sends (the client pauses its queue
 * for that long, then the retry adds the 300 ms step) and uses up one of the two retries;
 * `rejectRateLimitedCalls` stays off so that wait happens rather than an error.
 */
export function slackClientOptions(
  config: Pick<SlackConfig, 'apiUrl'>,
  fetchImpl?: typeof fetch,
): webApi.WebClientOptions {
  return {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000 },
    rejectRateLimitedCalls: false,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
}
