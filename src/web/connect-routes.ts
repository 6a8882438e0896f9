import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../secrets/key-ring.js';
import type { Logger } from '../secrets/log.js';
import { Secret } from '../secrets/secret.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../store/types.js';
import { type ConsentSettings, consentUrl, exchangeCode } from '../xero/code-exchange.js';
import { XeroCallError } from '../xero/errors.js';
import type { XeroGateway, XeroTenant } from '../xero/gateway.js';
import { verifyInvite } from './invite.js';
import { page } from './page.js';
import type { Router, WebRequest, WebResponse } from './router.js';

export interface ConnectFlowDeps {
  readonly store: Store;
  readonly keyRing: KeyRing;
  readonly gateway: XeroGateway;
  readonly clock: Clock;
  readonly log: Logger;
  /** Undefined when XERO_CLIENT_ID / XERO_CLIENT_SECRET are not set: the flow then says so. */
  readonly consent: ConsentSettings | undefined;
}

const COOKIE = 'xerofix_connect';
const STATE_TTL_MS = 10 * 60_000;

/**
 * GET /xero/connect?invite=…  verified invite → consent at Xero, with a one-time state kept
 *                             in the store and bound to this browser by a cookie (CSRF);
 * GET /xero/callback          state checked against both → code exchanged → stored as owned.
 */
export function mountConnectFlow(router: Router, deps: ConnectFlowDeps): Router {
  return router
    .get('/xero/connect', (req) => start(deps, req))
    .get('/xero/callback', (req) => callback(deps, req));
}

async function start(deps: ConnectFlowDeps, req: WebRequest): Promise<WebResponse> {
  const check = verifyInvite(deps.keyRing, req.url.searchParams.get('invite') ?? '', deps.clock());
  if (!check.ok) {
    const why = check.reason === 'expired' ? 'This link has expired.' : 'This link is not valid.';
    return page(
      check.reason === 'expired' ? 410 : 400,
      'Connect to Xero',
      `${why} Please ask support for a new one.`,
    );
  }
  if (!deps.consent) return notConfigured();
  const state = randomBytes(32).toString('base64url');
  await deps.store.oauthStates.put(state, check.invite.customer, STATE_TTL_MS);
  const secure = deps.consent.redirectUri.startsWith('https:') ? '; Secure' : '';
  return {
    status: 302,
    headers: {
      location: consentUrl(deps.consent, state),
      'set-cookie': `${COOKIE}=${state}; Path=/xero; HttpOnly; SameSite=Lax; Max-Age=600${secure}`,
    },
  };
}

async function callback(deps: ConnectFlowDeps, req: WebRequest): Promise<WebResponse> {
  const q = req.url.searchParams;
  const clear = { 'set-cookie': `${COOKIE}=; Path=/xero; HttpOnly; SameSite=Lax; Max-Age=0` };
  const state = q.get('state') ?? '';
  const cookie = req.cookies[COOKIE] ?? '';
  // The state must match this browser's cookie *and* a stored, unused, unexpired state.
  if (!state || !sameString(state, cookie)) {
    return page(
      400,
      'Connect to Xero',
      'This sign-in did not start in this browser. Please open your connect link again.',
      clear,
    );
  }
  const customer = await deps.store.oauthStates.take(state);
  if (!customer)
    return page(
      400,
      'Connect to Xero',
      'This sign-in has expired or was already used. Please open your connect link again.',
      clear,
    );
  if (q.get('error'))
    return page(200, 'Not connected', 'Xero access was not granted, so nothing was connected.', clear);
  if (!deps.consent) return notConfigured();
  const code = q.get('code');
  if (!code)
    return page(400, 'Connect to Xero', 'Xero did not send a sign-in code. Please try again.', clear);
  try {
    const tokenSet = await exchangeCode(deps.consent, code, deps.clock);
    const tenants = await deps.gateway.listConnections(tokenSet.access_token);
    const chosen = justAuthorised(tenants, tokenSet.access_token)[0];
    if (!chosen)
      return page(200, 'Not connected', 'No Xero organisation was chosen, so nothing was connected.', clear);
    const saved = await deps.store.connections.save({
      customerKey: customer,
      tenantId: chosen.tenantId,
      tenantName: chosen.tenantName,
      tenants: tenants.map(({ tenantId, tenantName }) => ({ tenantId, tenantName })),
      clientId: deps.consent.clientId,
      clientSecret: new Secret(deps.consent.clientSecret),
      tokenSet: new Secret(tokenSet),
      ownership: 'owned',
    });
    await deps.store.events.add({
      connectionId: saved.id,
      customerKey: customer,
      kind: 'connected',
      verdict: 'healthy',
      entry: null,
    });
    deps.log.info('customer connected Xero', { customer, tenant: chosen.tenantId });
    const org = chosen.tenantName ?? 'Your Xero organisation';
    return page(200, 'Connected', `${org} is now connected. You can close this page.`, clear);
  } catch (err) {
    if (!(err instanceof XeroCallError)) throw err;
    deps.log.warn('connect flow failed at Xero', { customer, error: err.message });
    return page(
      502,
      'Not connected',
      'Xero did not complete the connection. Please open your connect link again.',
      clear,
    );
  }
}

/** Tenants from this consent share the token's auth event; older grants' tenants come after. */
function justAuthorised(tenants: XeroTenant[], accessToken: string): XeroTenant[] {
  const claims = accessToken.split('.')[1];
  let event: unknown;
  try {
    event = claims
      ? JSON.parse(Buffer.from(claims, 'base64url').toString()).authentication_event_id
      : undefined;
  } catch {
    event = undefined;
  }
  return [...tenants].sort((a, b) => Number(b.authEventId === event) - Number(a.authEventId === event));
}

function notConfigured(): WebResponse {
  return page(
    503,
    'Connect to Xero',
    'Connecting is not set up yet (XERO_CLIENT_ID and XERO_CLIENT_SECRET). Please tell support.',
  );
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
