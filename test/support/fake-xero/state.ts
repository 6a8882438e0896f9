import { randomBytes, randomUUID } from 'node:crypto';

// The identity side of a stand-in Xero: apps, grants, access and refresh tokens, with the
// lifetimes and rotation rules Xero documents (reference/xero.md §1).

export const ACCESS_TTL_S = 1_800;
export const GRACE_MS = 30 * 60_000;
export const REFRESH_UNUSED_MS = 60 * 24 * 3_600_000;

export type TenantMode =
  | 'ok'
  | 'forbidden'
  | 'rate-limited'
  | 'day-limited'
  | 'app-limited'
  | 'unavailable'
  | 'hang';

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  mode: TenantMode;
  calls: number[];
}

export interface Grant {
  readonly id: string;
  readonly clientId: string;
  readonly scopes: string[];
  readonly tenantIds: Set<string>;
  readonly authEventId: string;
  revoked: boolean;
}

interface RefreshToken {
  readonly grantId: string;
  readonly issuedAt: number;
  rotatedAt?: number;
}

interface AccessToken {
  readonly grantId: string;
  readonly expiresAt: number;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class FakeXeroState {
  readonly apps = new Map<string, string>();
  readonly tenants = new Map<string, Tenant>();
  readonly grants = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly codes = new Map<string, { grantId: string; redirectUri: string; expiresAt: number }>();
  /** Every credential this fake ever issued or accepted, for the leak scans. */
  readonly issued = new Set<string>();

  constructor(readonly now: () => number) {}

  addApp(clientId: string, secret = `secret-${randomBytes(12).toString('hex')}`): string {
    this.apps.set(clientId, secret);
    this.issued.add(secret);
    this.issued.add(Buffer.from(`${clientId}:${secret}`).toString('base64'));
    return secret;
  }

  addTenant(tenantId: string, name: string, mode: TenantMode = 'ok'): Tenant {
    const tenant = { tenantId, name, mode, calls: [] };
    this.tenants.set(tenantId, tenant);
    return tenant;
  }

  /** What a finished consent produces: a grant and its first token pair. */
  createGrant(
    clientId: string,
    tenantIds: string[],
    scopes: string[],
  ): { grant: Grant; tokens: TokenResponse } {
    const grant: Grant = {
      id: randomUUID(),
      clientId,
      scopes,
      tenantIds: new Set(tenantIds),
      authEventId: randomUUID(),
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    return { grant, tokens: this.issueTokens(grant) };
  }

  issueTokens(grant: Grant): TokenResponse {
    const now = this.now();
    const exp = Math.floor(now / 1000) + ACCESS_TTL_S;
    const claims = {
      nbf: Math.floor(now / 1000),
      exp,
      iss: 'https://identity.xero.com',
      aud: 'https://identity.xero.com/resources',
      client_id: grant.clientId,
      sub: 'user-1',
      authentication_event_id: grant.authEventId,
      jti: randomUUID(),
      scope: grant.scopes,
    };
    const access = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(32).toString('base64url')}`;
    const refresh = randomBytes(24).toString('hex');
    this.accessTokens.set(access, { grantId: grant.id, expiresAt: exp * 1000 });
    this.refreshTokens.set(refresh, { grantId: grant.id, issuedAt: now });
    this.issued.add(access);
    this.issued.add(refresh);
    return {
      access_token: access,
      refresh_token: refresh,
      expires_in: ACCESS_TTL_S,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
  }

  /** A refresh: a new pair, and the old refresh token enters its 30-minute grace. */
  refresh(token: string, clientId: string): TokenResponse | 'invalid_grant' {
    const record = this.refreshTokens.get(token);
    const grant = record && this.grants.get(record.grantId);
    const now = this.now();
    if (!record || !grant || grant.revoked || grant.clientId !== clientId) return 'invalid_grant';
    if (record.rotatedAt !== undefined && now - record.rotatedAt > GRACE_MS) return 'invalid_grant';
    if (record.rotatedAt === undefined && now - record.issuedAt > REFRESH_UNUSED_MS) return 'invalid_grant';
    record.rotatedAt ??= now;
    return this.issueTokens(grant);
  }

  /** Resolves a bearer token to its grant, or says why Xero would reject it. */
  authenticate(header: string | undefined): Grant | 'TokenExpired' | 'AuthenticationUnsuccessful' {
    const token = header?.replace(/^Bearer /, '') ?? '';
    const record = this.accessTokens.get(token);
    const grant = record && this.grants.get(record.grantId);
    if (!record || !grant || grant.revoked) return 'AuthenticationUnsuccessful';
    if (this.now() >= record.expiresAt) return 'TokenExpired';
    return grant;
  }
}
