// Reads a Xero access token without calling Xero. Xero access tokens are JWTs; the probe
// only needs their claims (expiry, app, scopes), so the signature is not checked here —
// Xero checks it on the next call anyway.

export interface AccessTokenFacts {
  readonly expiresAt: number | undefined; // epoch ms
  readonly clientId: string | undefined;
  readonly scopes: readonly string[];
}

export function readAccessToken(token: string): AccessTokenFacts | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const scope = claims.scope;
    return {
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
      clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined,
      scopes: Array.isArray(scope) ? scope.map(String) : typeof scope === 'string' ? scope.split(' ') : [],
    };
  } catch {
    return undefined;
  }
}
