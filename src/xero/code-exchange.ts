import type { Clock } from '../runtime/clock.js';
import type { StoredTokenSet } from '../store/types.js';
import { toStored } from './gateway.js';
import { postToIdentity } from './identity-post.js';

export interface ConsentSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly loginUrl: string;
  readonly identityUrl: string;
  readonly timeoutMs: number;
}

/** offline_access is what makes Xero issue a refresh token; without it there is nothing to keep. */
export function consentScopes(configured: string): string[] {
  const scopes = configured.split(/\s+/).filter(Boolean);
  return scopes.includes('offline_access') ? scopes : [...scopes, 'offline_access'];
}

// Built here rather than with XeroClient.buildConsentUrl(): that one runs openid-client
// discovery against the hard-coded https://identity.xero.com, which XERO_LOGIN_URL must override.
export function consentUrl(s: ConsentSettings, state: string): string {
  const url = new URL('/identity/connect/authorize', s.loginUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('redirect_uri', s.redirectUri);
  url.searchParams.set('scope', s.scopes.join(' '));
  url.searchParams.set('state', state);
  return url.toString();
}

/** Trades the callback's code for a token set (see identity-post.ts for why not xero-node). */
export async function exchangeCode(s: ConsentSettings, code: string, clock: Clock): Promise<StoredTokenSet> {
  const operation = 'POST /connect/token (authorization_code)';
  const body = await postToIdentity(
    s,
    '/connect/token',
    { grant_type: 'authorization_code', code, redirect_uri: s.redirectUri },
    operation,
  );
  const data = body as { expires_in?: number; [k: string]: unknown };
  const expiresAt =
    typeof data.expires_in === 'number' ? Math.floor(clock() / 1000) + data.expires_in : undefined;
  return toStored({ ...(data as object), expires_at: expiresAt });
}
