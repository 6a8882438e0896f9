/**
 * Stable codes for everything that can go wrong calling Xero. Callers branch on `code`,
 * never on message text.
 */
export type XeroErrorCode =
  | 'timeout' // no answer in time
  | 'network' // connection refused, reset, DNS
  | 'invalid-grant' // token endpoint: refresh token or code not accepted
  | 'invalid-client' // token endpoint: client id or secret wrong
  | 'oauth-error' // token endpoint: another OAuth error code
  | 'token-expired' // 401 TokenExpired
  | 'unauthenticated' // 401 AuthenticationUnsuccessful
  | 'unauthorized-scope' // 401 AuthorizationUnsuccessful
  | 'forbidden' // 403
  | 'rate-limited' // 429
  | 'unavailable' // 503 and other 5xx
  | 'http' // any other status
  | 'unknown'; // not recognisably an HTTP failure

export interface XeroErrorDetails {
  readonly status?: number | undefined;
  /** Xero's `Detail` (API) or `error` (OAuth), as data, never a token. */
  readonly detail?: string | undefined;
  readonly oauthError?: string | undefined;
  /** Seconds to wait, from `Retry-After`. */
  readonly retryAfterSeconds?: number | undefined;
  /** `X-Rate-Limit-Problem`: minute, day, appminute, concurrent. */
  readonly rateLimitProblem?: string | undefined;
  /** What was being done, e.g. "GET /connections": host and path only, never a query string. */
  readonly operation?: string | undefined;
}

/** The one error type for failed Xero calls. Its message is safe to log and show. */
export class XeroCallError extends Error {
  override readonly name = 'XeroCallError';
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly oauthError: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly rateLimitProblem: string | undefined;
  readonly operation: string | undefined;

  constructor(
    readonly code: XeroErrorCode,
    details: XeroErrorDetails = {},
  ) {
    super(describe(code, details));
    this.status = details.status;
    this.detail = details.detail;
    this.oauthError = details.oauthError;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.rateLimitProblem = details.rateLimitProblem;
    this.operation = details.operation;
  }

  /** True when trying again later may succeed without anyone changing anything. */
  get transient(): boolean {
    return ['timeout', 'network', 'rate-limited', 'unavailable'].includes(this.code);
  }
}

function describe(code: XeroErrorCode, d: XeroErrorDetails): string {
  const parts = [`Xero call failed (${code})`];
  if (d.operation) parts.push(`during ${d.operation}`);
  if (d.status) parts.push(`with HTTP ${d.status}`);
  if (d.oauthError ?? d.detail) parts.push(`: ${d.oauthError ?? d.detail}`);
  if (d.rateLimitProblem) parts.push(`(limit: ${d.rateLimitProblem})`);
  if (d.retryAfterSeconds !== undefined) parts.push(`; retry after ${d.retryAfterSeconds}s`);
  return parts.join(' ');
}
