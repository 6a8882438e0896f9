import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { Database } from './schema.js';

// Only a hash of the state is stored: a leaked database cannot be used to finish someone
// else's consent.
const hashOf = (state: string) => createHash('sha256').update(state).digest('hex');

/** OAuth `state` values for connect flows in progress; each can be used once, before it expires. */
export class OauthStateRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async put(state: string, customerKey: string, ttlMs: number): Promise<void> {
    const now = this.clock();
    await this.db
      .insertInto('oauth_states')
      .values({
        state_hash: hashOf(state),
        customer_key: customerKey,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + ttlMs).toISOString(),
      })
      .execute();
  }

  /** Deletes the state and returns its customer, or undefined if unknown, used or expired. */
  async take(state: string): Promise<string | undefined> {
    const now = new Date(this.clock()).toISOString();
    const row = await this.db
      .deleteFrom('oauth_states')
      .where('state_hash', '=', hashOf(state))
      .returning(['customer_key', 'expires_at'])
      .executeTakeFirst();
    await this.db.deleteFrom('oauth_states').where('expires_at', '<', now).execute();
    if (!row || row.expires_at < now) return undefined;
    return row.customer_key;
  }
}
