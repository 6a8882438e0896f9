import { isVerdict } from '../core/verdict-codes.js';

// What a live check of a customer's connection concluded, in words. The probe returns a code
// and the facts behind it; every surface (Slack, Freshdesk, the console, the CLI) words it here,
// so a verdict reads the same wherever it is shown.

/** The facts a verdict's sentence may name, all optional: an alert knows only the code. */
export interface VerdictFacts {
  readonly tenantName?: string | null;
  readonly retryAfterSeconds?: number | undefined;
  readonly rateLimitProblem?: string | undefined;
}

const LIMITS: Record<string, string> = {
  minute: "the organisation's per-minute limit (60 calls)",
  day: "the organisation's daily limit",
  appminute: "the app's per-minute limit",
  concurrent: 'the limit on calls running at once',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The sentence for a verdict code. A code read back from the store may come from another
 * version of xerofix, so any string is taken, and one this version does not know says so.
 */
export function verdictSentence(code: string, facts: VerdictFacts = {}): string {
  if (!isVerdict(code)) return unknownVerdictSentence(code);
  const org = facts.tenantName ? `"${facts.tenantName}"` : 'your Xero organisation';
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
      const which = LIMITS[facts.rateLimitProblem ?? ''] ?? 'a Xero rate limit';
      const when =
        facts.retryAfterSeconds !== undefined
          ? ` Xero asks us to wait ${facts.retryAfterSeconds} seconds.`
          : '';
      return `Xero is temporarily limiting calls: ${which} was reached.${when} Nothing needs fixing; it will work again shortly.`;
    }
    case 'xero-unavailable':
      return 'Xero did not answer normally just now (it may be offline or busy). Nothing needs changing on your side; we will check again shortly.';
    case 'not-connected':
      return 'We have no Xero connection on file for this customer, so we cannot check it live.';
  }
}

export const unknownVerdictSentence = (code: string) =>
  `The last probe ended with an outcome this version of xerofix does not know ("${code}"). Probe it again.`;
