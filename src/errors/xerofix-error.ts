// The one error base. Every failure xerofix classifies (a client's HTTP failure, a bad setting,
// a knowledge file, the store, the CLI) is a XerofixError, so whoever handles it — the job
// runner above all — reads the same four facts instead of guessing at each class's fields.
// This folder imports nothing from src/: everything else may import it without a cycle.

/** Plain facts about a failure (status, path, setting name). Never a secret, never customer text. */
export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

export interface XerofixErrorOptions {
  /**
   * Stable, dotted by where it came from: `xero.token-expired`, `freshdesk.rate-limited`.
   * Code branches on it and logs carry it; message wording may change, codes do not.
   */
  readonly code: string;
  /** Trying the same thing again later may succeed without anyone changing anything. */
  readonly retryable: boolean;
  /** The service said when to come back (Retry-After), in seconds. */
  readonly retryAfterSeconds?: number | undefined;
  readonly context?: ErrorContext;
  /**
   * The error this one stands for, when it is safe to keep. Clients whose raw errors carry
   * credentials (axios and openid-client keep the Authorization header) leave it out.
   */
  readonly cause?: unknown;
}

export class XerofixError extends Error {
  override readonly name: string = 'XerofixError';
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly context: ErrorContext;

  /** `message` is read by people (the CLI prints it, a dead job keeps it): say what to do. */
  constructor(message: string, options: XerofixErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.context = options.context ?? {};
  }
}
