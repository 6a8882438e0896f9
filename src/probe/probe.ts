import type { EntryForVerdict } from '../core/verdict-codes.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { XeroGateway } from '../xero/gateway.js';
import type { TokenRefresher } from '../xero/token-refresher.js';
import { ProbeRun } from './probe-run.js';
import { recordVerdict } from './record.js';
import { buildVerdict, type Verdict } from './verdicts.js';

export interface ProbeDeps {
  readonly store: Store;
  readonly gateway: XeroGateway;
  readonly refresher: TokenRefresher;
  readonly clock: Clock;
  readonly log: Logger;
  /** Which knowledge entry each verdict confirms (entryForVerdict of the loaded entries); absent,
   *  verdicts confirm none, which only a test of the probe alone wants. */
  readonly entryFor?: EntryForVerdict;
  /** Told about every verdict reached (metrics). */
  readonly onVerdict?: (verdict: Verdict) => void;
}

export interface ProbeOptions {
  /** Refresh an owned token that lapses within this many ms (the keeper renews ahead of time). */
  readonly refreshWithinMs?: number;
}

/**
 * Checks one customer's Xero connection and records the verdict. This is the function the
 * CLI, the keeper and the Slack/Freshdesk surfaces call. It reaches a verdict for every
 * Xero-side failure; it throws only for xerofix's own faults (store, key).
 */
export async function probeCustomer(
  deps: ProbeDeps,
  customer: string,
  options: ProbeOptions = {},
): Promise<Verdict> {
  const started = deps.clock();
  const connection = await deps.store.connections.findByCustomer(customer);
  const verdict = connection
    ? await new ProbeRun(deps, connection, options).run()
    : buildVerdict(
        customer,
        'not-connected',
        [{ name: 'stored-connection', outcome: 'fail', detail: 'no connection stored' }],
        null,
        undefined,
        deps.entryFor,
      );
  const ms = deps.clock() - started;
  await recordVerdict(deps.store, connection, verdict, started, ms);
  deps.onVerdict?.(verdict);
  deps.log.info('probe finished', { customer: verdict.customer, verdict: verdict.code, ms });
  return verdict;
}
