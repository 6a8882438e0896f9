import { describe, expect, it } from 'vitest';
import { readSources } from '../../src/knowledge/build.js';
import { replayRounds } from '../../src/learn/replay-rounds.js';
import { TINY, TINY_FILES } from '../support/tiny-knowledge.js';

// Real pastes of the tiny knowledge, each with the round that found it. The made-up words
// ("quorvex", "blantish") occur nowhere else, so only a model that learned from a round can know them.
const item = (text: string, source: string, round?: number) =>
  `  - text: ${JSON.stringify(text)}\n    source: https://forum.example/${source}\n${round ? `    round: ${round}\n` : ''}`;

const file = (label: string, items: string[]) => ({
  name: `examples/real-${label}.yml`,
  content: `label: ${label}\nexamples:\n${items.join('')}`,
});

const REAL = [
  file(TINY.refused, [
    item('quorvex blantish on every call to xero', 'r2-a', 2),
    item('xero keeps saying quorvex blantish since monday', 'r2-b', 2),
    item('quorvex blantish again when posting orders to xero', 'r3-a', 3),
    item('Forbidden 403 from xero after the secret was changed', 'r1-a', 1),
    item('xero answered 403 Forbidden to the new app credentials', 'r1-b', 1),
  ]),
  file(TINY.dropped, [
    item('xero connection expired again overnight', 'r1-c', 1),
    item('401 Unauthorized, xero token expired this morning', 'r1-d', 1),
    item('xero lost the connection, we must reauthorise', 'r3-b', 3),
    item('xero 401 after a week without syncing', 'undated'),
  ]),
  file(TINY.validation, [
    item('A validation exception occurred: Email address must be valid', 'r1-e', 1),
    item('ValidationException from xero: the due date is required', 'r2-c', 2),
  ]),
];

const sources = readSources([...TINY_FILES, ...REAL]);

describe('replaying the rounds of real pastes in the order they were collected', () => {
  const replay = replayRounds(sources);

  it('judges every round after the first once, each with the real pastes of earlier rounds only', () => {
    expect(replay.rounds.map((r) => r.round)).toEqual([2, 3]);
    expect(replay.rounds.map((r) => r.trainedOn)).toEqual([5, 8]);
    for (const r of replay.rounds)
      expect(new Set(r.results.map((x) => x.example.round))).toEqual(new Set([r.round]));
    const judged = replay.rounds.flatMap((r) => r.results.map((x) => x.example.source));
    expect(judged.sort()).toEqual(
      ['r2-a', 'r2-b', 'r2-c', 'r3-a', 'r3-b'].map((s) => `https://forum.example/${s}`).sort(),
    );
  });

  it('leaves out real pastes that have no round, and says how many', () => {
    expect(replay.withoutRound).toBe(1);
    const judged = replay.rounds.flatMap((r) => r.results.map((x) => x.example.source));
    expect(judged).not.toContain('https://forum.example/undated');
  });

  it('answers a wording only once an earlier round has taught it', () => {
    const [second, third] = replay.rounds;
    const verdict = (r: typeof second, source: string) =>
      r?.results.find((x) => x.example.source === `https://forum.example/${source}`)?.diagnosis.entry;
    // Round two meets the new wording for the first time; round three was fitted on round two's.
    expect(verdict(second, 'r2-a')).not.toBe(TINY.refused);
    expect(verdict(second, 'r2-b')).not.toBe(TINY.refused);
    expect(verdict(third, 'r3-a')).toBe(TINY.refused);
  });
});
