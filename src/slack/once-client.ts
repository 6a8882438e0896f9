import { webApi } from '@slack/bolt';
import type { SlackConfig } from '../config.js';
import type { Logger } from '../runtime/logger.js';
import { boltLogger } from './bolt-logger.js';

/**
 * A Web API client for posts that must land once (alerts). It never retries by itself: the
 * library retries a post whose response was lost, and the message appears twice. Jobs retry
 * instead, after checking whether the first post landed. A 429 is handed back with Slack's
 * Retry-After for the job queue to wait out, and a call that hangs gives up after 10 s.
 */
export function onceClient(config: SlackConfig, log: Logger): webApi.WebClient {
  return new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: boltLogger(log, config.logLevel),
  });
}
