import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TINY, tinyMatcher } from '../support/tiny-knowledge.js';

// Pastes are untrusted. Whatever arrives, diagnosing must return a well-formed answer and
// must not hang: a regex that backtracks would turn one paste into seconds of CPU. The time
// bound below is two orders of magnitude above normal, so it only trips on a blow-up.

// The tiny knowledge of the tests: the parsers and the scoring are the same whatever the articles.
const matcher = tinyMatcher();
const BLOW_UP_MS = 500;

function diagnoseTimed(paste: string) {
  const start = performance.now();
  const d = matcher.diagnose(paste);
  return { d, ms: performance.now() - start };
}

function wellFormed(d: ReturnType<typeof matcher.diagnose>) {
  expect(d.confidence).toBeGreaterThanOrEqual(0);
  expect(d.confidence).toBeLessThanOrEqual(1);
  expect(d.kind === 'match' ? typeof d.entry === 'string' : d.entry === null).toBe(true);
}

// Pieces that exercise every parser path: quotes of all kinds, escapes, entities, tags, keys.
const fragment = fc.oneof(
  fc.constantFrom(
    '"',
    "'",
    '“',
    '”',
    '\\',
    '\\"',
    '&quot;',
    '&amp;',
    '&#x22;',
    '<',
    '>',
    '<a href="',
    '```',
    '`',
    '=>',
    ':',
    '{',
    '}',
    '[',
    ']',
    ',',
    '"Status":',
    '"Detail":"',
    'Title',
    '401',
    '500',
    'invalid_grant',
    'Error code: ',
    'https://',
    'api.xero.com',
    '.',
    '-',
    ' ',
    '\n',
    'nil',
    'None',
  ),
  fc.string({ maxLength: 12 }),
);
const hostile = fc.array(fragment, { maxLength: 400 }).map((parts) => parts.join(''));

describe('diagnosing hostile input', () => {
  it('never throws on arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), (s) => {
        wellFormed(matcher.diagnose(s));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on payload-shaped garbage and never blows up in time', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const { d, ms } = diagnoseTimed(s);
        wellFormed(d);
        expect(ms).toBeLessThan(BLOW_UP_MS);
      }),
      { numRuns: 300 },
    );
  });

  it('handles deeply nested JSON around a real payload', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (depth) => {
        const paste = `${'{"a":'.repeat(depth)}{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}${'}'.repeat(depth)}`;
        expect(matcher.diagnose(paste).entry).toBe(TINY.dropped);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    ['64 KB of one quote character', '"'.repeat(70_000)],
    ['64 KB of backslashes', '\\'.repeat(70_000)],
    ['64 KB of unclosed tags', '<a '.repeat(25_000)],
    ['64 KB of ampersands', '&#'.repeat(35_000)],
    ['64 KB of dotted words', 'a.'.repeat(35_000)],
    ['64 KB of key-like text', '"Status": '.repeat(7_000)],
    ['64 KB of opening parentheses', '(4'.repeat(35_000)],
    ['64 KB of words', 'connection keeps dropping '.repeat(3_000)],
  ])('finishes %s without a blow-up', (_name, paste) => {
    const { d, ms } = diagnoseTimed(paste);
    wellFormed(d);
    expect(ms).toBeLessThan(BLOW_UP_MS);
  });
});
