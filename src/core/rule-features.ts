import { MatchDefaults } from './defaults.js';
import type { KnowledgeIndex } from './knowledge-schema.js';
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

/** A status declared by more classes than this does not make each of them a candidate. */
const SHARED_STATUS = 40;

/** The look-up keys under which a class's rules can find support (see candidatesFor). */
function supportKeys(r: PreparedRules): string[] {
  const keys: string[] = [];
  for (const st of r.statuses) keys.push(`s:${st}`);
  for (const t of r.titles) keys.push(`t:${t}`, `w:${t}`);
  for (const d of r.details) keys.push(`d:${d}`, `w:${d}`, `d8:${d.slice(0, 8)}`);
  for (const o of r.oauthErrors) keys.push(`o:${o}`);
  for (const e of r.errorTypes) keys.push(`e:${e}`, `w:${e}`);
  // Every word of a pattern must be in the paste, so any one of them finds the candidates.
  for (const p of r.patterns) {
    const longest = [...p.words].sort((a, b) => b.length - a.length)[0];
    if (longest) keys.push(`w:${longest}`);
  }
  return keys;
}

export class RuleScorer {
  private readonly ruled: RuledClass[] = [];
  private readonly phrases: PhraseIndex;
  /** Signal or word -> classes whose rules it can support, so a paste is scored only against those. */
  private readonly candidates = new Map<string, RuledClass[]>();

  constructor(
    index: Pick<KnowledgeIndex, 'entries' | 'abstainRules'>,
    classes: readonly string[],
    knownWords?: ReadonlySet<string>,
  ) {
    const position = new Map(classes.map((c, i) => [c, i]));
    const add = (id: string, provider: string, match: Parameters<typeof prepareRules>[0]) => {
      const i = position.get(id);
      if (i !== undefined) this.ruled.push({ index: i, id, provider, rules: prepareRules(match) });
    };
    for (const e of index.entries) add(e.id, e.provider, e.match);
    for (const r of index.abstainRules) add(r.id, r.provider, r.match);
    for (const c of this.ruled) for (const key of supportKeys(c.rules)) this.listen(key, c);
    this.phrases = new PhraseIndex(
      index.entries.map((e) => ({ id: e.id, phrases: e.match.phrases, symptoms: e.match.symptoms })),
      MatchDefaults,
      knownWords,
    );
  }

  private listen(key: string, c: RuledClass): void {
    const list = this.candidates.get(key) ?? [];
    if (!list.includes(c)) list.push(c);
    this.candidates.set(key, list);
  }

  /** Classes some declared rule of which the paste could satisfy (phrase owners included). */
  private candidatesFor(s: Signals, phraseOwners: Iterable<string>): Set<RuledClass> {
    const out = new Set<RuledClass>();
    const take = (key: string) => {
      for (const c of this.candidates.get(key) ?? []) out.add(c);
    };
    // A status many classes declare says too little to score them all; they still count when
    // anything more specific (a word, a Detail, a code) points at them.
    for (const st of s.statuses)
      if ((this.candidates.get(`s:${st}`)?.length ?? 0) <= SHARED_STATUS) take(`s:${st}`);
    for (const t of s.titles) take(`t:${t.toLowerCase()}`);
    for (const d of s.detailCodes) {
      take(`d:${d.toLowerCase()}`);
      if (d.length >= 8) take(`d8:${d.toLowerCase().slice(0, 8)}`);
    }
    for (const o of s.oauthErrors) take(`o:${o}`);
    for (const e of s.errorTypes) take(`e:${e.toLowerCase()}`);
    for (const w of s.words) take(`w:${w}`);
    const owners = new Set(phraseOwners);
    for (const c of this.ruled) if (owners.has(c.id)) out.add(c);
    return out;
  }

  /** Rule features of every class with any supporting evidence, and that evidence for explaining. */
  score(s: Signals, named: readonly string[]): { features: RuleFeatures; hits: Map<number, Evidence[]> } {
    const hitsByOwner = this.phrases.search(named.length ? [...s.tokens, ...named] : s.tokens);
    const features: RuleFeatures = new Map();
    const hits = new Map<number, Evidence[]>();
    for (const c of this.candidatesFor(s, hitsByOwner.keys())) {
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
