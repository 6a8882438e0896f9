import type { KnowledgeIndex } from '../../src/core/knowledge-schema.js';
import { createMatcher, type Matcher, type MatcherOptions } from '../../src/core/match.js';
import { buildIndex } from '../../src/knowledge/build.js';
import type { KnowledgeFile } from '../../src/knowledge/source-files.js';

// A small knowledge base written for the algorithm tests, built in memory through the real
// build (so its model is really fitted): two connection entries and a rate limit, four
// near-miss classes (a missing scope, a validation error, another provider's error, a question) and two
// providers besides Xero. Tests of how the matcher and the renderers behave use it, so editing
// the shipped articles or their example pastes cannot break them; tests of the shipped
// knowledge itself are the *.shipped.test.ts files.

export const TINY = Object.freeze({
  dropped: 'tiny-401-dropped',
  refused: 'tiny-403-refused',
  slowDown: 'tiny-429-slow-down',
  scope: 'tiny-scope-missing',
  validation: 'tiny-validation-error',
  otherProvider: 'tiny-other-provider',
  notAnError: 'tiny-not-an-error',
});

const ARTICLE = `---
title: Tiny connection troubles
source: https://kb.example/tiny
provider: xero
entries:
  - id: ${TINY.dropped}
    title: The tiny connection dropped (401)
    kind: connection-broken
    notApplicableTitle: Not a dropped tiny connection
    match:
      statuses: [401]
      titles: [Unauthorized]
      details: [AuthenticationUnsuccessful, TokenExpired]
      oauthErrors: [invalid_grant]
      patterns: [token expired at, refresh token has expired]
      phrases: [xero connection keeps dropping, lost connection to xero]
    examples:
      - '{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}'
  - id: ${TINY.refused}
    title: Xero refuses the tiny app (403)
    kind: connection-broken
    match:
      statuses: [403]
      titles: [Forbidden]
      details: [AuthenticationUnsuccessful]
      oauthErrors: [invalid_client]
      phrases: [xero says the client is invalid]
    examples:
      - '{"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}'
  - id: ${TINY.slowDown}
    title: Slow down, said Xero (429)
    kind: rate-limit
    minConfidence: 0.5
    match:
      statuses: [429]
      titles: [Too Many Requests]
      patterns: [x-rate-limit-problem, too many requests, retry-after]
      phrases: [xero rate limit]
    examples:
      - 'HTTP/1.1 429 Too Many Requests'
---

# Tiny connection troubles

## ${TINY.dropped}

### What it means

A \`401 Unauthorized\` means the connection to Xero has lapsed. It must be authorised again.

### Likely causes

- The refresh token expired.
- Another app took the connection over.

### How to fix it

1. Reconnect-marker: open the tiny app's settings.
2. Press **Authorise** and sign in to Xero.

### If that does not work

- Disconnect the app in Xero, then connect it again.

### Keep it from happening again

Let the tiny app sync at least once a month.

## ${TINY.refused}

### What it means

Xero knows the app but refuses its credentials.

### How to fix it

1. Credentials-marker: correct the client id and secret.

## ${TINY.slowDown}

### What it means

Too many calls were made; the connection is fine.

### How to fix it

1. Wait-marker: wait as long as Retry-After says, then retry once.
`;

const NOT_COVERED = `rules:
  - id: ${TINY.scope}
    reason: Scope-reason-marker — the token lacks the permission this call needs.
    advice: Scope-advice-marker — request the missing scope.
    match:
      statuses: [401]
      details: [AuthorizationUnsuccessful]
  - id: ${TINY.validation}
    reason: Validation-reason-marker — Xero rejected the data sent.
    advice: Validation-advice-marker — correct the field the error names.
    match:
      statuses: [400]
      errorTypes: [ValidationException]
      patterns: [a validation exception occurred]
  - id: ${TINY.otherProvider}
    title: Not a Xero error
    reason: Provider-reason-marker — this error comes from another service.
    advice: Provider-advice-marker — check the connection to that service.
    namesProvider: true
    match: {}
  - id: ${TINY.notAnError}
    title: No error to diagnose
    reason: Question-reason-marker — this reads as a question, not as an error message.
    advice: Question-advice-marker — paste the error text the integration showed.
    match: {}
`;

const PROVIDERS = `providers:
  - id: xero
    name: Xero
    hosts: [xero.com]
    words: [xero]
  - id: google
    name: Google
    hosts: [googleapis.com, google.com]
    words: [google]
  - id: quickbooks
    name: QuickBooks Online
    hosts: [intuit.com]
    words: [quickbooks, intuit, intuitresponse]
`;

const examples = (label: string, texts: readonly string[]) => ({
  name: `examples/${label}.yml`,
  content: `label: ${label}\nexamples:\n${texts.map((t) => `  - text: ${JSON.stringify(t)}\n`).join('')}`,
});

const EXAMPLES: KnowledgeFile[] = [
  examples(TINY.dropped, [
    '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}',
    '{"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 02/20/2025 08:32:50"}',
    'POST https://identity.xero.com/connect/token 400 {"error":"invalid_grant"}',
    'my xero connection keeps dropping',
    'we lost connection to xero again and had to reconnect',
    'Xero says the refresh token has expired, orders stopped syncing',
    'xero disconnected overnight, status shows not connected',
    '401 Unauthorized from api.xero.com: TokenExpired',
    'xero 401 unauthorized, the connection has expired',
    'Xero connection expired, we have to reauthorise every few days',
  ]),
  examples(TINY.refused, [
    '{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}',
    'POST https://identity.xero.com/connect/token 401 {"error":"invalid_client"}',
    'xero says the client is invalid when we connect',
    '403 Forbidden from api.xero.com: AuthenticationUnsuccessful',
    'Xero answered invalid_client: the client secret is wrong',
    'Forbidden 403 on every Xero call since we changed the app credentials',
  ]),
  examples(TINY.slowDown, [
    'HTTP/1.1 429 Too Many Requests\nX-Rate-Limit-Problem: minute\nRetry-After: 37',
    '{"Status":429,"Title":"Too Many Requests"}',
    'we hit the xero rate limit during the nightly sync',
    'Xero returned 429 too many requests, Retry-After 60',
    'X-Rate-Limit-Problem: day, Retry-After: 66975',
  ]),
  examples(TINY.scope, [
    '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthorizationUnsuccessful"}',
    '401 AuthorizationUnsuccessful calling the payroll endpoint of xero',
    'Xero payroll call fails: AuthorizationUnsuccessful, the scope is missing',
    'AuthorizationUnsuccessful from xero after adding the reports scope',
  ]),
  examples(TINY.validation, [
    '{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{"Message":"Email address must be valid."}]}]}',
    'Xero 400 ValidationException: Account code 200 is not a valid code for this document',
    'A validation exception occurred: the contact name is required',
    'ValidationException: Invoice not of valid status for modification',
    'Xero rejected the invoice: a validation exception occurred, Due Date must be after the invoice date',
  ]),
  examples(TINY.notAnError, [
    'how do I change the invoice template in xero?',
    'can I export my contacts to a spreadsheet',
    'where do I find the tax rates settings',
    'how do I add a new user to our organisation',
    'is there a way to print a statement for a customer',
    'what does the dashboard graph show',
    'thanks, that worked',
  ]),
  examples(TINY.otherProvider, [
    'POST https://oauth2.googleapis.com/token 400 {"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
    'Google says invalid_grant: Token has been expired or revoked',
    '<IntuitResponse><Fault type="AUTHENTICATION"><Error code="3200"><Message>message=AuthenticationFailed; statusCode=401</Message></Error></Fault></IntuitResponse>',
    'QuickBooks refresh failed: invalid_grant, reconnect to quickbooks',
    'https://accounts.google.com/o/oauth2/token returned 401 Unauthorized',
    'intuit oauth error: the refresh token has expired',
  ]),
];

/** The tiny knowledge's source files, as kb build reads them from a folder. */
export const TINY_FILES: readonly KnowledgeFile[] = Object.freeze([
  { name: 'tiny.md', content: ARTICLE },
  { name: 'not-covered.yml', content: NOT_COVERED },
  { name: 'providers.yml', content: PROVIDERS },
  ...EXAMPLES,
]);

let cached: KnowledgeIndex | undefined;

/** The tiny knowledge, built (and its model fitted) once per test file. */
export function tinyIndex(): KnowledgeIndex {
  cached ??= buildIndex(TINY_FILES);
  return cached;
}

export function tinyMatcher(options: MatcherOptions = {}): Matcher {
  return createMatcher(tinyIndex(), options);
}
