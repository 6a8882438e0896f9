import type { Secret } from '../secrets/secret.js';

export type Ownership = 'owned' | 'shared';
export type Health = 'healthy' | 'broken';

/** The token response fields xerofix keeps; `expires_at` is epoch seconds, as xero-node uses. */
export interface StoredTokenSet {
  readonly access_token: string;
  readonly refresh_token?: string | undefined;
  readonly expires_at?: number | undefined;
  readonly scope?: string | undefined;
  readonly token_type?: string | undefined;
}

export interface TenantRef {
  readonly tenantId: string;
  readonly tenantName: string | null;
}

export interface NewConnection {
  readonly customerKey: string;
  readonly tenantId: string;
  readonly tenantName?: string | null;
  readonly tenants?: readonly TenantRef[];
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly tokenSet: Secret<StoredTokenSet>;
  readonly ownership: Ownership;
}

/** What may be shown to anyone: no secrets. */
export interface ConnectionSummary {
  readonly id: string;
  readonly customerKey: string;
  readonly tenantId: string;
  readonly tenantName: string | null;
  readonly clientId: string;
  readonly ownership: Ownership;
  readonly accessExpiresAt: string | null;
  readonly health: Health | null;
  readonly lastVerdict: string | null;
  readonly lastProbedAt: string | null;
  readonly updatedAt: string;
}

export interface Connection extends ConnectionSummary {
  readonly tenants: readonly TenantRef[];
  readonly clientSecret: Secret;
  readonly tokenSet: Secret<StoredTokenSet>;
  readonly tokenVersion: number;
}

/** Lower-case, trimmed: "Ops@Acme.com " and "ops@acme.com" are one customer. */
export function normaliseCustomerKey(key: string): string {
  return key.trim().toLowerCase();
}
