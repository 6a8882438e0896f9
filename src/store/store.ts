import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { SecretCipher } from '../secrets/cipher.js';
import type { KeyRing } from '../secrets/key-ring.js';
import { ClaimRepository } from './claims.js';
import { ConnectionEventRepository } from './connection-events.js';
import { ConnectionRepository } from './connections.js';
import { CursorRepository } from './cursors.js';
import type { StoreLocation } from './dialect.js';
import { FeedbackRepository } from './feedback.js';
import { FeedbackExampleRepository } from './feedback-examples.js';
import { JobRepository } from './jobs.js';
import { verifyStoreKey } from './key-check.js';
import { LeaseRepository } from './leases.js';
import { LookupRepository } from './lookups.js';
import { OauthStateRepository } from './oauth-states.js';
import { openDatabase } from './open-database.js';
import { PendingConnectionRepository } from './pending-connections.js';
import { ProbeRunRepository } from './probe-runs.js';
import type { Database } from './schema.js';
import { ThrottleCountRepository } from './throttle-counts.js';
import { probeWrite } from './write-probe.js';

/** Everything xerofix persists, behind one object. Other modules get this, never a driver. */
export interface Store {
  readonly kind: StoreLocation['kind'];
  readonly connections: ConnectionRepository;
  /** Connect-link arrivals that would replace a stored connection, waiting for an agent. */
  readonly pendingConnections: PendingConnectionRepository;
  readonly probeRuns: ProbeRunRepository;
  readonly events: ConnectionEventRepository;
  readonly oauthStates: OauthStateRepository;
  readonly lookups: LookupRepository;
  readonly feedback: FeedbackRepository;
  /** The entry agents said a paste really was, waiting for `kb feedback export`. */
  readonly feedbackExamples: FeedbackExampleRepository;
  readonly claims: ClaimRepository;
  readonly cursors: CursorRepository;
  readonly leases: LeaseRepository;
  readonly jobs: JobRepository;
  /** Throttle counters shared by every instance (sign-in failures per client). */
  readonly throttleCounts: ThrottleCountRepository;
  /**
   * Runs `work` in one database transaction: every write it makes through `tx` lands, or (if it
   * throws, or the process dies first) none does. Keep it to store calls; it holds the database.
   */
  atomically<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  /** Writes one small row; fails while the store cannot write (full disk, read-only). */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

/** The store's repositories, as `atomically` hands them to its work. */
export type StoreRepositories = Omit<Store, 'kind' | 'atomically' | 'ping' | 'checkWritable' | 'close'>;

export interface OpenStoreOptions {
  readonly location: StoreLocation;
  readonly keyRing: KeyRing;
  readonly clock?: Clock;
  /** Hears about data files that had to be made owner-only. */
  readonly log?: Logger;
}

/** Opens the database, runs migrations and checks the secret key before anything else. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  const cipher = new SecretCipher(options.keyRing);
  const db = await openDatabase(options.location, options.log, (opened) => verifyStoreKey(opened, cipher));
  const repositoriesOn = (on: Kysely<Database>): StoreRepositories => ({
    connections: new ConnectionRepository(on, cipher, clock),
    pendingConnections: new PendingConnectionRepository(on, cipher, clock),
    probeRuns: new ProbeRunRepository(on),
    events: new ConnectionEventRepository(on, clock),
    oauthStates: new OauthStateRepository(on, clock),
    lookups: new LookupRepository(on, clock),
    feedback: new FeedbackRepository(on, clock),
    feedbackExamples: new FeedbackExampleRepository(on, clock),
    claims: new ClaimRepository(on, clock),
    cursors: new CursorRepository(on, clock),
    leases: new LeaseRepository(on, clock),
    jobs: new JobRepository(on, clock),
    throttleCounts: new ThrottleCountRepository(on, clock),
  });
  return {
    kind: options.location.kind,
    ...repositoriesOn(db),
    atomically: (work) => db.transaction().execute((trx) => work(repositoriesOn(trx))),
    ping: async () => {
      await db.selectFrom('store_meta').select('name').limit(1).execute();
    },
    checkWritable: () => probeWrite(db, options.location.kind, clock),
    close: () => db.destroy(),
  };
}
