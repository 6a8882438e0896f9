import { withoutEmailFrame } from './email-frame.js';
import { normalizePaste } from './normalize.js';
import { withoutHelpRequests } from './questions.js';
import { blankedLines, withoutRoutineLogLines } from './routine-log.js';
import type { Signals } from './types.js';

// Reads structured facts out of a normalised paste. Fields found as `key: value` pairs
// (JSON, Ruby, Python, logs) come first; phrases in running text ("resulted in a 401
// Unauthorized response", "Error code: 500") fill the gaps. Every regex is bounded.

// OAuth 2.0 / OpenID Connect error codes (RFC 6749 §5.2 and §4.1.2.1, RFC 6750, OIDC Core).
// These are protocol words, not knowledge: which of them means what lives in the articles.
const OAUTH_ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'login_required',
  'consent_required',
  'interaction_required',
  // OAuth 1.0a problem reporting (oauth_problem=…), still met in older integrations' logs.
  'token_rejected',
  'token_expired',
  'token_revoked',
  'token_used',
  'consumer_key_unknown',
  'consumer_key_rejected',
  'consumer_key_refused',
  'signature_invalid',
  'signature_method_rejected',
  'nonce_used',
  'timestamp_refused',
  'parameter_absent',
  'parameter_rejected',
  'permission_denied',
  'permission_unknown',
  'verifier_invalid',
  'version_rejected',
]);

const KEY_VALUE =
  /(?:^|[^a-z0-9_])["']?([a-z_]{2,24})["']?[ \t]{0,3}[:=][ \t]{0,3}("[^"\n]{0,400}"?|'[^'\n]{0,400}'?|[^\s,;}\]){}"']{1,100})/gi;

const STATUS_IN_PROSE =
  /(?:http\/[0-9.]{1,3}[ \t]+|http(?:[ \t]+error)?[ \t]+|status[ \t]?code[ \t:=]{0,3}|error[ \t]?code[ \t:=]{0,3}|status[ \t:=]{1,3}|error[ \t]|resulted in a[ \t]+|(?:returns?|returned|returning|responded with|responds with|throws?|threw|throwing|gives?|gave|giving|gets?|got|getting|receiv(?:e|es|ed|ing)|fails? with|failed with|failing with|errors? out with)[ \t]+(?:back[ \t]+)?(?:an?[ \t]+|the[ \t]+)?)([45]\d\d)(?![\d.])/gi;
/** A status that opens a line and is followed by words: "401 Invalid authorisation credentials",
 *  Python requests' "401 Client Error: Unauthorized for url". A count ("500 invoices") is
 *  rarely the first thing on a pasted line, and is followed by a lower-case noun, not these. */
const STATUS_OPENS_LINE =
  /^[ \t]{0,8}([45]\d\d)[ \t:-]{1,3}(?=[A-Z]|(?:[Cc]lient|[Ss]erver)[ \t][Ee]rror|[Ee]rror\b)/gm;
/** "a 403 error", "the 401 response". */
const STATUS_BEFORE_NOUN = /\b([45]\d\d)[ \t]{1,2}(?:error|response|status|code)\b/gi;
// "(401)" after an exception name, but not "File.php(537)": a line number in a stack trace.
const STATUS_IN_PARENS = /(?<![\w.])\(([45]\d\d)\)/g;
const STATUS_WITH_REASON =
  /\b([45]\d\d)[ \t]{1,3}(unauthori[sz]ed|forbidden|not found|too many requests|internal server error|service unavailable|bad request|bad gateway|gateway time-?out)\b/gi;
const CORRELATION_ID = /correlation[-_ ]?id["']?[ \t:=]{0,4}["']?([0-9a-f]{8}-[0-9a-f-]{27,31})/i;
/** `Retry-After: 37`, `"retry-after": "37"`, `RetryAfter = 37` (seconds; a date form is not read). */
const RETRY_AFTER = /retry[-_ ]?after["']?[ \t]{0,3}[:=][ \t]{0,3}["']?(\d{1,7})(?![\d.])/i;
/** `X-Rate-Limit-Problem: minute` in headers or a logged header map. */
const RATE_LIMIT_PROBLEM = /rate[-_ ]?limit[-_ ]?problem["']?[ \t]{0,3}[:=][ \t]{0,3}["']?([a-z]{3,12})\b/i;
const URL = /\bhttps?:\/\/([a-z0-9.-]{1,253})(\/[^\s"'<>?#)\]]{0,300})?/gi;
const DETAIL_CODE = /^([A-Z][A-Za-z]{2,60})(?:[:.]|$)/;
const OAUTH_DESCRIPTION =
  /(?:error_description["']?[ \t]{0,3}[:=][ \t]{0,3}["']?|(?:invalid_grant|invalid_client|unauthorized_client|invalid_scope|access_denied)[ \t]{0,3}[:(-][ \t]{0,3})([^"'\n)]{3,200})/i;

/** Whether the signals can ever read this as an OAuth error code. */
export function isOAuthErrorCode(code: string): boolean {
  return OAUTH_ERROR_CODES.has(code.toLowerCase());
}

function unquote(value: string): string {
  const v = value.trim();
  const first = v[0];
  if (first === '"' || first === "'")
    return v.slice(1, v.endsWith(first) && v.length > 1 ? -1 : undefined).trim();
  return v;
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

function statusFrom(value: string): number | undefined {
  const m = /(?:^|\D)([1-5]\d\d)(?!\d)/.exec(value);
  return m ? Number(m[1]) : undefined;
}

function readKeyValues(text: string, s: Signals): void {
  for (const m of text.matchAll(KEY_VALUE)) {
    const key = (m[1] ?? '').toLowerCase().replace(/_/g, '');
    const value = unquote(m[2] ?? '');
    if (!value || value === 'null') continue;
    switch (key) {
      case 'status':
      case 'statuscode':
      case 'httpstatus':
      case 'httpcode':
      case 'responsecode': {
        const status = statusFrom(value);
        if (status) pushUnique(s.statuses, status);
        break;
      }
      case 'title':
        pushUnique(s.titles, value);
        break;
      case 'detail': {
        pushUnique(s.details, value);
        const code = DETAIL_CODE.exec(value)?.[1];
        if (code) pushUnique(s.detailCodes, code);
        break;
      }
      case 'type':
      case 'errortype':
        if (/^[A-Za-z][A-Za-z.]{2,60}$/.test(value)) pushUnique(s.errorTypes, value);
        break;
      case 'error':
      case 'errorcode':
        if (OAUTH_ERROR_CODES.has(value.toLowerCase())) pushUnique(s.oauthErrors, value.toLowerCase());
        break;
      case 'instance':
        s.instance ??= value;
        break;
    }
  }
}

function readProse(text: string, s: Signals): void {
  for (const m of text.matchAll(STATUS_WITH_REASON)) {
    pushUnique(s.statuses, Number(m[1]));
    const reason = (m[2] ?? '').toLowerCase();
    pushUnique(
      s.titles,
      reason.replace('unauthorised', 'unauthorized').replace(/\b\w/g, (c) => c.toUpperCase()),
    );
  }
  for (const m of text.matchAll(STATUS_IN_PROSE)) pushUnique(s.statuses, Number(m[1]));
  for (const m of text.matchAll(STATUS_IN_PARENS)) pushUnique(s.statuses, Number(m[1]));
  for (const m of text.matchAll(STATUS_OPENS_LINE)) pushUnique(s.statuses, Number(m[1]));
  for (const m of text.matchAll(STATUS_BEFORE_NOUN)) pushUnique(s.statuses, Number(m[1]));
  const description = OAUTH_DESCRIPTION.exec(text)?.[1]?.trim();
  if (description) s.oauthErrorDescription = description;
  s.correlationId = CORRELATION_ID.exec(text)?.[1];
  const retryAfter = RETRY_AFTER.exec(text)?.[1];
  if (retryAfter) s.retryAfterSeconds = Number(retryAfter);
  const problem = RATE_LIMIT_PROBLEM.exec(text)?.[1];
  if (problem) s.rateLimitProblem = problem.toLowerCase();
}

function readHostsAndEndpoints(lower: string, s: Signals): void {
  for (const m of lower.matchAll(URL)) {
    const host = (m[1] ?? '').replace(/\.$/, '');
    pushUnique(s.hosts, host);
    pushUnique(s.endpoints, host + (m[2] ?? ''));
  }
  // Bare host names ("api.xero.com returned 401"), found without a regex that could backtrack.
  for (const token of lower.split(/[^a-z0-9.-]+/)) {
    // Most tokens are plain words: without a dot none can be a host, so none is trimmed.
    if (!token.includes('.')) continue;
    const t = token.replace(/^[.-]+|[.-]+$/g, '');
    if (t.length > 3 && t.length < 254 && t.includes('.') && /\.[a-z]{2,12}$/.test(t) && !/\.\./.test(t)) {
      pushUnique(s.hosts, t);
    }
  }
}

/** Word tokens, lower case; snake_case and kebab-case words kept whole (invalid_grant, xero-node). */
export function tokenize(lower: string): string[] {
  const out: string[] = [];
  for (const w of lower.split(/[^a-z0-9_-]+/)) {
    // Leading and trailing _ and - are dropped; a plain word (the most) is kept as it is.
    let start = 0;
    let end = w.length;
    while (start < end && (w[start] === '_' || w[start] === '-')) start++;
    while (end > start && (w[end - 1] === '_' || w[end - 1] === '-')) end--;
    if (end > start) out.push(start === 0 && end === w.length ? w : w.slice(start, end));
  }
  return out;
}

/** Parts of camelCase identifiers (XeroUnauthorized -> xero, unauthorized), from the original case. */
export function identifierParts(text: string, limit = 60): string[] {
  const parts: string[] = [];
  // Lower and upper case letters never overlap, so each start position is tried in bounded steps.
  // A match never starts inside a run of lower case letters (it would have started where the
  // run began): trying every position of a long run (64 KB of letters) cost a quarter of a
  // diagnosis. Only a run over 31 letters before a capital loses a part, a meaningless one.
  for (const m of text.matchAll(/(?:(?<![a-z])[A-Za-z]|[A-Z])[a-z]{1,30}(?:[A-Z][a-z]{1,30}){1,6}/g)) {
    for (const p of m[0].split(/(?=[A-Z])/)) parts.push(p.toLowerCase());
    if (parts.length >= limit) return parts;
  }
  // SCREAMING_SNAKE codes that apps print for an error (XERO_TOKEN_EXPIRED): their words are the
  // message. Lower-case snake_case (invalid_grant) stays whole: it is a protocol code.
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]{1,20}(?:_[A-Z0-9]{2,20}){1,5}\b/g)) {
    for (const p of m[0].split('_')) if (/^[A-Z]{3,}$/.test(p)) parts.push(p.toLowerCase());
    if (parts.length >= limit) break;
  }
  return parts;
}

export function extractSignals(paste: string): Signals {
  const normalized = normalizePaste(paste);
  // An e-mail's greeting, signature and notices, and a log's routine lines, say nothing about the
  // error (see email-frame.ts and routine-log.ts).
  const framed = withoutEmailFrame(normalized.text);
  const text = withoutRoutineLogLines(framed);
  const { truncated } = normalized;
  // A closing "what do I do?" is blanked: it asks for help, as every ticket does (see questions.ts).
  const lower = withoutHelpRequests(text.toLowerCase());
  const tokens = tokenize(lower);
  const s: Signals = {
    statuses: [],
    titles: [],
    details: [],
    detailCodes: [],
    oauthErrors: [],
    errorTypes: [],
    hosts: [],
    endpoints: [],
    text: lower,
    tokens,
    words: new Set(tokens),
    identifierParts: identifierParts(text),
    truncated,
  };
  // Routine lines still say whose log it is ("INFO pushing 3 invoices to QuickBooks"): their
  // words are kept aside for naming providers, and for nothing else.
  if (text !== framed) {
    const aside = blankedLines(framed, text);
    s.setAside = { words: tokenize(aside.toLowerCase()), identifierParts: identifierParts(aside) };
  }
  readKeyValues(text, s);
  readProse(text, s);
  for (const code of OAUTH_ERROR_CODES) if (s.words.has(code)) pushUnique(s.oauthErrors, code);
  // Markdown eats the underscores of an OAuth 1.0a body pasted into a chat, an issue or a status
  // page ("oauthproblem=tokenrejected"); with the key mangled the same way, its codes are read too.
  if (s.words.has('oauthproblem'))
    for (const code of OAUTH_ERROR_CODES)
      if (s.words.has(code.replace(/_/g, ''))) pushUnique(s.oauthErrors, code);
  readHostsAndEndpoints(lower, s);
  return s;
}
