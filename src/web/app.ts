import type { Config } from '../config.js';
import type { LiveServices } from '../probe/services.js';
import { type ConsentSettings, consentScopes } from '../xero/code-exchange.js';
import { mountConnectFlow } from './connect-routes.js';
import { Router } from './router.js';

/** The public base URL links and the OAuth redirect are built from. */
export const publicBase = (config: Config) => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;

export function consentSettings(config: Config): ConsentSettings | undefined {
  if (!config.XERO_CLIENT_ID || !config.XERO_CLIENT_SECRET) return undefined;
  return {
    clientId: config.XERO_CLIENT_ID,
    clientSecret: config.XERO_CLIENT_SECRET,
    redirectUri: new URL('/xero/callback', publicBase(config)).toString(),
    scopes: consentScopes(config.XERO_SCOPES),
    loginUrl: config.XERO_LOGIN_URL,
    identityUrl: config.XERO_IDENTITY_URL,
    timeoutMs: config.XERO_TIMEOUT_MS,
  };
}

/** Every route the one server process answers; a Slack receiver can mount the same router. */
export function buildRouter(services: LiveServices): Router {
  const router = new Router(services.log);
  router.get('/healthz', async () => ({
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body: 'ok',
  }));
  return mountConnectFlow(router, { ...services, consent: consentSettings(services.config) });
}
