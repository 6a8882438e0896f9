/** How long to wait before attempt `attempt + 1`, given that attempt number `attempt` (1-based) failed. */
export type Backoff = (attempt: number) => number;

export interface BackoffOptions {
  readonly baseMs?: number;
  readonly factor?: number;
  readonly capMs?: number;
  /** A number in [0, 1]; Math.random by default, fixed in tests so delays are predictable. */
  readonly jitter?: () => number;
}

/**
 * Exponential backoff with jitter: base · factor^(attempt−1), capped, then scaled into its upper
 * half by the jitter. The jitter spreads out retries of jobs that failed together (say, during
 * an outage of the service they call), so they do not all come back at the same moment; keeping
 * the lower half fixed means a retry never comes back much sooner than the schedule says.
 */
export function exponentialBackoff(options: BackoffOptions = {}): Backoff {
  const { baseMs = 5_000, factor = 2, capMs = 15 * 60_000, jitter = Math.random } = options;
  return (attempt) => {
    const ceiling = Math.min(capMs, baseMs * factor ** Math.max(0, attempt - 1));
    const spread = Math.min(1, Math.max(0, jitter()));
    return Math.round(ceiling / 2 + (ceiling / 2) * spread);
  };
}
