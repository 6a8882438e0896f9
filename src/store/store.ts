import { Kysely } from 'kysely';
import { SecretCipher } from '../secrets/cipher.js';
import type { KeyRing } from '../secrets/key-ring.js';
import { ClaimRepository } from './claims.js';
import { ConnectionEventRepository } from './connection-events.js';
import { ConnectionRepository } from './connections.js';
import { CursorRepository } from './cursors.js';
import { createDialect, type StoreLocation } from './dialect.js';
import { FeedbackRepository } from './feedback.js';
import { JobRepository } from './jobs.js';
import { verifyStoreKey } from './key-check.js';
import { LeaseRepository } from './leases.js';
import { LookupRepository } from './lookups.js';
import { migrateToLatest } from './migrations.js';
import { OauthStateRepository } from './oauth-states.js';
import { ProbeRunRepository } from './probe-runs.js';
import type { Database } from './schema.js';
import { type Clock, systemClock } from './types.js';

/** Everything xerofix persists, behind one object. Other modules get this, never a driver. */
export interface Store {
  readonly kind: StoreLocation['kind'];
  readonly connections: ConnectionRepository;
  readonly probeRuns: ProbeRunRepository;
  readonly events: ConnectionEventRepository;
  readonly oauthStates: OauthStateRepository;
  readonly lookups: LookupRepository;
  readonly feedback: FeedbackRepository;
  readonly claims: ClaimRepository;
  readonly cursors: CursorRepository;
  readonly leases: LeaseRepository;
  readonly jobs: JobRepository;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly location: StoreLocation;
  readonly keyRing: KeyRing;
  readonly clock?: Clock;
}

/** Opens the database, runs migrations and checks the secret key before anything else. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const db = new Kysely<Database>({ dialect: createDialect(options.location) });
  const clock = options.clock ?? systemClock;
  const cipher = new SecretCipher(options.keyRing);
  try {
    await migrateToLatest(db);
    await verifyStoreKey(db, cipher);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    kind: options.location.kind,
    connections: new ConnectionRepository(db, cipher, clock),
    probeRuns: new ProbeRunRepository(db),
    events: new ConnectionEventRepository(db, clock),
    oauthStates: new OauthStateRepository(db, clock),
    lookups: new LookupRepository(db, clock),
    feedback: new FeedbackRepository(db, clock),
    claims: new ClaimRepository(db, clock),
    cursors: new CursorRepository(db, clock),
    leases: new LeaseRepository(db, clock),
    jobs: new JobRepository(db, clock),
    ping: async () => {
      await db.selectFrom('store_meta').select('name').limit(1).execute();
    },
    close: () => db.destroy(),
  };
}
