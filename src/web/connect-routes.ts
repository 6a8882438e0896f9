import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CONNECT_PAGES as SAY } from '../reply/wording-connect.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { KeyRing } from '../secrets/key-ring.js';
import { Secret } from '../secrets/secret.js';
import { arrivalKind, replacementDetail } from '../store/pending-connections.js';
import type { Store } from '../store/store.js';
import type { Connection, NewConnection } from '../store/types.js';
import { type ConsentSettings, consentUrl, exchangeCode } from '../xero/code-exchange.js';
import { XeroCallError } from '../xero/errors.js';
import type { XeroGateway, XeroTenant } from '../xero/gateway.js';
import { MAX_INVITE_DAYS, verifyInvite } from './invite.js';
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
const TITLE = SAY.title;

// An invite is used up by the first connect that lands (saved, or held for an agent), not by
// opening it: a customer who closes Xero's consent page and opens the link again must still
// get through. The claim is keyed by the invite's id (a hash), never by the link itself.
const INVITE_CLAIM = 'connect-invite:';
const inviteClaim = (inviteId: string) => `${INVITE_CLAIM}${inviteId}`;

/**
 * GET /xero/connect?invite=…  verified, unused invite → consent at Xero, with a one-time state
 *                             kept in the store and bound to this browser by a cookie (CSRF);
 * GET /xero/callback          state checked against both → code exchanged → the invite used up
 *                             → stored as owned, unless it would replace the customer's stored
 *                             connection: that waits for an agent (same organisation and
 *                             ownership is a reconnect and goes through).
 */
export function mountConnectFlow(router: Router, deps: ConnectFlowDeps): Router {
  return router
    .get('/xero/connect', (req) => start(deps, req))
    .get('/xero/callback', (req) => callback(deps, req));
}

async function start(deps: ConnectFlowDeps, req: WebRequest): Promise<WebResponse> {
  const check = verifyInvite(deps.keyRing, req.url.searchParams.get('invite') ?? '', deps.clock());
  if (!check.ok) {
    const expired = check.reason === 'expired';
    return page(expired ? 410 : 400, TITLE, expired ? SAY.linkExpired : SAY.linkInvalid);
  }
  if (await deps.store.claims.isClaimed(inviteClaim(check.invite.id))) return alreadyUsed();
  if (!deps.consent) return notConfigured();
  // The invite's id rides in the state (whose hash the store keeps), so the callback knows
  // which invite to use up without the link ever being stored.
  const state = `${randomBytes(32).toString('base64url')}.${check.invite.id}`;
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
    return page(400, TITLE, SAY.otherBrowser, clear);
  }
  const customer = await deps.store.oauthStates.take(state);
  const inviteId = state.split('.')[1];
  if (!customer || !inviteId) return page(400, TITLE, SAY.stateGone, clear);
  if (q.get('error')) return page(200, SAY.notConnectedTitle, SAY.accessDenied, clear);
  if (!deps.consent) return notConfigured();
  const code = q.get('code');
  if (!code) return page(400, TITLE, SAY.noCode, clear);
  // Used meanwhile (another browser finished first): no need to ask Xero for tokens we would drop.
  if (await deps.store.claims.isClaimed(inviteClaim(inviteId))) return alreadyUsed(clear);
  try {
    const tokenSet = await exchangeCode(deps.consent, code, deps.clock);
    const tenants = await deps.gateway.listConnections(tokenSet.access_token);
    const existing = await deps.store.connections.findByCustomer(customer);
    const chosen = chooseTenant(tenants, tokenSet.access_token, existing?.tenantId);
    if (!chosen) return page(200, SAY.notConnectedTitle, SAY.noOrganisation, clear);
    const incoming: NewConnection = {
      customerKey: customer,
      tenantId: chosen.tenantId,
      tenantName: chosen.tenantName,
      tenants: tenants.map(({ tenantId, tenantName }) => ({ tenantId, tenantName })),
      clientId: deps.consent.clientId,
      clientSecret: new Secret(deps.consent.clientSecret),
      tokenSet: new Secret(tokenSet),
      ownership: 'owned',
    };
    const landed = await land(deps, { customer, id: inviteId }, incoming, existing);
    const org = chosen.tenantName ?? SAY.anyOrganisation;
    switch (landed) {
      case 'invite-used':
        return alreadyUsed(clear);
      case 'connected':
        return page(200, SAY.connectedTitle, SAY.connected(org), clear);
      case 'reconnected':
        return page(200, SAY.connectedTitle, SAY.reconnected(org), clear);
      case 'held':
        return page(200, SAY.receivedTitle, SAY.held(org), clear);
    }
  } catch (err) {
    if (!(err instanceof XeroCallError)) throw err;
    deps.log.warn('connect flow failed at Xero', { customer, error: err.message });
    return page(502, SAY.notConnectedTitle, SAY.xeroFailed, clear);
  }
}

/**
 * Uses up the invite and stores what arrived, in one transaction: as a new connection, as a
 * reconnect of the same organisation, or (when it would replace what support relies on) held
 * for an agent. If storing fails, or the process dies half-way, the invite was never used and
 * the customer can simply try again; a used invite always has its connection.
 */
async function land(
  deps: ConnectFlowDeps,
  invite: { customer: string; id: string },
  incoming: NewConnection,
  existing: Connection | undefined,
): Promise<'invite-used' | 'connected' | 'reconnected' | 'held'> {
  const { customer } = invite;
  const fields = { customer, tenant: incoming.tenantId };
  try {
    const landed = await deps.store.atomically(async (tx) => {
      // Inside the transaction: of two browsers finishing at once, the second waits on the
      // first's claim and then finds it taken.
      if (!(await tx.claims.claim(inviteClaim(invite.id), customer))) return 'invite-used' as const;
      const kind = arrivalKind(existing, incoming);
      if (kind === 'replacement' && existing) {
        const held = await tx.pendingConnections.hold(incoming, existing);
        await tx.events.add({
          connectionId: existing.id,
          customerKey: existing.customerKey,
          kind: 'replacement-pending',
          verdict: existing.lastVerdict ?? 'unchecked',
          entry: null,
          detail: replacementDetail(existing, held, 'through a connect link, waiting for an agent'),
        });
        return 'held' as const;
      }
      const saved = await tx.connections.save(incoming);
      await tx.events.add({
        connectionId: saved.id,
        customerKey: saved.customerKey,
        kind: kind === 'reconnect' ? 'reconnected' : 'connected',
        verdict: 'healthy',
        entry: null,
        detail: existing ? replacementDetail(existing, saved, 'reconnected through a connect link') : null,
      });
      return kind === 'reconnect' ? ('reconnected' as const) : ('connected' as const);
    });
    if (landed === 'held')
      deps.log.info('customer connect held for an agent to confirm', {
        ...fields,
        replacing: existing?.tenantId,
      });
    else if (landed !== 'invite-used')
      deps.log.info(
        landed === 'reconnected' ? 'customer reconnected Xero' : 'customer connected Xero',
        fields,
      );
    return landed;
  } finally {
    // A used invite matters only while it could still be opened.
    await deps.store.claims
      .forgetOlderThan(INVITE_CLAIM, deps.clock() - (MAX_INVITE_DAYS + 1) * 86_400_000)
      .catch(() => undefined);
  }
}

/**
 * The organisation this consent chose. Tenants from this consent share the token's auth
 * event; older grants' tenants come after. When the customer picked several, the one already
 * stored for them wins, so re-consenting to fix a token does not switch organisations.
 */
function chooseTenant(
  tenants: XeroTenant[],
  accessToken: string,
  storedTenantId: string | undefined,
): XeroTenant | undefined {
  const event = authEventOf(accessToken);
  const thisConsent = tenants.filter((t) => t.authEventId === event);
  return thisConsent.find((t) => t.tenantId === storedTenantId) ?? thisConsent[0] ?? tenants[0];
}

function authEventOf(accessToken: string): unknown {
  const claims = accessToken.split('.')[1];
  try {
    return claims
      ? JSON.parse(Buffer.from(claims, 'base64url').toString()).authentication_event_id
      : undefined;
  } catch {
    return undefined;
  }
}

function notConfigured(): WebResponse {
  return page(503, TITLE, SAY.notConfigured);
}

function alreadyUsed(headers: Record<string, string> = {}): WebResponse {
  return page(410, TITLE, SAY.alreadyUsed, headers);
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
