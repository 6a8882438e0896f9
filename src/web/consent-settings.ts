import type { HttpConfig, XeroConfig } from '../config.js';
import { type ConsentSettings, consentScopes } from '../xero/code-exchange.js';

/** The connect flow's consent settings; undefined (the flow is off) without a Xero app. */
export function consentSettings(
  xero: XeroConfig,
  http: Pick<HttpConfig, 'publicUrl'>,
): ConsentSettings | undefined {
  if (!xero.clientId || !xero.clientSecret) return undefined;
  return {
    clientId: xero.clientId,
    clientSecret: xero.clientSecret,
    redirectUri: new URL('/xero/callback', http.publicUrl).toString(),
    scopes: consentScopes(xero.scopes),
    loginUrl: xero.loginUrl,
    identityUrl: xero.identityUrl,
    timeoutMs: xero.timeoutMs,
  };
}
