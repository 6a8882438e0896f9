import { randomUUID } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Secret } from '../secrets/secret.js';
import type { ConnectionRepository } from '../store/connections.js';
import type { Connection, StoredTokenSet } from '../store/types.js';
import { XeroCallError } from './errors.js';
import type { XeroGateway } from './gateway.js';

const POLL_MS = 200;

export interface TokenRefresherOptions {
  readonly connections: ConnectionRepository;
  readonly gateway: XeroGateway;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long one process may hold the right to spend a refresh token. */
  readonly leaseMs?: number;
  /**
   * Called after Xero answered and before the answer is stored. Only tests use it (to kill
   * the process at the worst moment); the default does nothing.
   */
  readonly afterXeroAnswered?: () => Promise<void>;
}

/**
 * Refreshes owned connections so that a rotated refresh token is never lost:
 * - single flight: one refresh per connection in this process (shared promise) and across
 *   processes (a lease row in the store);
 * - the rotated token set is written to the store before anyone may use the new access token;
 * - if the process dies between Xero's answer and that write, the store still holds the old
 *   refresh token, and Xero accepts it again for 30 minutes, so the next refresh (the lease
 *   expires long before that) simply repeats the rotation. The customer never reconnects.
 */
export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<Connection>>();
  private readonly owner = randomUUID();
  private readonly leaseMs: number;

  constructor(private readonly options: TokenRefresherOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  refresh(connection: Connection): Promise<Connection> {
    if (connection.ownership !== 'owned') {
      // Refreshing a shared token would rotate the integration's copy and cause invalid_grant.
      return Promise.reject(new Error(`refusing to refresh shared connection for ${connection.customerKey}`));
    }
    const running = this.inFlight.get(connection.id);
    if (running) return running;
    const attempt = this.run(connection.id, connection.tokenVersion).finally(() =>
      this.inFlight.delete(connection.id),
    );
    this.inFlight.set(connection.id, attempt);
    return attempt;
  }

  private async run(id: string, seenVersion: number): Promise<Connection> {
    const { connections, log } = this.options;
    const connection = await this.takeLease(id);
    try {
      // Someone else refreshed since the caller read the row: use theirs, do not rotate again.
      if (connection.tokenVersion !== seenVersion) return connection;
      const refreshToken = connection.tokenSet.reveal().refresh_token;
      if (!refreshToken) throw new XeroCallError('xero.invalid-grant', { detail: 'no refresh token stored' });
      const next: StoredTokenSet = await this.options.gateway.refresh(
        connection.clientId,
        connection.clientSecret.reveal(),
        refreshToken,
      );
      await this.options.afterXeroAnswered?.();
      const stored = await connections.storeRotatedTokens(
        id,
        this.owner,
        connection.tokenVersion,
        new Secret(next),
      );
      if (!stored)
        throw new Error('the rotated token set could not be stored (lease lost); it will be retried');
      log.info('refreshed Xero tokens', { customer: connection.customerKey, expiresAt: next.expires_at });
      return (await connections.get(id)) as Connection;
    } finally {
      await connections.releaseRefreshLease(id, this.owner);
    }
  }

  /** Takes the lease, waiting while another process holds it, and returns the row as it now is. */
  private async takeLease(id: string): Promise<Connection> {
    const { connections } = this.options;
    // Bounded by attempts, not the injected clock, so a frozen test clock cannot spin forever.
    const attempts = Math.ceil((this.leaseMs + 5_000) / POLL_MS);
    for (let i = 0; ; i++) {
      if (await connections.claimRefreshLease(id, this.owner, this.leaseMs)) {
        const current = await connections.get(id);
        if (current) return current;
        throw new Error('connection was removed during refresh');
      }
      if (i >= attempts) throw new Error('timed out waiting for another refresh to finish');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
