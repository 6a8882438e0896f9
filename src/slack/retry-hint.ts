// Slack Web API failures turned into what the job runner reads (`retryAfterSeconds`,
// `retryable`) and a message an admin looking at a dead job can act on.

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

interface SlackApiError {
  readonly code?: string;
  readonly retryAfter?: number;
  readonly data?: { readonly error?: string };
}

export function retryHintOf(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const e = err as SlackApiError;
  if (e.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number') {
    return Object.assign(new Error(`Slack rate limit reached; retry after ${e.retryAfter} s`), {
      retryAfterSeconds: e.retryAfter,
    });
  }
  const slackError = e.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
  if (!slackError) return err;
  const fix = FIXES[slackError];
  return Object.assign(new Error(`Slack refused the call (${slackError})${fix ? `: ${fix}` : ''}`), {
    ...(PERMANENT.has(slackError) ? { retryable: false } : {}),
  });
}
