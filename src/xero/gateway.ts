import type { XeroClient } from 'xero-node';
import type { StoredTokenSet, TenantRef } from '../store/types.js';
import { readAccessToken } from './access-token.js';
import { XeroCallError } from './errors.js';
import { normaliseXeroError } from './normalise-error.js';
import { revokeRefreshToken } from './revoke.js';
import { routeXeroTraffic, type XeroRoutes } from './routing.js';

export interface XeroTenant extends TenantRef {
  readonly tenantType: string | null;
  readonly authEventId: string | null;
}

/**
 * The Xero calls xerofix makes, each failing only with XeroCallError. Probe, keeper and
 * connect flow depend on this interface, so tests can also hand them a stand-in.
 */
export interface XeroGateway {
  refresh(clientId: string, clientSecret: string, refreshToken: string): Promise<StoredTokenSet>;
  listConnections(accessToken: string): Promise<XeroTenant[]>;
  /** The tenant's organisation name: the cheapest call that proves tenant access and scope. */
  getOrganisationName(accessToken: string, tenantId: string): Promise<string | null>;
  /** Revokes a refresh token at Xero (and the connections made with it); only for tokens nothing live uses. */
  revoke(clientId: string, clientSecret: string, refreshToken: string): Promise<void>;
}

// xero-node takes a quarter of a second to load; commands that never call Xero skip it.
let sdk: Promise<typeof import('xero-node')> | undefined;
async function newClient(): Promise<XeroClient> {
  sdk ??= import('xero-node');
  return new (await sdk).XeroClient();
}

/** The gateway over the real xero-node 20 clients. */
export function createXeroNodeGateway(routes: XeroRoutes): XeroGateway {
  routeXeroTraffic(routes);
  return {
    async refresh(clientId, clientSecret, refreshToken) {
      // refreshWithRefreshToken: plain axios (redacted errors), no discovery, no ID-token
      // clock-skew failures — unlike refreshToken(), whose errors carry the Basic header.
      try {
        const set = await (await newClient()).refreshWithRefreshToken(clientId, clientSecret, refreshToken);
        return toStored(set);
      } catch (err) {
        throw normaliseXeroError(err, 'POST /connect/token (refresh)');
      }
    },
    async listConnections(accessToken) {
      const client = await withToken(accessToken);
      try {
        const tenants = await client.updateTenants(false);
        return tenants.map(toTenant);
      } catch (err) {
        throw normaliseXeroError(err, 'GET /connections');
      }
    },
    async getOrganisationName(accessToken, tenantId) {
      const client = await withToken(accessToken);
      try {
        const result = await client.accountingApi.getOrganisations(tenantId);
        return result.body.organisations?.[0]?.name ?? null;
      } catch (err) {
        throw normaliseXeroError(err, 'GET /api.xro/2.0/Organisation');
      }
    },
    revoke: (clientId, clientSecret, refreshToken) =>
      revokeRefreshToken(routes, { clientId, clientSecret }, refreshToken),
  };
}

async function withToken(accessToken: string): Promise<XeroClient> {
  const client = await newClient();
  client.setTokenSet({ access_token: accessToken, token_type: 'Bearer' });
  return client;
}

interface TokenSetLike {
  access_token?: string;
  refresh_token?: string;
  expires_at?: number;
  scope?: string;
  token_type?: string;
}

export function toStored(set: TokenSetLike): StoredTokenSet {
  if (!set.access_token)
    throw new XeroCallError('xero.unknown', { operation: 'token response without access_token' });
  // The token's own exp claim wins: TokenSet derives expires_at from the local clock.
  const exp = readAccessToken(set.access_token)?.expiresAt;
  return {
    access_token: set.access_token,
    refresh_token: set.refresh_token,
    expires_at: exp ? Math.floor(exp / 1000) : set.expires_at,
    scope: set.scope,
    token_type: set.token_type,
  };
}

function toTenant(t: Record<string, unknown>): XeroTenant {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    tenantId: String(t.tenantId),
    tenantName: str(t.tenantName),
    tenantType: str(t.tenantType),
    authEventId: str(t.authEventId),
  };
}
