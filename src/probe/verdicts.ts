import { type EntryForVerdict, NO_ENTRIES, type VerdictCode } from '../core/verdict-codes.js';

// What a probe concluded: a code and the facts behind it, never a sentence (the reply layer
// words a verdict: src/reply/verdict-wording.ts). The codes and which entry each confirms are
// shared vocabulary (core/verdict-codes.ts); this module assembles a verdict from them.

export type CheckName = 'stored-connection' | 'access-token' | 'refresh' | 'connections' | 'organisation';

export interface ProbeCheck {
  readonly name: CheckName;
  readonly outcome: 'pass' | 'fail' | 'skipped';
  /** Plain facts (expiry, status, Xero's Detail); never a token or secret. */
  readonly detail: string;
}

export interface Verdict {
  readonly customer: string;
  readonly code: VerdictCode;
  /** The knowledge entry this verdict confirms, or null when it confirms none. */
  readonly entry: string | null;
  readonly checks: readonly ProbeCheck[];
  readonly tenantName: string | null;
  readonly retryAfterSeconds?: number | undefined;
  readonly rateLimitProblem?: string | undefined;
}

/** Assembles a verdict: its entry (looked up in the knowledge) follows from its code. */
export function buildVerdict(
  customer: string,
  code: VerdictCode,
  checks: readonly ProbeCheck[],
  tenantName: string | null = null,
  err?: { retryAfterSeconds?: number | undefined; rateLimitProblem?: string | undefined },
  entryFor: EntryForVerdict = NO_ENTRIES,
): Verdict {
  const extra = {
    tenantName,
    retryAfterSeconds: err?.retryAfterSeconds,
    rateLimitProblem: err?.rateLimitProblem,
  };
  return {
    customer,
    code,
    entry: entryFor(code),
    checks: [...checks],
    ...extra,
  };
}
