import type { VerdictCode } from '../core/verdict-codes.js';
import { type ProbeDeps, probeCustomer } from '../probe/probe.js';
import type { ConnectionSummary } from '../store/types.js';
import { RateBudget } from './rate-budget.js';

export interface KeeperOptions {
  readonly intervalMs: number;
  /** Per organisation and per app, calls a minute; Xero's published limits by default. */
  readonly tenantPerMinute?: number;
  readonly appPerMinute?: number;
  /** Injected so tests need not wait; defaults to a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * With several instances on one database, only the holder of this lease runs a pass, so
   * Xero is not called once per instance. Renewed as the pass goes; a dead holder's lapses.
   */
  readonly leader?: { acquire(): Promise<boolean>; release(): Promise<void> };
  /** Told about every pass, for metrics. */
  readonly onPass?: (pass: KeeperPass) => void;
}

export interface KeeperPass {
  /** False when another instance holds the keeper lease and this one stood aside. */
  readonly led: boolean;
  readonly verdicts: Record<string, VerdictCode>;
  /** Customers skipped this pass because Xero asked us to wait (429 Retry-After). */
  readonly deferred: string[];
  readonly failed: string[];
}

// Connections probed between renewals of the keeper lease.
const RENEW_EVERY = 20;

// The most calls one probe makes: refresh, /connections, Organisation, plus a retry.
const CALLS_PER_PROBE = 4;

/**
 * Keeps connections alive and watched: every pass renews owned tokens that would lapse before
 * the next pass, and re-probes every connection (the probe records health changes as events).
 * It paces itself under Xero's limits and, after a 429, leaves that organisation (or, for an
 * app-wide limit, everything) alone until Retry-After has passed.
 */
export class Keeper {
  private readonly app: RateBudget;
  private readonly tenants = new Map<string, RateBudget>();
  private readonly notBefore = new Map<string, number>();
  private appNotBefore = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: ProbeDeps,
    private readonly options: KeeperOptions,
  ) {
    this.app = new RateBudget(options.appPerMinute ?? 10_000, deps.clock);
  }

  async runOnce(): Promise<KeeperPass> {
    const leader = this.options.leader;
    if (leader && !(await leader.acquire())) {
      const idle: KeeperPass = { led: false, verdicts: {}, deferred: [], failed: [] };
      this.options.onPass?.(idle);
      return idle;
    }
    const pass: KeeperPass = { led: true, verdicts: {}, deferred: [], failed: [] };
    let sinceRenewal = 0;
    for (const connection of await this.deps.store.connections.list()) {
      if (this.stopped) break;
      if (leader && ++sinceRenewal >= RENEW_EVERY && !(await leader.acquire())) break;
      if (sinceRenewal >= RENEW_EVERY) sinceRenewal = 0;
      const now = this.deps.clock();
      if (now < this.appNotBefore || now < (this.notBefore.get(connection.tenantId) ?? 0)) {
        pass.deferred.push(connection.customerKey);
        continue;
      }
      await this.pace(connection);
      try {
        const verdict = await probeCustomer(this.deps, connection.customerKey, {
          refreshWithinMs: this.options.intervalMs + 5 * 60_000,
        });
        pass.verdicts[connection.customerKey] = verdict.code;
        if (verdict.code === 'rate-limited')
          this.backOff(connection, verdict.retryAfterSeconds, verdict.rateLimitProblem);
      } catch (err) {
        // One bad row (say, a secret sealed with a retired key) must not stop the others.
        pass.failed.push(connection.customerKey);
        this.deps.log.error('keeper could not probe a connection', {
          customer: connection.customerKey,
          error: (err as Error).message,
        });
      }
    }
    this.options.onPass?.(pass);
    this.deps.log.info('keeper pass finished', {
      probed: Object.keys(pass.verdicts).length,
      deferred: pass.deferred.length,
      failed: pass.failed.length,
    });
    return pass;
  }

  /** Runs a pass now and then every interval until stopped. Never throws. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) => this.deps.log.error('keeper pass failed', { error: (err as Error).message }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    // Hand the lease back so another instance need not wait for it to lapse.
    await this.options.leader?.release().catch(() => {});
  }

  private async pace(connection: ConnectionSummary): Promise<void> {
    let tenant = this.tenants.get(connection.tenantId);
    if (!tenant) {
      tenant = new RateBudget(this.options.tenantPerMinute ?? 60, this.deps.clock);
      this.tenants.set(connection.tenantId, tenant);
    }
    const wait = Math.max(this.app.waitFor(CALLS_PER_PROBE), tenant.waitFor(CALLS_PER_PROBE));
    if (wait > 0) await (this.options.sleep ?? defaultSleep)(wait);
    this.app.spend(CALLS_PER_PROBE);
    tenant.spend(CALLS_PER_PROBE);
  }

  private backOff(connection: ConnectionSummary, retryAfterSeconds = 60, problem?: string): void {
    const until = this.deps.clock() + retryAfterSeconds * 1000;
    if (problem === 'appminute') this.appNotBefore = until;
    else this.notBefore.set(connection.tenantId, until);
    this.deps.log.warn('Xero rate limit reached; backing off', {
      customer: connection.customerKey,
      limit: problem ?? 'unknown',
      retryAfterSeconds,
    });
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
