import { XerofixError } from '../errors/xerofix-error.js';

/** Stable codes for failed Freshdesk calls; callers branch on these, never on message text. */
export type FreshdeskErrorCode =
  | 'freshdesk.auth' // 401: wrong API key
  | 'freshdesk.forbidden' // 403: the key's agent lacks the right
  | 'freshdesk.not-found' // 404
  | 'freshdesk.validation' // 400 (and 409): Freshdesk says which field and why
  | 'freshdesk.rate-limited' // 429 after waiting as long as we are willing to
  | 'freshdesk.server' // 5xx
  | 'freshdesk.timeout'
  | 'freshdesk.network'
  | 'freshdesk.bad-response'; // 2xx we could not read

export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly code: string;
}

export interface FreshdeskErrorInit {
  readonly code: FreshdeskErrorCode;
  readonly method: string;
  /** Path only (no query string, no key). */
  readonly path: string;
  readonly status?: number | undefined;
  readonly description?: string | undefined;
  readonly fieldErrors?: readonly FieldError[];
  readonly retryAfterSeconds?: number | undefined;
}

const RETRYABLE: ReadonlySet<FreshdeskErrorCode> = new Set([
  'freshdesk.rate-limited',
  'freshdesk.server',
  'freshdesk.timeout',
  'freshdesk.network',
]);

/**
 * The one error for failed Freshdesk calls. Built from status, path and Freshdesk's error body
 * only, never from the axios error, whose config carries the Authorization header.
 */
export class FreshdeskError extends XerofixError {
  override readonly name = 'FreshdeskError';
  override readonly code: FreshdeskErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly fieldErrors: readonly FieldError[];

  constructor(init: FreshdeskErrorInit) {
    super(describe(init), {
      code: init.code,
      retryable: RETRYABLE.has(init.code),
      retryAfterSeconds: init.retryAfterSeconds,
      context: { method: init.method, path: init.path, status: init.status },
    });
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? [];
  }
}

function describe(init: FreshdeskErrorInit): string {
  const where = `${init.method} ${init.path}`;
  switch (init.code) {
    case 'freshdesk.auth':
      return `Freshdesk refused the API key on ${where}: check FRESHDESK_API_KEY (Profile settings → Your API Key)`;
    case 'freshdesk.forbidden':
      return `Freshdesk says the API key's agent may not ${where}: give that agent the needed role`;
    case 'freshdesk.not-found':
      return `Freshdesk has nothing at ${where}`;
    case 'freshdesk.validation': {
      const fields = (init.fieldErrors ?? []).map(
        (f) => `${f.field || '(body)'} — ${f.message}${f.code ? ` (${f.code})` : ''}`,
      );
      const what = fields.length ? fields.join('; ') : (init.description ?? 'invalid request');
      return `Freshdesk rejected ${where}: ${what}`;
    }
    case 'freshdesk.rate-limited':
      return `Freshdesk rate limit reached on ${where}${init.retryAfterSeconds !== undefined ? `; retry after ${init.retryAfterSeconds} s` : ''}`;
    case 'freshdesk.server':
      return `Freshdesk failed on ${where} with HTTP ${init.status}`;
    case 'freshdesk.timeout':
      return `Freshdesk did not answer ${where} in time`;
    case 'freshdesk.network':
      return `Freshdesk could not be reached for ${where}`;
    case 'freshdesk.bad-response':
      return `Freshdesk's answer to ${where} could not be read`;
  }
}
