import fc from 'fast-check';
import { expect } from 'vitest';

// Everything that scans customer text must run in linear time: a pattern that backtracks turns
// one 128 KB e-mail into seconds of CPU for every request behind it. The property builds large
// adversarial strings from runs of look-alike fragments and checks that doubling the input at
// most roughly doubles the time (a quadratic scan quadruples it), with a generous absolute cap.

const SIZE = 128 * 1024;
/** Absolute bound for one 128 KB input; normal figures are a few milliseconds. */
const CAP_MS = 400;

const piece = fc.constantFrom(
  'eyJ-',
  // An agent's line handing over a paste, naming Xero and another service (relay-intro.ts).
  'nothing reached Xero from QuickBooks, they pasted:\n',
  'eyJ',
  'eyJhbGciOi.',
  '\\',
  '\\"',
  '"',
  "'",
  '{',
  '{"a":',
  '"Status":',
  'Bearer ',
  'access_token=',
  'xoxb-',
  '&#',
  '<a ',
  '<x:Fault xmlns:x="http://a.',
  "<class '",
  'href=',
  '_',
  '_-',
  'ShopifyA',
  'exact online ',
  'http://a.',
  'connection keeps dropping ',
  'AuthenticationUnsuccessful',
  'what do i do',
  ', why',
  '?',
  '??x',
  '\n',
  'kind regards\n',
  '> ',
  'on 3 mar wrote:\n',
  '-- \n',
  'hi, ',
  'confidential in error ',
  '555 0199 ',
  ' - ',
  ', how to fix',
  '2026-03-04 10:00:00 info ',
  '"get /a http/1.1" 200 ',
  'at f (a.js:1',
  '{"level":30',
  'ab',
  ' ',
  '-',
  '.',
);
/** A few fragments repeated to fill the size: runs are what make backtracking patterns blow up. */
const adversarial = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));

function timeOf(fn: (t: string) => unknown, text: string): number {
  const start = performance.now();
  fn(text);
  return performance.now() - start;
}

const fastestOf = (runs: number, time: () => number) => Math.min(...Array.from({ length: runs }, time));

/** Asserts that `scan` stays linear on 128 KB runs of look-alike fragments (39 shapes). */
export function assertLinearOnAdversarialText(scan: (text: string) => unknown): void {
  fc.assert(
    fc.property(adversarial, (unit) => {
      const full = unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
      const half = full.slice(0, SIZE / 2);
      timeOf(scan, half); // warm up this shape
      // The least of five runs: a preempted or GC-paused run on a loaded machine is not growth.
      const tHalf = fastestOf(5, () => timeOf(scan, half));
      const tFull = fastestOf(5, () => timeOf(scan, full));
      expect(tFull).toBeLessThan(CAP_MS);
      // Quadratic growth makes this ratio ~4; linear is ~2. Below 25 ms timer noise dominates,
      // and such a scan is fast whatever its growth.
      if (tFull >= 25) expect(tFull / tHalf).toBeLessThan(3.5);
    }),
    { numRuns: 25 },
  );
}
