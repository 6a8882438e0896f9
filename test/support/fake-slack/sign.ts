import { createHmac } from 'node:crypto';

// Requests exactly as Slack signs them: v0 HMAC-SHA256 over "v0:{timestamp}:{raw body}".

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  readonly secret: string;
  /** Seconds since the epoch; defaults to now. */
  readonly timestamp?: number;
  readonly headers?: Record<string, string>;
}

export async function postSigned(url: string, body: string, contentType: string, options: SignedPostOptions) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      // Exactly this, no charset: Bolt only parses the bare form content type.
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

export const FORM = 'application/x-www-form-urlencoded';

export const slashCommandBody = (fields: Record<string, string>) =>
  new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'support',
    user_id: 'U1',
    user_name: 'agent',
    command: '/xerofix',
    text: '',
    trigger_id: '1.2.3',
    ...fields,
  }).toString();

export const interactionBody = (payload: Record<string, unknown>) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
