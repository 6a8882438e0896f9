import { HttpFailure, headersOf, normaliseXeroError } from './normalise-error.js';
import type { XeroRoutes } from './routing.js';

/**
 * Tells Xero a refresh token is no longer wanted: POST /connect/revocation with the app's
 * client credentials (reference/xero.md §1.1). Xero then drops the token and the user's
 * connections to the app made with it, so this is only for tokens nothing live relies on.
 * Plain fetch with a timeout, like the code exchange: xero-node's revokeToken() needs
 * openid-client discovery against the hard-coded identity host. Fails with XeroCallError.
 */
export async function revokeRefreshToken(
  routes: Pick<XeroRoutes, 'identityUrl' | 'timeoutMs'>,
  client: { clientId: string; clientSecret: string },
  refreshToken: string,
): Promise<void> {
  const operation = 'POST /connect/revocation';
  let response: Response;
  try {
    response = await fetch(new URL('/connect/revocation', routes.identityUrl), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
      signal: AbortSignal.timeout(routes.timeoutMs),
    });
  } catch (err) {
    throw normaliseXeroError(
      { code: (err as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : 'ECONNREFUSED' },
      operation,
    );
  }
  const text = await response.text();
  if (response.ok) return;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Plain-text answers (503 pages) stay text.
  }
  throw normaliseXeroError(new HttpFailure(response.status, body, headersOf(response)), operation);
}
