import { XeroCallError, type XeroErrorCode } from './errors.js';

// xero-node 20 fails in three shapes (see reference/xero.md §3.4):
//   1. generated API methods reject with a JSON *string* {response:{statusCode,body,headers}};
//   2. XeroClient token/connection helpers reject with a (redacted) AxiosError;
//   3. openid-client paths reject with OPError/RPError — NOT redacted: `response.req` still
//      holds the Basic header, so nothing but the fields read below may leave this function.
// Our own fetch-based calls throw HttpFailure. All become one XeroCallError.

/**
 * A failed HTTP exchange from code that does not use xero-node. Not a XerofixError on purpose:
 * it is raw input to normaliseXeroError and never leaves src/xero/ as it is.
 */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP ${status}`);
  }
}

/** A fetch response's headers as the plain record HttpFailure carries. */
export function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

interface Raw {
  status?: number;
  body?: unknown;
  headers?: Record<string, unknown>;
  errorCode?: string;
  message?: string;
}

export function normaliseXeroError(err: unknown, operation?: string): XeroCallError {
  if (err instanceof XeroCallError) return err;
  const raw = extract(err);
  return classify(raw, operation);
}

function extract(err: unknown): Raw {
  if (typeof err === 'string') {
    try {
      const parsed = JSON.parse(err) as {
        response?: { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
        body?: unknown;
      };
      const r = parsed.response ?? {};
      const body = r.body ?? parsed.body;
      // Status 0 means no HTTP answer at all; the body then holds axios's message ("timeout of …").
      if (!r.statusCode) return { message: typeof body === 'string' ? body : 'no response' };
      return { status: r.statusCode, body, headers: r.headers ?? {} };
    } catch {
      return { message: 'unparseable error string' };
    }
  }
  if (err instanceof HttpFailure) return { status: err.status, body: err.body, headers: err.headers };
  if (!err || typeof err !== 'object') return {};
  const e = err as Record<string, unknown>;
  const response = e.response as Record<string, unknown> | undefined;
  if (typeof e.error === 'string' && response && 'statusCode' in response) {
    // openid-client OPError: read only the OAuth code and status.
    return {
      status: Number(response.statusCode),
      body: { error: e.error },
      headers: safeHeaders(response.headers),
    };
  }
  if (response && typeof response.status === 'number') {
    // AxiosError (or xero-node's {response, body} rejection for non-2xx).
    return { status: response.status, body: response.data ?? e.body, headers: safeHeaders(response.headers) };
  }
  return {
    errorCode: typeof e.code === 'string' ? e.code : undefined,
    message: typeof e.message === 'string' ? e.message : undefined,
  };
}

function safeHeaders(h: unknown): Record<string, unknown> {
  if (!h || typeof h !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
    const name = k.toLowerCase();
    if (name === 'retry-after' || name.startsWith('x-rate-limit') || name.endsWith('limit-remaining'))
      out[name] = v;
  }
  return out;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']);

function classify(raw: Raw, operation: string | undefined): XeroCallError {
  const base = { operation };
  if (!raw.status) {
    const timedOut =
      TIMEOUT_CODES.has(raw.errorCode ?? '') || /time(d)?[ -]?out|aborted/i.test(raw.message ?? '');
    if (timedOut) return new XeroCallError('xero.timeout', base);
    return new XeroCallError(raw.errorCode || raw.message ? 'xero.network' : 'xero.unknown', base);
  }
  const status = raw.status;
  const body = asObject(raw.body);
  const oauthError = typeof body.error === 'string' ? body.error : undefined;
  const detail =
    typeof body.Detail === 'string'
      ? body.Detail
      : typeof raw.body === 'string'
        ? firstLine(raw.body)
        : undefined;
  const headers = safeHeaders(raw.headers);
  const details = {
    ...base,
    status,
    detail,
    oauthError,
    retryAfterSeconds: retryAfter(headers['retry-after']),
    rateLimitProblem:
      typeof headers['x-rate-limit-problem'] === 'string' ? headers['x-rate-limit-problem'] : undefined,
  };
  return new XeroCallError(codeFor(status, oauthError, detail), details);
}

function codeFor(status: number, oauthError: string | undefined, detail: string | undefined): XeroErrorCode {
  if (oauthError === 'invalid_grant') return 'xero.invalid-grant';
  if (oauthError === 'invalid_client') return 'xero.invalid-client';
  if (oauthError) return 'xero.oauth-error';
  if (status === 429) return 'xero.rate-limited';
  if (status >= 500) return 'xero.unavailable';
  if (status === 403) return 'xero.forbidden';
  if (status === 401) {
    if (detail?.startsWith('TokenExpired')) return 'xero.token-expired';
    if (detail?.startsWith('AuthorizationUnsuccessful')) return 'xero.unauthorized-scope';
    return 'xero.unauthenticated';
  }
  return 'xero.http';
}

function asObject(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object') return body as Record<string, unknown>;
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return {};
}

// Plain-text bodies (503 pages) are kept short: they are Xero's words, not secrets, but long.
const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 200) || undefined;

/** Retry-After is seconds from Xero, but HTTP also allows a date; both become seconds. */
function retryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n >= 0 ? n : undefined;
  const at = Date.parse(String(value));
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
