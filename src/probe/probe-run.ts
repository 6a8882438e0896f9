import type { VerdictCode } from '../core/verdict-codes.js';
import type { Connection } from '../store/types.js';
import { readAccessToken } from '../xero/access-token.js';
import { XeroCallError } from '../xero/errors.js';
import { describeFailure, verdictForError } from './classify.js';
import type { ProbeDeps, ProbeOptions } from './probe.js';
import { buildVerdict, type CheckName, type ProbeCheck, type Verdict } from './verdicts.js';

// A token this close to expiry is treated as expired: it could lapse mid-probe.
const EXPIRY_MARGIN_MS = 60_000;

/** Thrown inside a run to end it with a verdict; caught once in run(). */
class Concluded {
  constructor(readonly verdict: Verdict) {}
}

/**
 * One probe of one stored connection, cheapest and read-only checks first: the token's own
 * claims, GET /connections, then one Organisation call. Only an owned connection is ever
 * refreshed, and at most once per run.
 */
export class ProbeRun {
  private readonly checks: ProbeCheck[] = [];
  private refreshed = false;

  constructor(
    private readonly deps: ProbeDeps,
    private connection: Connection,
    private readonly options: ProbeOptions,
  ) {}

  async run(): Promise<Verdict> {
    const c = this.connection;
    this.pass('stored-connection', `${c.ownership} connection to tenant ${c.tenantId}`);
    try {
      await this.checkAccessToken();
      await this.checkConnections();
      const name = await this.call('organisation', () =>
        this.deps.gateway.getOrganisationName(this.accessToken(), this.connection.tenantId),
      );
      this.pass('organisation', `organisation ${name ?? '(unnamed)'} answered`);
      return this.conclude('healthy', undefined, name ?? this.connection.tenantName);
    } catch (err) {
      if (err instanceof Concluded) return err.verdict;
      throw err;
    }
  }

  private async checkAccessToken(): Promise<void> {
    const now = this.deps.clock();
    const facts = readAccessToken(this.accessToken());
    const stored = this.connection.accessExpiresAt;
    const expiresAt = facts?.expiresAt ?? (stored ? Date.parse(stored) : undefined);
    const expired = expiresAt !== undefined && expiresAt - EXPIRY_MARGIN_MS <= now;
    const sameClient = facts?.clientId === this.connection.clientId;
    const detail = `${describeExpiry(expiresAt, now)}; issued to ${sameClient ? 'the stored client id' : 'another client id'}; scopes: ${facts?.scopes.join(' ') || 'unknown'}`;
    this.checks.push({ name: 'access-token', outcome: expired ? 'fail' : 'pass', detail });
    const lapsing = expiresAt !== undefined && expiresAt - (this.options.refreshWithinMs ?? 0) <= now;
    if (expired || (lapsing && this.connection.ownership === 'owned')) await this.renew();
  }

  private async checkConnections(): Promise<void> {
    let tenants: Awaited<ReturnType<ProbeDeps['gateway']['listConnections']>>;
    try {
      tenants = await this.deps.gateway.listConnections(this.accessToken());
    } catch (err) {
      // A token refused as expired or unknown may just be stale: an owned one gets one refresh.
      const stale =
        err instanceof XeroCallError &&
        (err.code === 'xero.token-expired' || err.code === 'xero.unauthenticated');
      if (!stale || this.connection.ownership === 'shared' || this.refreshed) this.fail('connections', err);
      this.checks.push({
        name: 'connections',
        outcome: 'fail',
        detail: describeFailure(err as XeroCallError),
      });
      await this.renew();
      return this.checkConnections();
    }
    if (!tenants.some((t) => t.tenantId === this.connection.tenantId)) {
      this.checks.push({
        name: 'connections',
        outcome: 'fail',
        detail: `tenant not among the ${tenants.length} connected`,
      });
      throw new Concluded(this.conclude('tenant-disconnected'));
    }
    this.pass('connections', `tenant connected (${tenants.length} in grant)`);
  }

  /** Refreshes an owned connection once; for a shared one, or a second time, the run ends. */
  private async renew(): Promise<void> {
    if (this.connection.ownership === 'shared' || this.refreshed) {
      const why = this.refreshed ? 'already refreshed once' : 'shared connection: never refreshed';
      this.checks.push({ name: 'refresh', outcome: 'skipped', detail: why });
      throw new Concluded(this.conclude('access-token-expired'));
    }
    this.refreshed = true;
    this.connection = await this.call('refresh', () => this.deps.refresher.refresh(this.connection));
    this.pass('refresh', 'new token set stored');
  }

  private async call<T>(name: CheckName, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      return this.fail(name, err);
    }
  }

  private fail(name: CheckName, err: unknown): never {
    if (!(err instanceof XeroCallError)) throw err;
    this.checks.push({ name, outcome: 'fail', detail: describeFailure(err) });
    throw new Concluded(this.conclude(verdictForError(err), err));
  }

  private pass(name: CheckName, detail: string): void {
    this.checks.push({ name, outcome: 'pass', detail });
  }

  private conclude(code: VerdictCode, err?: XeroCallError, tenantName = this.connection.tenantName): Verdict {
    return buildVerdict(this.connection.customerKey, code, this.checks, tenantName, err, this.deps.entryFor);
  }

  private accessToken(): string {
    return this.connection.tokenSet.reveal().access_token;
  }
}

function describeExpiry(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'expiry unknown';
  const minutes = Math.round(Math.abs(expiresAt - now) / 60_000);
  return expiresAt > now ? `expires in ${minutes} min` : `expired ${minutes} min ago`;
}
