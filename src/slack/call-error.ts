import { webApi } from '@slack/bolt';
import { XerofixError } from '../errors/xerofix-error.js';

// Slack Web API failures mapped onto the error base: `retryable` and `retryAfterSeconds` for
// the job runner, and a message an admin looking at a dead job can act on.

const FIXES: Record<string, string> = {
  missing_scope:
    'add the channels:history scope (groups:history for a private channel) and reinstall the Slack app',
  not_in_channel: 'invite the xerofix bot to the channel',
  channel_not_found: 'check SLACK_ALERT_CHANNEL names a channel id the bot can see',
  invalid_auth: 'check SLACK_BOT_TOKEN',
  token_revoked: 'reinstall the Slack app and update SLACK_BOT_TOKEN',
};

/** Settings problems: retrying before someone fixes them only fills the log. */
const PERMANENT = new Set(['channel_not_found', 'invalid_auth', 'token_revoked', 'account_inactive']);

/** The fields @slack/web-api's errors carry, read by their `code` (several copies of the package may be loaded, so instanceof is not reliable). */
interface WebApiFailure {
  readonly code?: unknown;
  readonly retryAfter?: unknown;
  readonly statusCode?: unknown;
  readonly data?: { readonly error?: unknown };
}

/**
 * A failed Web API call as a XerofixError; anything that is not one of @slack/web-api's errors
 * comes back unchanged. The library's error is not kept as `cause`: its request config holds
 * the bot token.
 */
export function slackCallError(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const e = err as WebApiFailure;
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
      return new XerofixError(
        `Slack rate limit reached${seconds === undefined ? '' : `; retry after ${seconds} s`}`,
        { code: 'slack.rate-limited', retryable: true, retryAfterSeconds: seconds },
      );
    }
    case webApi.ErrorCode.PlatformError: {
      const slackError = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      const fix = FIXES[slackError];
      return new XerofixError(`Slack refused the call (${slackError})${fix ? `: ${fix}` : ''}`, {
        code: 'slack.refused',
        retryable: !PERMANENT.has(slackError),
        context: { slackError },
      });
    }
    case webApi.ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
      return new XerofixError(`Slack answered the call with HTTP ${status ?? 'error'}`, {
        code: 'slack.http',
        // A 4xx other than 429 is a request Slack will refuse however often it comes.
        retryable: status === undefined || status >= 500 || status === 429 || status === 408,
        context: { status },
      });
    }
    case webApi.ErrorCode.RequestError:
      return new XerofixError('Slack could not be reached (network error or timeout)', {
        code: 'slack.network',
        retryable: true,
      });
    default:
      return err;
  }
}
