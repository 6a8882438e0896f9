import type { KnowledgeIndex } from '../knowledge/schema.js';
import { MatchDefaults } from './defaults.js';
import { PhraseIndex } from './phrase-index.js';
import { type PreparedRules, prepareRules, scoreRules } from './score-rules.js';
import type { Evidence, Signals } from './types.js';

// What each class's declared rules (statuses, Details, OAuth codes, patterns, phrases) say about
// a paste, as a few numbers per class: "a declared status is present", "the paste's Detail is
// not one this class declares", "a declared pattern was found". The model learns ONE weight for
// each of these kinds, shared by every class, so a new article's rules count from its first
// build, before it has examples of its own.

/** Per class index, the rule features that fired (absent = all zero). */
export type RuleFeatures = Map<number, Map<string, number>>;

interface RuledClass {
  readonly index: number;
  readonly id: string;
  readonly provider: string;
  readonly rules: PreparedRules;
}

export interface RuleHit {
  readonly classIndex: number;
  readonly evidence: Evidence[];
}

export class RuleScorer {
  private readonly ruled: RuledClass[] = [];
  private readonly phrases: PhraseIndex;

  constructor(index: Pick<KnowledgeIndex, 'entries' | 'abstainRules'>, classes: readonly string[]) {
    const position = new Map(classes.map((c, i) => [c, i]));
    const add = (id: string, provider: string, match: Parameters<typeof prepareRules>[0]) => {
      const i = position.get(id);
      if (i !== undefined) this.ruled.push({ index: i, id, provider, rules: prepareRules(match) });
    };
    for (const e of index.entries) add(e.id, e.provider, e.match);
    for (const r of index.abstainRules) add(r.id, r.provider, r.match);
    this.phrases = new PhraseIndex(
      index.entries.map((e) => ({ id: e.id, phrases: e.match.phrases, symptoms: e.match.symptoms })),
      MatchDefaults,
    );
  }

  /** Rule features of every class with any evidence, and the evidence itself for explaining. */
  score(s: Signals, named: readonly string[]): { features: RuleFeatures; hits: Map<number, Evidence[]> } {
    const hitsByOwner = this.phrases.search(named.length ? [...s.tokens, ...named] : s.tokens);
    const features: RuleFeatures = new Map();
    const hits = new Map<number, Evidence[]>();
    for (const c of this.ruled) {
      const result = scoreRules(c.rules, s, hitsByOwner.get(c.id));
      if (!result.evidence.length) continue;
      const f = new Map<string, number>();
      for (const e of result.evidence) {
        const name = `${e.kind}${e.against ? '-' : '+'}`;
        f.set(name, (f.get(name) ?? 0) + e.weight);
      }
      f.set('score', result.score);
      if (named.includes(c.provider)) f.set('provider+', 1);
      else if (named.length) f.set('provider-', 1);
      if (result.fingerprint) f.set('fingerprint', 1);
      features.set(c.index, f);
      hits.set(
        c.index,
        result.evidence.filter((e) => !e.against),
      );
    }
    return { features, hits };
  }
}
