import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { SecretCipher } from '../secrets/cipher.js';
import { Secret } from '../secrets/secret.js';
import type { ConnectionsTable, Database } from './schema.js';
import {
  type Connection,
  type ConnectionSummary,
  type Health,
  type NewConnection,
  normaliseCustomerKey,
  type StoredTokenSet,
} from './types.js';

type Row = Selectable<ConnectionsTable>;

const iso = (ms: number) => new Date(ms).toISOString();
const expiryOf = (t: StoredTokenSet) => (t.expires_at ? iso(t.expires_at * 1000) : null);
// Sealed values are bound to their row and column, so a copied ciphertext will not open.
const secretContext = (id: string) => `connection:${id}:client_secret`;
const tokenContext = (id: string) => `connection:${id}:token_set`;

/** Connections per customer, with client secret and token set sealed at rest. */
export class ConnectionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds or replaces the customer's connection, unconditionally. Whether a replacement may
   * happen unasked is the caller's decision (see arrivalKind in pending-connections.ts), and so
   * is recording it as a connection event.
   */
  async save(input: NewConnection): Promise<Connection> {
    const customerKey = normaliseCustomerKey(input.customerKey);
    const now = iso(this.clock());
    const existing = await this.db
      .selectFrom('connections')
      .select('id')
      .where('customer_key', '=', customerKey)
      .executeTakeFirst();
    const id = existing?.id ?? randomUUID();
    const tokenSet = input.tokenSet.reveal();
    const values = {
      customer_key: customerKey,
      tenant_id: input.tenantId,
      tenant_name: input.tenantName ?? null,
      tenants_json: JSON.stringify(
        input.tenants ?? [{ tenantId: input.tenantId, tenantName: input.tenantName ?? null }],
      ),
      client_id: input.clientId,
      client_secret_sealed: this.cipher.seal(input.clientSecret.reveal(), secretContext(id)),
      token_set_sealed: this.cipher.seal(JSON.stringify(tokenSet), tokenContext(id)),
      ownership: input.ownership,
      access_expires_at: expiryOf(tokenSet),
      refresh_lease_owner: null,
      refresh_lease_until: null,
      health: null,
      last_verdict: null,
      last_probed_at: null,
      updated_at: now,
    };
    if (existing) {
      await this.db
        .updateTable('connections')
        .set((eb) => ({ ...values, token_version: eb('token_version', '+', 1) }))
        .where('id', '=', id)
        .execute();
    } else {
      await this.db
        .insertInto('connections')
        .values({ id, ...values, token_version: 0, created_at: now })
        .execute();
    }
    return (await this.get(id)) as Connection;
  }

  async get(id: string): Promise<Connection | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.open(row);
  }

  /** Exact key first; an email also finds a connection stored under its company domain. */
  async findByCustomer(key: string): Promise<Connection | undefined> {
    const wanted = normaliseCustomerKey(key);
    const keys = [wanted];
    const domain = wanted.includes('@') ? wanted.split('@').pop() : undefined;
    if (domain) keys.push(domain);
    for (const k of keys) {
      const row = await this.db
        .selectFrom('connections')
        .selectAll()
        .where('customer_key', '=', k)
        .executeTakeFirst();
      if (row) return this.open(row);
    }
    return undefined;
  }

  async list(): Promise<ConnectionSummary[]> {
    const rows = await this.db.selectFrom('connections').selectAll().orderBy('customer_key').execute();
    return rows.map(summarise);
  }

  async remove(customerKey: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('connections')
      .where('customer_key', '=', normaliseCustomerKey(customerKey))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Takes the refresh lease if nobody holds a live one. Across processes this is what makes
   * a refresh single-flight: only the lease holder may spend the refresh token.
   */
  async claimRefreshLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    const result = await this.db
      .updateTable('connections')
      .set({ refresh_lease_owner: owner, refresh_lease_until: iso(now + leaseMs) })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', iso(now))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async releaseRefreshLease(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('connections')
      .set({ refresh_lease_owner: null, refresh_lease_until: null })
      .where('id', '=', id)
      .where('refresh_lease_owner', '=', owner)
      .execute();
  }

  /**
   * Writes a rotated token set, only if the row is still at the version the refresh started
   * from and the writer still holds the lease. Returns false when someone else got there first.
   */
  async storeRotatedTokens(
    id: string,
    owner: string,
    expectedVersion: number,
    tokenSet: Secret<StoredTokenSet>,
  ): Promise<boolean> {
    const value = tokenSet.reveal();
    const result = await this.db
      .updateTable('connections')
      .set({
        token_set_sealed: this.cipher.seal(JSON.stringify(value), tokenContext(id)),
        access_expires_at: expiryOf(value),
        token_version: expectedVersion + 1,
        refresh_lease_owner: null,
        refresh_lease_until: null,
        updated_at: iso(this.clock()),
      })
      .where('id', '=', id)
      .where('token_version', '=', expectedVersion)
      .where('refresh_lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records the latest verdict and, when known, health. Says whether health changed from a
   * previous known value ('changed'), was set for the first time ('first') or stayed
   * ('same'). The change is a conditional UPDATE, so when several instances probe the same
   * connection, exactly one of them sees 'changed' and announces it.
   */
  async recordProbe(
    id: string,
    verdict: string,
    health: Health | null,
  ): Promise<'changed' | 'first' | 'same'> {
    const now = iso(this.clock());
    await this.db
      .updateTable('connections')
      .set({ last_verdict: verdict, last_probed_at: now })
      .where('id', '=', id)
      .execute();
    if (!health) return 'same';
    const flipped = await this.db
      .updateTable('connections')
      .set({ health })
      .where('id', '=', id)
      .where('health', 'is not', null)
      .where('health', '!=', health)
      .executeTakeFirst();
    if (Number(flipped.numUpdatedRows) === 1) return 'changed';
    const first = await this.db
      .updateTable('connections')
      .set({ health })
      .where('id', '=', id)
      .where('health', 'is', null)
      .executeTakeFirst();
    return Number(first.numUpdatedRows) === 1 ? 'first' : 'same';
  }

  /**
   * After a key rotation, re-seals every secret still under an old key, so the old key can
   * then be dropped from XEROFIX_SECRET_KEY. A row whose tokens change meanwhile is skipped
   * (its write already used the new key for the token set) and picked up on the next run.
   */
  async resealWithCurrentKey(): Promise<number> {
    const rows = await this.db.selectFrom('connections').selectAll().execute();
    let resealed = 0;
    for (const row of rows) {
      if (!this.cipher.isStale(row.token_set_sealed) && !this.cipher.isStale(row.client_secret_sealed))
        continue;
      const result = await this.db
        .updateTable('connections')
        .set({
          token_set_sealed: this.cipher.reseal(row.token_set_sealed, tokenContext(row.id)),
          client_secret_sealed: this.cipher.reseal(row.client_secret_sealed, secretContext(row.id)),
        })
        .where('id', '=', row.id)
        .where('token_version', '=', row.token_version)
        .executeTakeFirst();
      resealed += Number(result.numUpdatedRows);
    }
    return resealed;
  }

  private open(row: Row): Connection {
    const tokenSet = JSON.parse(
      this.cipher.open(row.token_set_sealed, tokenContext(row.id)),
    ) as StoredTokenSet;
    return {
      ...summarise(row),
      tenants: JSON.parse(row.tenants_json),
      clientSecret: new Secret(this.cipher.open(row.client_secret_sealed, secretContext(row.id))),
      tokenSet: new Secret(tokenSet),
      tokenVersion: Number(row.token_version),
    };
  }
}

function summarise(row: Row): ConnectionSummary {
  return {
    id: row.id,
    customerKey: row.customer_key,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    clientId: row.client_id,
    ownership: row.ownership,
    accessExpiresAt: row.access_expires_at,
    health: row.health,
    lastVerdict: row.last_verdict,
    lastProbedAt: row.last_probed_at,
    updatedAt: row.updated_at,
  };
}
