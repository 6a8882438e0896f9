// Customers paste a screen of their log around the one line that failed: cron runs, orders
// created, webhooks acknowledged, "GET /wp-cron.php 200". Those lines say nothing about what is
// wrong, yet read as words they dilute the error's (every word of a paste weighs less the more
// words it has) and lend it near-misses' vocabulary. A line shaped like a log line (it starts
// with a timestamp, a client address or a logger's level mark) that holds no word of trouble
// (error-words.ts) and no 4xx or 5xx status is blanked here, with spaces of the same length, so
// nothing else moves. Each line is looked at once, with patterns anchored or bounded: linear.

import { lineWords, TROUBLE_WORDS } from './error-words.js';

/** Longer lines are never blanked: a routine line is short, a long one may be a payload. */
const MAX_ROUTINE_LINE = 600;

/** How log lines start: an ISO or dotted date (indented too, as Laravel's queue worker prints
 *  it), a syslog date, an access log's client address, Ruby's "I, [", .NET's "info:", pino's
 *  {"level":…}, a container's "name | " prefix, a bracketed date, and a row of
 *  `kubectl get events` ("2m14s   Normal   Scheduled …") or its heading. */
const LOG_LINE_START =
  /^(?: {0,4}\[?\d{4}-\d\d-\d\d[t ]\d\d:\d\d|\[?\d\d[-/](?:\d\d|[a-z]{3})[-/]\d{4}[ :]\d\d:\d\d|[a-z]{3} [ \d]\d \d\d:\d\d:\d\d |\d{1,3}(?:\.\d{1,3}){3} |[idtw], \[|(?:info|dbug|debug|trce|trace): |\{"level":|[\w.-]{1,60} +\| |(?:\d{1,4}[smhd]){1,2} +normal +|last seen +type +reason\b)/;
/** A logger's level mark of a routine line anywhere in it: "INFO", "[debug]", "production.INFO:". */
const ROUTINE_LEVEL = /(?:^|[\s[(.|:,-])(?:info|debug|verbose)(?:$|[\s\]):|,-])/;
/** A status of trouble: "401 Unauthorized", "HTTP 503", "status=429" (not a pid, the
 *  milliseconds of a time or a size: "(412 KB)", "503 ms"). */
const TROUBLE_STATUS =
  /(?:^|[\s(=:])[45]\d\d(?=\s+[a-z]|[.)]?$)(?!\s+(?:[kmg]i?b|bytes?|ms|secs?|seconds?|items?|rows?|records?|lines?)\b)/;
/** A status of trouble inside a logged object: {"status":401}, "statusCode": "503". */
const TROUBLE_STATUS_KEY = /(?:status|statuscode|status_code)"?\s*[:=]\s*"?[45]\d\d\b/;
/** A request logged with a status of trouble: an access log's "GET /x HTTP/1.1" 401, ASP.NET
 *  Core's "Request finished HTTP/1.1 GET http://… - 401 - …". */
const TROUBLE_REQUEST = /http\/[\d.]{1,3}"? [45]\d\d\b| - [45]\d\d - /;
/** What a routine line never holds: a stack frame ("at f (file.js:10:5)"), a system error code
 *  (ECONNRESET, ENOTFOUND), a code key. */
const STRUCTURE =
  /\bat [^\s(]{1,200} \(|[\w-]\.(?:js|mjs|cjs|ts|php|py|rb|cs|java|go):\d|\bcode\b|\be(?:conn|addr|not|timedout|pipe|host|acces|perm)[a-z]{0,20}\b/;
/** An access log's request and its status ("GET /orders HTTP/1.1" 200), and ASP.NET Core's
 *  "Request starting HTTP/1.1 GET http://…": the address is the shop's own. Any other line with
 *  an address keeps it: an address may name whose error it is. */
const ACCESS_OK =
  /"(?:get|head|post|put|patch|delete|options) [^"\s]{1,300} http\/[\d.]{1,3}" [23]\d\d\b|^ {0,8}request (?:starting|finished) http\/[\d.]{1,3} (?:get|head|post|put|patch|delete|options) /;
/** An address of this machine or a bare IP ("Now listening on: http://[::]:8080") names no
 *  service. Any other host does. */
const LOCAL_ADDRESS = /:\/\/(?:localhost|\[[\d:a-f]*\]|\d{1,3}(?:\.\d{1,3}){3})(?=[:/\s]|$)/g;
/** Trouble inside a longer name: "Google.Apis.Requests.RequestError", "TokenExpiredException". */
const TROUBLE_STEMS = [
  'error',
  'fail',
  'exception',
  'invalid',
  'expire',
  'unauthori',
  'forbidden',
  'denied',
  'refused',
  'timeout',
  'revoked',
  'reject',
  'throttl',
  'disconnect',
  'xero',
  'oauth',
  'token',
  'warn',
];
/** The .NET console logger puts the message on the next line, indented under "info: Category[0]". */
const CONTINUATION = /^ {4,}\S/;

function isRoutine(lower: string, previousRoutine: boolean): boolean {
  if (lower.length > MAX_ROUTINE_LINE) return false;
  const shaped =
    LOG_LINE_START.test(lower) || ROUTINE_LEVEL.test(lower) || (previousRoutine && CONTINUATION.test(lower));
  if (!shaped || TROUBLE_STATUS.test(lower) || TROUBLE_REQUEST.test(lower) || STRUCTURE.test(lower))
    return false;
  if (lower.includes('://') && !ACCESS_OK.test(lower) && lower.replace(LOCAL_ADDRESS, '').includes('://'))
    return false;
  // A payload logged at debug level is still the payload ({"status":401}, "Unauthorized"); a
  // logged object with no trouble in it is routine context ({"order":10488,"ms":214}).
  if (lower.includes('{') && TROUBLE_STATUS_KEY.test(lower)) return false;
  if (TROUBLE_STEMS.some((stem) => lower.includes(stem))) return false;
  // A level mark is how a line is filed, not what it says: "INFO token refreshed" is kept.
  return !lineWords(lower).some((w) => TROUBLE_WORDS.has(w));
}

/** The text with its routine log lines blanked. */
export function withoutRoutineLogLines(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  let changed = false;
  let previous = false;
  const out = lines.map((line) => {
    previous = isRoutine(line.toLowerCase(), previous);
    if (!previous) return line;
    changed = true;
    return ' '.repeat(line.length);
  });
  // A paste that is nothing but routine lines keeps them: something in it made the customer ask.
  if (!changed || out.every((l) => !l.trim())) return text;
  return out.join('\n');
}

/** .NET's own loggers ("info: Microsoft.Hosting.Lifetime[0]", "System.Net.Http…"): the framework
 *  writing about itself, which says nothing of whose service failed (Microsoft's sign-in is a
 *  provider in providers.yml; Microsoft's web server is not). */
const FRAMEWORK_CATEGORY = /^(?:info|dbug|debug|trce|trace): (?:microsoft|system)\./i;

/** The lines of `before` that `after` blanked (same line count), joined: what routine lines said,
 *  less the .NET framework's names for its own loggers. */
export function blankedLines(before: string, after: string): string {
  const was = before.split('\n');
  const now = after.split('\n');
  return was.filter((line, i) => line.trim() && !now[i]?.trim() && !FRAMEWORK_CATEGORY.test(line)).join('\n');
}
