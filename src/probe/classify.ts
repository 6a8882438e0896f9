import type { VerdictCode } from '../core/verdict-codes.js';
import { failureName, type XeroCallError } from '../xero/errors.js';

/** Which verdict a failed Xero call means. One table, so every surface agrees. */
export function verdictForError(err: XeroCallError): VerdictCode {
  switch (err.code) {
    case 'xero.invalid-grant':
      return 'refresh-token-invalid';
    case 'xero.invalid-client':
    case 'xero.oauth-error':
      return 'client-credentials-invalid';
    case 'xero.token-expired':
      return 'access-token-expired';
    case 'xero.unauthenticated':
      // The token is refused outright: the grant was revoked or the app removed in Xero.
      return 'tenant-disconnected';
    case 'xero.unauthorized-scope':
      return 'scope-missing';
    case 'xero.forbidden':
      return 'tenant-forbidden';
    case 'xero.rate-limited':
      return 'rate-limited';
    default:
      return 'xero-unavailable';
  }
}

/** Safe one-line description of a failure for a check's detail. */
export function describeFailure(err: XeroCallError): string {
  const parts = [err.status ? `HTTP ${err.status}` : failureName(err.code)];
  if (err.oauthError ?? err.detail) parts.push(String(err.oauthError ?? err.detail));
  if (err.rateLimitProblem) parts.push(`limit ${err.rateLimitProblem}`);
  if (err.retryAfterSeconds !== undefined) parts.push(`retry after ${err.retryAfterSeconds}s`);
  return parts.join(': ');
}
