import type { PasteFacts, Signals } from './types.js';

/** The parts of the signals worth showing or storing: no raw text. */
export function factsOf(s: Signals, providers: string[]): PasteFacts {
  return {
    statuses: s.statuses,
    titles: s.titles,
    details: s.details,
    oauthErrors: s.oauthErrors,
    errorTypes: s.errorTypes,
    hosts: s.hosts,
    endpoints: s.endpoints,
    providers,
    ...(s.correlationId ? { correlationId: s.correlationId } : {}),
    ...(s.instance ? { instance: s.instance } : {}),
    ...(s.retryAfterSeconds !== undefined ? { retryAfterSeconds: s.retryAfterSeconds } : {}),
    ...(s.rateLimitProblem ? { rateLimitProblem: s.rateLimitProblem } : {}),
    truncated: s.truncated,
  };
}

/** The facts of no paste at all: a reply built from a probe's verdict, with nothing pasted. */
export const EMPTY_FACTS: PasteFacts = Object.freeze({
  statuses: [],
  titles: [],
  details: [],
  oauthErrors: [],
  errorTypes: [],
  hosts: [],
  endpoints: [],
  providers: [],
  truncated: false,
});
