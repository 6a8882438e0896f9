// Words that may be the error. Deliberately broad: a line wrongly kept only dilutes the words
// that matter, a line wrongly blanked may be the error itself.

/** The words of a line, as the lists below are matched against: letters and digits, any script. */
export const lineWords = (line: string): string[] => line.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean);

/** A line holding one of these is never taken for part of an e-mail's signature (email-frame.ts):
 *  a signature has no "api" or "request" in it, but the error may. */
export const ERROR_WORDS: ReadonlySet<string> = new Set(
  `error errors fail failed failing failure fails unauthorized unauthorised forbidden denied invalid
  expired expire expires token tokens revoked disconnected disconnect reconnect reconnected
  connection connect connected exception status http https api oauth xero auth authentication
  authorise authorize authorised authorized unable cannot can't refused timeout limit unavailable
  sync syncing code client scope tenant redirect uri url request response server access
  permission problem issue broken id trace correlation instance null line file stack gateway
  service found requests internal bad not`.split(/\s+/),
);

/** A log line holding one of these is never taken for a routine one (routine-log.ts). Narrower
 *  than ERROR_WORDS: routine lines say "GET /api/orders", "request started", "status=200" all day,
 *  and what marks trouble in a log is these words, or the service's name. */
export const TROUBLE_WORDS: ReadonlySet<string> = new Set(
  `error errors err fail failed failing failure fails fatal critical crit alert emerg warn warning
  unauthorized unauthorised forbidden denied invalid expired expire expires token tokens revoked
  disconnected disconnect reconnect reconnected connection connect lost exception oauth auth
  authentication authorise authorize unable cannot can't refused rejected timeout timed limit
  limited exceeded quota throttled unavailable offline outage maintenance down xero scope tenant
  redirect permission problem broken not missing retry retrying abort aborted panic traceback`.split(/\s+/),
);
