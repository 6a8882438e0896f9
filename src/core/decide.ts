import { type Ranking, secondEntry } from './class-scores.js';
import type { PreparedIndex } from './prepared-index.js';

// The decision, as data, from the class probabilities alone. The most likely class is answered
// when it is an entry and clears that entry's threshold; a near-miss class (a rate limit, a
// validation error, another provider's error…) that is likely enough is declined as what it is;
// anything else is declined as unsure, naming the closest entry when it is worth naming.

/** Below this an entry is not worth naming (as a runner-up or as the closest candidate). */
export const CANDIDATE_FROM = 0.15;
/** A near-miss class is named ("this is a rate limit") only when it is at least this likely. */
export const NAME_NEAR_MISS_FROM = 0.5;

/** Class indexes into the model's classes; -1 where there is none worth naming. */
export type Decision =
  | { readonly kind: 'answer'; readonly entry: number; readonly runnerUp: number }
  | { readonly kind: 'near-miss'; readonly nearMiss: number; readonly namesProvider: boolean }
  | {
      readonly kind: 'unsure';
      /** The entry the paste is closest to: the top class if it is an entry, else the best entry. */
      readonly closest: number;
      /** Nothing is close: the top class is a near-miss too unlikely to name, or no entry is likely. */
      readonly weak: boolean;
      readonly candidate: number;
    };

export type DecisionRules = Pick<PreparedIndex, 'answerable' | 'thresholds' | 'namesProvider'>;

export function decide(p: ArrayLike<number>, { top, bestEntry }: Ranking, rules: DecisionRules): Decision {
  const { answerable } = rules;
  const pTop = p[top] as number;
  if (answerable[top] && pTop >= (rules.thresholds[top] as number)) {
    const second = secondEntry(p, answerable, top);
    return { kind: 'answer', entry: top, runnerUp: worthNaming(p, second) };
  }
  if (!answerable[top] && pTop >= NAME_NEAR_MISS_FROM) {
    return { kind: 'near-miss', nearMiss: top, namesProvider: rules.namesProvider[top] === true };
  }
  const closest = answerable[top] ? top : bestEntry;
  const weak = closest < 0 || !answerable[top] || (p[closest] as number) < CANDIDATE_FROM;
  return { kind: 'unsure', closest, weak, candidate: worthNaming(p, bestEntry) };
}

const worthNaming = (p: ArrayLike<number>, k: number) =>
  k >= 0 && (p[k] as number) >= CANDIDATE_FROM ? k : -1;
