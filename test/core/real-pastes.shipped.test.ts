import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readClosingLines, withClosingLines } from '../../src/learn/closing-lines.js';
import { crossValidate, isReal } from '../../src/learn/cross-validate.js';
import { keptAnswers, variantSlice } from '../../src/learn/kept-answers.js';
import { replayRounds } from '../../src/learn/replay-rounds.js';
import { scorecard } from '../../src/learn/scorecard.js';
import { readWrappings, withWrappings } from '../../src/learn/wrappings.js';
import { shippedIndex } from '../support/knowledge.js';

// The accuracy figure that counts: grouped 5-fold cross-validation over the real pastes in
// knowledge/examples (folds by source, so no thread is on both sides). Deterministic, so the
// floors are the measured figures; raise them when the matcher improves, in the same commit.
// npm run eval prints the full report beside the old rule-based matcher. A new round of real
// pastes re-cuts the folds and may lower the figure: the floor then follows the larger corpus,
// said in the commit (round five, 973 -> 1,001 pastes: 89.1% -> 87.4%; rounds seven to ten,
// 1,032 -> 1,224 pastes: 88.3% -> 85.7%, near-misses answered 1.5% -> 3.0% on this cut of the
// folds, 1.6% to 3.0% over three cuts: npm run eval prints the spread; round eleven, 1,242
// pastes: 86.7%, near-misses answered 1.6% on this cut, 1.6% to 2.1% over three; round twelve,
// 1,262 pastes with 15 hard near-misses, and entry thresholds weighed rather than switched:
// 85.0%, near-misses answered 2.6% on this cut, 85.0% to 86.8% and 2.2% to 2.6% over three;
// round thirteen, 1,281 pastes, articles' own examples weighing 3, "reconnect needed" phrases:
// 86.0%, 1.4% on this cut, 85.9% to 86.0% and 1.4% to 2.0% over three; closing help requests
// blanked and the question feature weighed by the question's share of the paste: 85.9%, 1.5%
// on this cut, the one more near-miss answered a how-to that is half statement; e-mail frames
// blanked and questions that name an error read as reports: 85.8%, 1.5%, one rate-limit paste
// now at 0.498 under its 0.5 threshold, as the refit moved; round fourteen, 1,305 pastes, 20 of
// its 24 other providers' errors: 85.9%, near-misses answered 2.2% on this cut, where the corpus
// before it had its best cut of five — 12 to 18 answered over five cuts before, 17 to 19 after).
const ACCURACY_FLOOR = 0.857;
const NEAR_MISSES_ANSWERED_CEILING = 0.023;
const CALIBRATION_ERROR_CEILING = 0.05;
/** Right answers kept with a closing line of test/fixtures/closing-lines/held-out.txt added:
 *  94.9% when the question's share of the paste and the help-word list came in (82.4% before),
 *  95.6% with courtesy lines on their own blanked (src/core/email-frame.ts). */
const CLOSING_LINE_ANSWERS_KEPT_FLOOR = 0.95;
/** Right answers kept inside an e-mail of test/fixtures/email-wrappings/held-out.txt (greeting,
 *  signature with street numbers, confidentiality notice): 97.1% when the e-mail frame came to be
 *  blanked (87.0% before), 96.5% once a forwarded sender's name was kept (it may name another
 *  service) and log words ("response", "request") left out of the courtesy words. */
const EMAIL_ANSWERS_KEPT_FLOOR = 0.96;
/** Right answers kept inside a screen of routine log lines of test/fixtures/log-contexts/held-out.txt:
 *  82.3% when routine lines came to be blanked (70.8% before; the set read while tuning, 93.8%). */
const LOG_ANSWERS_KEPT_FLOOR = 0.8;
/** Every round after the first judged by a model fitted on the rounds before it (npm run eval --
 *  --forward): the estimate for text nobody has seen. Measured: 84.1% of 744 after round eleven,
 *  84.0% of 764 after round twelve, 84.5% of 783 after round thirteen (84.7% with e-mail frames
 *  blanked). */
const REPLAYED_ACCURACY_FLOOR = 0.84;

const index = shippedIndex();
const real = index.examples.filter(isReal);
const entryIds = new Set(index.entries.map((e) => e.id));

describe('the corpus of real pastes', () => {
  it('holds at least 300 sourced items, a third of them near-misses, each with why it has its label', () => {
    expect(real.length).toBeGreaterThanOrEqual(300);
    expect(real.filter((e) => !entryIds.has(e.label)).length / real.length).toBeGreaterThanOrEqual(1 / 3);
    for (const e of real) {
      expect(e.source, e.text).toMatch(/^https?:\/\//);
      expect(e.why?.length ?? 0, e.text).toBeGreaterThan(10);
      expect(e.form, e.text).toBeDefined();
    }
    // Enough pastes per entry for its own accuracy to mean something (the smallest, outages, has 20).
    for (const id of entryIds) expect(real.filter((e) => e.label === id).length).toBeGreaterThanOrEqual(10);
  });

  it('says which collection round found each paste, so the rounds can be replayed in order', () => {
    const unrounded = real.filter((e) => e.round === undefined).map((e) => `${e.file}:${e.line}`);
    expect(unrounded).toEqual([]);
  });
});

describe('cross-validated accuracy on real pastes', () => {
  const closingLines = readClosingLines(
    readFileSync(new URL('../fixtures/closing-lines/held-out.txt', import.meta.url), 'utf8'),
  );
  const wrappers = readWrappings(
    readFileSync(new URL('../fixtures/email-wrappings/held-out.txt', import.meta.url), 'utf8'),
  );
  const logs = readWrappings(
    readFileSync(new URL('../fixtures/log-contexts/held-out.txt', import.meta.url), 'utf8'),
  );
  const closed = withClosingLines(closingLines);
  const mailed = withWrappings(wrappers);
  const logged = withWrappings(logs);
  const results = crossValidate(index, 5, undefined, undefined, undefined, '', (text) => [
    ...closed(text),
    ...mailed(text),
    ...logged(text),
  ]);
  const card = scorecard(results, entryIds);

  it(`is at least ${ACCURACY_FLOOR * 100}% and beats answering nothing`, () => {
    expect(card.accuracy).toBeGreaterThanOrEqual(ACCURACY_FLOOR);
    expect(card.accuracy).toBeGreaterThan(card.nearMisses / card.items);
  });

  it('rarely answers a near-miss and rarely gives one entry for another', () => {
    expect(card.nearMissesAnswered / card.nearMisses).toBeLessThanOrEqual(NEAR_MISSES_ANSWERED_CEILING);
    expect(card.wrongEntry / card.entryItems).toBeLessThanOrEqual(0.035);
  });

  it('gives confidences that mean what they say', () => {
    expect(card.eceAnswers).toBeLessThanOrEqual(CALIBRATION_ERROR_CEILING);
  });

  it('gives the same answer when the customer ends by asking for help ("what should I do next?")', () => {
    const kept = keptAnswers(variantSlice(results, 0, closingLines.length), entryIds);
    expect(kept.entriesRight).toBeGreaterThan(300);
    expect(kept.entriesKept).toBeGreaterThanOrEqual(CLOSING_LINE_ANSWERS_KEPT_FLOOR);
    expect(kept.nearMissesKept).toBeGreaterThanOrEqual(0.995);
  });

  it('gives the same answer when the paste arrives inside an e-mail (greeting, signature, notice)', () => {
    const kept = keptAnswers(variantSlice(results, closingLines.length, wrappers.length), entryIds);
    expect(kept.entriesRight).toBeGreaterThan(300);
    expect(kept.entriesKept).toBeGreaterThanOrEqual(EMAIL_ANSWERS_KEPT_FLOOR);
    expect(kept.nearMissesKept).toBeGreaterThanOrEqual(0.995);
  });

  it('gives the same answer when the paste comes with the routine log lines around it', () => {
    const from = closingLines.length + wrappers.length;
    const kept = keptAnswers(variantSlice(results, from, logs.length), entryIds);
    expect(kept.entriesRight).toBeGreaterThan(300);
    expect(kept.entriesKept).toBeGreaterThanOrEqual(LOG_ANSWERS_KEPT_FLOOR);
    expect(kept.nearMissesKept).toBeGreaterThanOrEqual(0.995);
  });
});

describe('the rounds of real pastes replayed in the order they were collected', () => {
  const replay = replayRounds(index);
  const card = scorecard(
    replay.rounds.flatMap((r) => r.results),
    entryIds,
  );

  it(`are answered right at least ${REPLAYED_ACCURACY_FLOOR * 100}% of the time by models that never saw them`, () => {
    expect(replay.rounds.length).toBeGreaterThanOrEqual(10);
    expect(card.accuracy).toBeGreaterThanOrEqual(REPLAYED_ACCURACY_FLOOR);
  });
});
