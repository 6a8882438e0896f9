/** Stable codes for failed Freshdesk calls; callers branch on these, never on message text. */
export type FreshdeskErrorCode =
  | 'auth' // 401: wrong API key
  | 'forbidden' // 403: the key's agent lacks the right
  | 'not-found' // 404
  | 'validation' // 400 (and 409): Freshdesk says which field and why
  | 'rate-limited' // 429 after waiting as long as we are willing to
  | 'server' // 5xx
  | 'timeout'
  | 'network'
  | 'bad-response'; // 2xx we could not read

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

const RETRYABLE: ReadonlySet<FreshdeskErrorCode> = new Set(['rate-limited', 'server', 'timeout', 'network']);

/**
 * The one error for failed Freshdesk calls. Built from status, path and Freshdesk's error body
 * only, never from the axios error, whose config carries the Authorization header.
 */
export class FreshdeskError extends Error {
  override readonly name = 'FreshdeskError';
  readonly code: FreshdeskErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly retryAfterSeconds: number | undefined;
  /** Worth trying again later (the job queue reads this). */
  readonly retryable: boolean;

  constructor(init: FreshdeskErrorInit) {
    super(describe(init));
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.retryable = RETRYABLE.has(init.code);
  }
}

function describe(init: FreshdeskErrorInit): string {
  const where = `${init.method} ${init.path}`;
  switch (init.code) {
    case 'auth':
      return `Freshdesk refused the API key on ${where}: check FRESHDESK_API_KEY (Profile settings → Your API Key)`;
    case 'forbidden':
      return `Freshdesk says the API key's agent may not ${where}: give that agent the needed role`;
    case 'not-found':
      return `Freshdesk has nothing at ${where}`;
    case 'validation': {
      const fields = (init.fieldErrors ?? []).map(
        (f) => `${f.field || '(body)'} — ${f.message}${f.code ? ` (${f.code})` : ''}`,
      );
      const what = fields.length ? fields.join('; ') : (init.description ?? 'invalid request');
      return `Freshdesk rejected ${where}: ${what}`;
    }
    case 'rate-limited':
      return `Freshdesk rate limit reached on ${where}${init.retryAfterSeconds !== undefined ? `; retry after ${init.retryAfterSeconds} s` : ''}`;
    case 'server':
      return `Freshdesk failed on ${where} with HTTP ${init.status}`;
    case 'timeout':
      return `Freshdesk did not answer ${where} in time`;
    case 'network':
      return `Freshdesk could not be reached for ${where}`;
    case 'bad-response':
      return `Freshdesk's answer to ${where} could not be read`;
  }
}
