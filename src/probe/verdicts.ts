import { type EntryForVerdict, NO_ENTRIES, type VerdictCode } from '../core/verdict-codes.js';

// What a probe concluded and what to tell the customer. The codes and which entry each confirms
// are shared vocabulary (core/verdict-codes.ts); this module assembles a verdict from them.

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
  readonly sentence: string;
  readonly checks: readonly ProbeCheck[];
  readonly tenantName: string | null;
  readonly retryAfterSeconds?: number | undefined;
  readonly rateLimitProblem?: string | undefined;
}

const LIMITS: Record<string, string> = {
  minute: "the organisation's per-minute limit (60 calls)",
  day: "the organisation's daily limit",
  appminute: "the app's per-minute limit",
  concurrent: 'the limit on calls running at once',
};

export function sentenceFor(
  code: VerdictCode,
  v: {
    tenantName?: string | null;
    retryAfterSeconds?: number | undefined;
    rateLimitProblem?: string | undefined;
  },
): string {
  const org = v.tenantName ? `"${v.tenantName}"` : 'your Xero organisation';
  switch (code) {
    case 'healthy':
      return `The connection to ${org} is working: Xero accepted our check just now.`;
    case 'access-token-expired':
      return 'The stored Xero sign-in has expired, and we cannot check further without renewing it ourselves, which would disturb your integration. Please open the integration once so it renews its connection, then try again.';
    case 'refresh-token-invalid':
      return `Xero no longer accepts the saved sign-in for ${org}. Please reconnect the integration to Xero (disconnect, then connect again and approve access).`;
    case 'client-credentials-invalid':
      return 'Xero rejected the app credentials (Client ID or Client Secret): the secret may have been regenerated. Please copy the current Client ID and Secret from the Xero developer portal into the integration.';
    case 'tenant-disconnected':
      return `${capital(org)} is no longer connected to this app in Xero. Please reconnect and choose that organisation when Xero asks.`;
    case 'tenant-forbidden':
      return `Xero refused access to ${org}: the connection may have been removed, or the connecting user's access changed. Please reconnect with a user who has the Standard or Adviser role.`;
    case 'scope-missing':
      return 'The connection works, but Xero says it lacks a permission (scope) this check needs. Please reconnect and approve every permission the integration asks for.';
    case 'rate-limited': {
      const which = LIMITS[v.rateLimitProblem ?? ''] ?? 'a Xero rate limit';
      const when =
        v.retryAfterSeconds !== undefined ? ` Xero asks us to wait ${v.retryAfterSeconds} seconds.` : '';
      return `Xero is temporarily limiting calls: ${which} was reached.${when} Nothing needs fixing; it will work again shortly.`;
    }
    case 'xero-unavailable':
      return 'Xero did not answer normally just now (it may be offline or busy). Nothing needs changing on your side; we will check again shortly.';
    case 'not-connected':
      return 'We have no Xero connection on file for this customer, so we cannot check it live.';
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Assembles a verdict: its entry (looked up in the knowledge) and sentence follow from its code. */
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
    sentence: sentenceFor(code, extra),
    checks: [...checks],
    ...extra,
  };
}
