import type { webApi } from '@slack/bolt';
import { XerofixError } from '../errors/xerofix-error.js';
import { SLACK_NOTICES } from '../reply/wording-slack.js';
import type { AnswerMessage } from './durable-work.js';

// Answering through a response_url without Bolt's respond(): work resumed by another process
// has only the URL it stored, so the live path uses the same code and both behave alike.

/** Slack answered the response_url with an error: expired (30 minutes), used up (5 posts), unknown. */
export class ResponseUrlError extends XerofixError {
  override readonly name = 'ResponseUrlError';
  constructor(readonly status: number) {
    super(`Slack refused the answer sent to the response_url (HTTP ${status})`, {
      code: 'slack.response-url-refused',
      // An expired or used-up URL stays so; only Slack being down or busy may pass.
      retryable: status >= 500 || status === 429,
      context: { status },
    });
  }
}

const TIMEOUT_MS = 10_000;

export async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new ResponseUrlError(res.status);
}

/** Who asked, where, and the URL that reaches them privately. */
export interface AnswerTarget {
  readonly responseUrl: string;
  readonly channel: string;
  readonly user: string;
}

const NOT_SHARED = {
  text: SLACK_NOTICES.shareExpired,
};

/**
 * An answer through the response_url, private unless the message says otherwise. When Slack
 * refuses it (expired after 30 minutes or 5 uses), a private answer goes as an ephemeral
 * message instead, and a shared one becomes a private note that it could not be shared. A
 * timeout or a dropped connection is thrown: the answer may or may not have arrived, and the
 * caller decides.
 */
export async function deliverAnswer(
  client: webApi.WebClient,
  target: AnswerTarget,
  message: AnswerMessage,
): Promise<void> {
  try {
    await postToResponseUrl(target.responseUrl, {
      response_type: 'ephemeral',
      replace_original: false,
      ...message,
    });
  } catch (err) {
    if (!(err instanceof ResponseUrlError)) throw err;
    const { response_type: visibility, ...privately } = message;
    const fallback = visibility === 'in_channel' ? NOT_SHARED : privately;
    await client.chat.postEphemeral({ channel: target.channel, user: target.user, ...fallback });
  }
}
