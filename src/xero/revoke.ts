import { postToIdentity } from './identity-post.js';
import type { XeroRoutes } from './routing.js';

/**
 * Tells Xero a refresh token is no longer wanted: POST /connect/revocation with the app's
 * client credentials (reference/xero.md §1.1). Xero then drops the token and the user's
 * connections to the app made with it, so this is only for tokens nothing live relies on.
 * Not xero-node's revokeToken(): see identity-post.ts. Fails with XeroCallError.
 */
export async function revokeRefreshToken(
  routes: Pick<XeroRoutes, 'identityUrl' | 'timeoutMs'>,
  client: { clientId: string; clientSecret: string },
  refreshToken: string,
): Promise<void> {
  const operation = 'POST /connect/revocation';
  await postToIdentity(
    { ...routes, ...client },
    '/connect/revocation',
    { token: refreshToken, token_type_hint: 'refresh_token' },
    operation,
  );
}
