import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { SecretCipher } from '../secrets/cipher.js';
import { Secret } from '../secrets/secret.js';
import type { Database, PendingConnectionsTable } from './schema.js';
import type { Store } from './store.js';
import {
  type Connection,
  type ConnectionSummary,
  type NewConnection,
  normaliseCustomerKey,
  type Ownership,
  type StoredTokenSet,
  type TenantRef,
} from './types.js';

// A connect link used by the customer should not be able to swap the organisation (or the
// ownership) support relies on without anyone noticing. Such an arrival is parked here, sealed
// like a connection, until an agent confirms it (it then replaces the stored connection) or
// discards it. Every replacement leaves a connection event behind.

type Row = Selectable<PendingConnectionsTable>;

/** The side of a replacement an agent compares: no secrets. */
export interface ConnectionSide {
  readonly customerKey: string;
  readonly tenantId: string;
  readonly tenantName: string | null;
  readonly ownership: Ownership;
}

export interface PendingConnectionSummary extends ConnectionSide {
  readonly id: string;
  readonly clientId: string;
  readonly tenants: readonly TenantRef[];
  /** The stored connection this would replace, as it was when this arrived. */
  readonly replaces: ConnectionSide & { readonly connectionId: string };
  readonly receivedAt: string;
}

export interface PendingConnection extends PendingConnectionSummary {
  /** Ready to hand to `connections.save` once confirmed. */
  readonly connection: NewConnection;
}

// Bound to the row and column like connections' sealed values, under their own prefix, so a
// pending value cannot be pasted into a connection row (or back) and open.
const secretContext = (id: string) => `pending-connection:${id}:client_secret`;
const tokenContext = (id: string) => `pending-connection:${id}:token_set`;

export class PendingConnectionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
  ) {}

  /** Parks `incoming` for its customer; a newer arrival for the same customer takes the older one's place. */
  async hold(incoming: NewConnection, replaces: ConnectionSummary): Promise<PendingConnectionSummary> {
    const id = randomUUID();
    const values = {
      id,
      ...this.sealed(id, incoming),
      replaces_connection_id: replaces.id,
      replaces_customer_key: replaces.customerKey,
      replaces_tenant_id: replaces.tenantId,
      replaces_tenant_name: replaces.tenantName,
      replaces_ownership: replaces.ownership,
      created_at: new Date(this.clock()).toISOString(),
    };
    // The id changes with the row's content: the sealed values are bound to it.
    await this.db
      .insertInto('pending_connections')
      .values(values)
      .onConflict((oc) => oc.column('customer_key').doUpdateSet(values))
      .execute();
    return summarise(values);
  }

  async list(): Promise<PendingConnectionSummary[]> {
    const rows = await this.db
      .selectFrom('pending_connections')
      .selectAll()
      .orderBy('customer_key')
      .execute();
    return rows.map(summarise);
  }

  async find(customerKey: string): Promise<PendingConnectionSummary | undefined> {
    const row = await this.db
      .selectFrom('pending_connections')
      .selectAll()
      .where('customer_key', '=', normaliseCustomerKey(customerKey))
      .executeTakeFirst();
    return row && summarise(row);
  }

  /**
   * Removes the customer's pending connection and returns it opened. Only one caller gets it,
   * so two agents confirming at once replace the connection once.
   */
  async take(customerKey: string): Promise<PendingConnection | undefined> {
    const row = await this.db
      .deleteFrom('pending_connections')
      .where('customer_key', '=', normaliseCustomerKey(customerKey))
      .returningAll()
      .executeTakeFirst();
    return row && this.open(row);
  }

  /** Puts back what `take` returned when using it failed; a newer arrival meanwhile wins. */
  async restore(pending: PendingConnection): Promise<void> {
    await this.db
      .insertInto('pending_connections')
      .values({
        id: pending.id,
        ...this.sealed(pending.id, pending.connection),
        replaces_connection_id: pending.replaces.connectionId,
        replaces_customer_key: pending.replaces.customerKey,
        replaces_tenant_id: pending.replaces.tenantId,
        replaces_tenant_name: pending.replaces.tenantName,
        replaces_ownership: pending.replaces.ownership,
        created_at: pending.receivedAt,
      })
      .onConflict((oc) => oc.column('customer_key').doNothing())
      .execute();
  }

  /**
   * Removes what waits for `customerKey`, or to replace its connection (when that is removed),
   * and returns it opened, so its tokens can be revoked at Xero.
   */
  async takeAllFor(customerKey: string): Promise<PendingConnection[]> {
    const key = normaliseCustomerKey(customerKey);
    const rows = await this.db
      .deleteFrom('pending_connections')
      .where((eb) => eb.or([eb('customer_key', '=', key), eb('replaces_customer_key', '=', key)]))
      .returningAll()
      .execute();
    return rows.map((row) => this.open(row));
  }

  /** `connections rekey` for parked secrets: re-seals what is under an old key. */
  async resealWithCurrentKey(): Promise<number> {
    const rows = await this.db.selectFrom('pending_connections').selectAll().execute();
    let resealed = 0;
    for (const row of rows) {
      if (!this.cipher.isStale(row.token_set_sealed) && !this.cipher.isStale(row.client_secret_sealed))
        continue;
      const result = await this.db
        .updateTable('pending_connections')
        .set({
          token_set_sealed: this.cipher.reseal(row.token_set_sealed, tokenContext(row.id)),
          client_secret_sealed: this.cipher.reseal(row.client_secret_sealed, secretContext(row.id)),
        })
        // A newer arrival meanwhile has a new id and was sealed with the current key anyway.
        .where('id', '=', row.id)
        .executeTakeFirst();
      resealed += Number(result.numUpdatedRows);
    }
    return resealed;
  }

  private sealed(id: string, incoming: NewConnection) {
    return {
      customer_key: normaliseCustomerKey(incoming.customerKey),
      tenant_id: incoming.tenantId,
      tenant_name: incoming.tenantName ?? null,
      tenants_json: JSON.stringify(
        incoming.tenants ?? [{ tenantId: incoming.tenantId, tenantName: incoming.tenantName ?? null }],
      ),
      client_id: incoming.clientId,
      client_secret_sealed: this.cipher.seal(incoming.clientSecret.reveal(), secretContext(id)),
      token_set_sealed: this.cipher.seal(JSON.stringify(incoming.tokenSet.reveal()), tokenContext(id)),
      ownership: incoming.ownership,
    };
  }

  private open(row: Row): PendingConnection {
    const summary = summarise(row);
    const tokenSet = JSON.parse(
      this.cipher.open(row.token_set_sealed, tokenContext(row.id)),
    ) as StoredTokenSet;
    return {
      ...summary,
      connection: {
        customerKey: summary.customerKey,
        tenantId: summary.tenantId,
        tenantName: summary.tenantName,
        tenants: summary.tenants,
        clientId: summary.clientId,
        clientSecret: new Secret(this.cipher.open(row.client_secret_sealed, secretContext(row.id))),
        tokenSet: new Secret(tokenSet),
        ownership: summary.ownership,
      },
    };
  }
}

function summarise(row: Row): PendingConnectionSummary {
  return {
    id: row.id,
    customerKey: row.customer_key,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    ownership: row.ownership,
    clientId: row.client_id,
    tenants: JSON.parse(row.tenants_json),
    replaces: {
      connectionId: row.replaces_connection_id,
      customerKey: row.replaces_customer_key,
      tenantId: row.replaces_tenant_id,
      tenantName: row.replaces_tenant_name,
      ownership: row.replaces_ownership,
    },
    receivedAt: row.created_at,
  };
}

/**
 * What a connection arriving for `customerKey` means next to the one the customer resolves to
 * today: nothing there ('new'); the same organisation under the same key and ownership, e.g. a
 * customer fixing an expired token ('reconnect', allowed unasked); anything else ('replacement',
 * which an agent must confirm) — another organisation, shared becoming owned, or a connection
 * kept under the company domain that this one would stand in front of.
 */
export function arrivalKind(
  existing: ConnectionSummary | undefined,
  incoming: Pick<NewConnection, 'customerKey' | 'tenantId' | 'ownership'>,
): 'new' | 'reconnect' | 'replacement' {
  if (!existing) return 'new';
  const same =
    existing.customerKey === normaliseCustomerKey(incoming.customerKey) &&
    existing.tenantId === incoming.tenantId &&
    existing.ownership === incoming.ownership;
  return same ? 'reconnect' : 'replacement';
}

/** "Acme Ltd (tenant-1, shared)": how events and pages name one side of a replacement. */
export const describeSide = (side: Pick<ConnectionSide, 'tenantId' | 'tenantName' | 'ownership'>) =>
  `${side.tenantName ?? 'unnamed organisation'} (${side.tenantId}, ${side.ownership})`;

/** The audit line a replacement event carries. */
export function replacementDetail(before: ConnectionSide, after: ConnectionSide, how: string): string {
  const who = before.customerKey === after.customerKey ? '' : ` (was under ${before.customerKey})`;
  return `${describeSide(before)}${who} → ${describeSide(after)}; ${how}`;
}

export type Decision =
  | {
      readonly ok: true;
      readonly pending: PendingConnectionSummary;
      readonly connection?: Connection;
      /** For a discard given a way to revoke: what Xero was told. */
      readonly revocation?: Revocation;
    }
  | { readonly ok: false };

/**
 * An agent's yes: the parked connection replaces the stored one (or stands in front of the
 * domain's), and the replacement is recorded. `by` names where it was decided ("the CLI").
 */
export async function confirmPending(store: Store, customerKey: string, by: string): Promise<Decision> {
  // One transaction: the parked connection is never lost (taken but not saved) nor left
  // waiting after it replaced the stored one, whatever fails or crashes in between.
  return store.atomically(async (tx) => {
    const pending = await tx.pendingConnections.take(customerKey);
    if (!pending) return { ok: false };
    // Read first: saving may overwrite this very row. It may also have changed (a reconnect)
    // since the replacement arrived; the record says what was actually replaced.
    const before: ConnectionSide =
      (await tx.connections.get(pending.replaces.connectionId)) ?? pending.replaces;
    const saved = await tx.connections.save(pending.connection);
    await tx.events.add({
      connectionId: saved.id,
      customerKey: saved.customerKey,
      kind: 'replaced',
      verdict: 'healthy',
      entry: null,
      detail: replacementDetail(before, saved, `confirmed by an agent in ${by}`),
    });
    return { ok: true, pending: withoutSecrets(pending), connection: saved };
  });
}

/** Asks Xero to revoke a refresh token (the gateway's `revoke`); passed in, so the store needs no Xero. */
export type RevokeAtXero = (clientId: string, clientSecret: string, refreshToken: string) => Promise<void>;

/** What became of a discarded connection's tokens at Xero. */
export type Revocation =
  | { readonly kind: 'revoked' }
  /** Not asked: revoking could cut off `liveCustomer`'s connection, made by the same Xero user and app. */
  | { readonly kind: 'kept-for-live'; readonly liveCustomer: string }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'no-refresh-token' };

/**
 * An agent's no: the parked connection is dropped and the stored one stays as it is. With
 * `revoke`, its refresh token is then revoked at Xero, best effort: the discard has happened
 * whatever Xero says, and the outcome comes back for the agent to see.
 */
export async function discardPending(
  store: Store,
  customerKey: string,
  by: string,
  revoke?: RevokeAtXero,
): Promise<Decision> {
  const pending = await store.atomically(async (tx) => {
    const taken = await tx.pendingConnections.take(customerKey);
    if (!taken) return undefined;
    const kept = await tx.connections.get(taken.replaces.connectionId);
    await tx.events.add({
      connectionId: taken.replaces.connectionId,
      customerKey: taken.replaces.customerKey,
      kind: 'replacement-discarded',
      // The kept connection's state: nothing about it changed.
      verdict: kept?.lastVerdict ?? 'unchecked',
      entry: null,
      detail: `${describeSide(taken)} not used, kept ${describeSide(kept ?? taken.replaces)}; discarded by an agent in ${by}`,
    });
    return taken;
  });
  if (!pending) return { ok: false };
  const revocation = revoke ? await revokeDiscarded(store, pending, revoke) : undefined;
  return { ok: true, pending: withoutSecrets(pending), ...(revocation ? { revocation } : {}) };
}

/**
 * Revokes at Xero the tokens of a pending connection that was dropped unused, unless a stored
 * connection depends on them (see liveConnectionAtRisk).
 */
export async function revokeDiscarded(
  store: Store,
  pending: PendingConnection,
  revoke: RevokeAtXero,
): Promise<Revocation> {
  const refreshToken = pending.connection.tokenSet.reveal().refresh_token;
  if (!refreshToken) return { kind: 'no-refresh-token' };
  const live = await liveConnectionAtRisk(store, pending, refreshToken);
  if (live) return { kind: 'kept-for-live', liveCustomer: live.customerKey };
  try {
    await revoke(pending.clientId, pending.connection.clientSecret.reveal(), refreshToken);
    return { kind: 'revoked' };
  } catch (err) {
    // XeroCallError messages name the call and status, never a token.
    return { kind: 'failed', error: (err as Error).message };
  }
}

/**
 * A stored connection that revoking `pending`'s token could break. Xero's revocation drops the
 * user's connections to the app made with that token, and the tenants the pending grant lists
 * are exactly those connections; so any stored connection of the same app on one of them (or
 * holding the very same token) is at risk, and then nothing is revoked.
 */
async function liveConnectionAtRisk(
  store: Store,
  pending: PendingConnection,
  refreshToken: string,
): Promise<ConnectionSummary | undefined> {
  const grantTenants = new Set([pending.tenantId, ...pending.tenants.map((t) => t.tenantId)]);
  for (const live of await store.connections.list()) {
    if (live.clientId !== pending.clientId) continue;
    if (grantTenants.has(live.tenantId)) return live;
    const full = await store.connections.get(live.id);
    if (full?.tokenSet.reveal().refresh_token === refreshToken) return live;
  }
  return undefined;
}

function withoutSecrets(pending: PendingConnection): PendingConnectionSummary {
  const { connection: _sealedAgainNeverShown, ...summary } = pending;
  return summary;
}
