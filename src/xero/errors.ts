import { XerofixError } from '../errors/xerofix-error.js';

/**
 * Stable codes for everything that can go wrong calling Xero. Callers branch on `code`,
 * never on message text.
 */
export type XeroErrorCode =
  | 'xero.timeout' // no answer in time
  | 'xero.network' // connection refused, reset, DNS
  | 'xero.invalid-grant' // token endpoint: refresh token or code not accepted
  | 'xero.invalid-client' // token endpoint: client id or secret wrong
  | 'xero.oauth-error' // token endpoint: another OAuth error code
  | 'xero.token-expired' // 401 TokenExpired
  | 'xero.unauthenticated' // 401 AuthenticationUnsuccessful
  | 'xero.unauthorized-scope' // 401 AuthorizationUnsuccessful
  | 'xero.forbidden' // 403
  | 'xero.rate-limited' // 429
  | 'xero.unavailable' // 503 and other 5xx
  | 'xero.http' // any other status
  | 'xero.unknown'; // not recognisably an HTTP failure

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

/**
 * The code without its `xero.` prefix ("token-expired"), as messages and probe check details
 * have always shown it: people read those, and the source is plain from the context.
 */
export const failureName = (code: XeroErrorCode): string => code.slice('xero.'.length);

/** Trying again later may succeed without anyone changing anything. */
const RETRYABLE: ReadonlySet<XeroErrorCode> = new Set([
  'xero.timeout',
  'xero.network',
  'xero.rate-limited',
  'xero.unavailable',
]);

/**
 * The one error type for failed Xero calls. Its message is safe to log and show. It keeps no
 * `cause`: xero-node's and openid-client's errors still hold the Basic header.
 */
export class XeroCallError extends XerofixError {
  override readonly name = 'XeroCallError';
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly oauthError: string | undefined;
  readonly rateLimitProblem: string | undefined;
  readonly operation: string | undefined;

  constructor(
    override readonly code: XeroErrorCode,
    details: XeroErrorDetails = {},
  ) {
    super(describe(code, details), {
      code,
      retryable: RETRYABLE.has(code),
      retryAfterSeconds: details.retryAfterSeconds,
      context: {
        operation: details.operation,
        status: details.status,
        oauthError: details.oauthError,
        detail: details.detail,
        rateLimitProblem: details.rateLimitProblem,
      },
    });
    this.status = details.status;
    this.detail = details.detail;
    this.oauthError = details.oauthError;
    this.rateLimitProblem = details.rateLimitProblem;
    this.operation = details.operation;
  }
}

function describe(code: XeroErrorCode, d: XeroErrorDetails): string {
  const parts = [`Xero call failed (${failureName(code)})`];
  if (d.operation) parts.push(`during ${d.operation}`);
  if (d.status) parts.push(`with HTTP ${d.status}`);
  if (d.oauthError ?? d.detail) parts.push(`: ${d.oauthError ?? d.detail}`);
  if (d.rateLimitProblem) parts.push(`(limit: ${d.rateLimitProblem})`);
  if (d.retryAfterSeconds !== undefined) parts.push(`; retry after ${d.retryAfterSeconds}s`);
  return parts.join(' ');
}
