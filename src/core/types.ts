// The shapes that flow through the core: what a paste says (Signals), what it means
// (Diagnosis). Plain data, so every surface can render, store or compare them.

export interface Signals {
  /** HTTP statuses, in the order found; field values (`"Status":401`) before prose. */
  statuses: number[];
  titles: string[];
  /** Raw `Detail` values, e.g. `TokenExpired: token expired at 02/20/2025 08:32:50`. */
  details: string[];
  /** The identifier a Detail starts with: `TokenExpired`, `AuthenticationUnsuccessful`. */
  detailCodes: string[];
  /** OAuth `error` codes, e.g. `invalid_grant`. */
  oauthErrors: string[];
  oauthErrorDescription?: string;
  /** Error type names from the body, e.g. `ValidationException`. */
  errorTypes: string[];
  hosts: string[];
  /** host + path of each URL, e.g. `identity.xero.com/connect/token`. */
  endpoints: string[];
  correlationId?: string;
  instance?: string;
  /** Seconds a `Retry-After` in the paste asks to wait (a rate limit's answer says so). */
  retryAfterSeconds?: number;
  /** Which limit an `X-Rate-Limit-Problem` in the paste names: minute, day, appminute… */
  rateLimitProblem?: string;
  /** The normalised paste in lower case, for phrase look-ups. */
  text: string;
  tokens: string[];
  words: Set<string>;
  /** Words inside camelCase identifiers (ForbiddenException -> forbidden, exception). */
  identifierParts: string[];
  /** The paste was longer than the core reads; only its start was used. */
  truncated: boolean;
  /** Words of the routine log lines blanked before reading (routine-log.ts), kept only to name
   *  the providers a log speaks of. */
  setAside?: { readonly words: readonly string[]; readonly identifierParts: readonly string[] };
}

export type EvidenceKind =
  | 'status'
  | 'title'
  | 'detail'
  | 'oauth-error'
  | 'error-type'
  | 'pattern'
  | 'phrase'
  | 'provider'
  /** Words of the paste that weighed most for the answer. */
  | 'words';

export interface Evidence {
  readonly kind: EvidenceKind;
  /** What was found, as it appears in the knowledge (never the raw paste). */
  readonly value: string;
  /** How much it counted towards the confidence, 0..1. */
  readonly weight: number;
  /** True when it counted against the candidate (e.g. the paste's status contradicts it). */
  readonly against?: boolean;
}

export type AbstainReason =
  | 'empty'
  | 'no-match'
  | 'low-confidence'
  | 'ambiguous'
  | 'other-provider'
  | 'not-covered';

export interface Candidate {
  readonly id: string;
  readonly confidence: number;
}

export interface MatchDiagnosis {
  readonly kind: 'match';
  readonly entry: string;
  readonly confidence: number;
  readonly evidence: Evidence[];
  readonly runnerUp?: Candidate;
}

export interface AbstainDiagnosis {
  readonly kind: 'abstain';
  readonly entry: null;
  readonly reason: AbstainReason;
  /** The near-miss class (a not-covered.yml rule id) the paste was recognised as, for
   *  'not-covered' and 'other-provider': the reply words the decline from that rule. */
  readonly nearMiss?: string;
  /** For 'other-provider': the other services the paste names, as providers.yml names them
   *  (none when only a URL of an unknown service gave it away). */
  readonly otherProviders?: readonly string[];
  /** The not-covered rule or provider the paste points to, if any. */
  readonly pointsTo?: string;
  readonly confidence: number;
  readonly evidence: Evidence[];
  /** The entry the paste is closest to, when it is likely enough to name ('low-confidence'
   *  always names one). */
  readonly candidate?: Candidate;
}

export type Diagnosis = (MatchDiagnosis | AbstainDiagnosis) & { readonly facts: PasteFacts };

/** The parts of Signals worth showing or storing (no raw text). */
export interface PasteFacts {
  readonly statuses: number[];
  readonly titles: string[];
  readonly details: string[];
  readonly oauthErrors: string[];
  readonly errorTypes: string[];
  readonly hosts: string[];
  readonly endpoints: string[];
  readonly providers: string[];
  readonly correlationId?: string;
  readonly instance?: string;
  readonly retryAfterSeconds?: number;
  readonly rateLimitProblem?: string;
  readonly truncated: boolean;
}
