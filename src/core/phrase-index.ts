import Fuse from 'fuse.js';
import { EvidenceWeights, type MatchOptions } from './defaults.js';
import { tokenize } from './signals.js';
import { contentStems } from './stem.js';

// Matches how people describe a problem ("xero keeps disconnecting") against the phrases
// each entry declares. Words are compared as stems; a word the knowledge has never seen is
// typo-corrected with fuse.js against the known words of the same first letter, which keeps
// each fuzzy search small even with a thousand articles.

interface Phrase {
  readonly owner: string;
  /** Symptoms count for less than cause-specific phrases. */
  readonly factor: number;
  readonly text: string;
  readonly stems: readonly string[];
  readonly totalWeight: number;
}

export interface PhraseHit {
  readonly phrase: string;
  /** Share of the phrase's word weight found in the paste, scaled down for phrases that say little; 0..1. */
  readonly coverage: number;
}

export class PhraseIndex {
  private readonly phrases: Phrase[] = [];
  private readonly idf = new Map<string, number>();
  private readonly byStem = new Map<string, Phrase[]>();
  private readonly buckets = new Map<string, Fuse<string>>();
  /** A correction must be within two letters of a known word, so nothing longer than this can be one. */
  private longestCorrectable = 0;

  /**
   * @param knownWords stems the knowledge has seen spelled this way (the model's words): never
   *   typo-corrected, so ordinary prose costs no fuzzy look-ups.
   */
  constructor(
    owners: ReadonlyArray<{ id: string; phrases: readonly string[]; symptoms?: readonly string[] }>,
    private readonly options: MatchOptions,
    private readonly knownWords: ReadonlySet<string> = new Set(),
  ) {
    const ownersWithStem = new Map<string, Set<string>>();
    const declared = owners.flatMap((o) => [
      ...o.phrases.map((text) => ({ owner: o.id, text, factor: 1 })),
      ...(o.symptoms ?? []).map((text) => ({ owner: o.id, text, factor: EvidenceWeights.symptomShare })),
    ]);
    const stemmed = declared.map(({ owner, text, factor }) => {
      const stems = [...new Set(contentStems(tokenize(text.toLowerCase())))];
      for (const s of stems) {
        if (!ownersWithStem.has(s)) ownersWithStem.set(s, new Set());
        ownersWithStem.get(s)?.add(owner);
      }
      return { owner, text, factor, stems };
    });
    // Inverse document frequency over owners: a word every entry uses ("xero") says little.
    for (const [s, set] of ownersWithStem) this.idf.set(s, Math.log(1 + owners.length / set.size));
    for (const p of stemmed) {
      const phrase: Phrase = {
        ...p,
        totalWeight: p.stems.reduce((sum, s) => sum + (this.idf.get(s) ?? 0), 0),
      };
      this.phrases.push(phrase);
      for (const s of p.stems) {
        const list = this.byStem.get(s) ?? [];
        list.push(phrase);
        this.byStem.set(s, list);
      }
    }
    const letters = new Map<string, string[]>();
    for (const s of this.idf.keys()) {
      this.longestCorrectable = Math.max(this.longestCorrectable, s.length + 2);
      const list = letters.get(s[0] ?? '') ?? [];
      list.push(s);
      letters.set(s[0] ?? '', list);
    }
    for (const [letter, list] of letters) {
      this.buckets.set(
        letter,
        new Fuse(list, { includeScore: true, threshold: options.typoThreshold, minMatchCharLength: 3 }),
      );
    }
  }

  /** Per owner, the best-covered phrase and the best-covered symptom. */
  search(tokens: readonly string[]): Map<string, PhraseHit[]> {
    const found = new Map<string, number>(); // known stem -> credit (1 exact, <1 typo-corrected)
    let lookups = 0;
    // Typos are corrected in prose someone typed, not in pasted logs and payloads, whose unknown
    // words are ids and paths: the look-ups would cost more than the rest of the match.
    const typed = tokens.length <= this.options.typedUpTo;
    for (const s of new Set(contentStems(tokens.slice(0, this.options.maxFuzzyTokens)))) {
      if (this.idf.has(s)) {
        found.set(s, 1);
      } else if (
        typed &&
        s.length >= 5 &&
        // A fuzzy search costs in proportion to the word's length: a 64 KB "word" would hold the
        // event loop for a tenth of a second and cannot be a typo of anything known anyway.
        s.length <= this.longestCorrectable &&
        lookups < this.options.maxTypoLookups &&
        !this.knownWords.has(s)
      ) {
        lookups++;
        const best = this.buckets.get(s[0] ?? '')?.search(s, { limit: 1 })[0];
        if (best && Math.abs(best.item.length - s.length) <= 2) {
          const credit = 1 - (best.score ?? 1);
          if (credit > (found.get(best.item) ?? 0)) found.set(best.item, credit);
        }
      }
    }
    // Best phrase and best symptom per owner: a cause and what the customer sees add up.
    // Each found stem adds its weight to every phrase that holds it, so the cost is the number of
    // (stem, phrase) pairs touched, not phrases times their length.
    const best = new Map<string, PhraseHit>();
    const got = new Map<Phrase, number>();
    for (const [s, credit] of found) {
      const weight = credit * (this.idf.get(s) ?? 0);
      for (const phrase of this.byStem.get(s) ?? []) got.set(phrase, (got.get(phrase) ?? 0) + weight);
    }
    for (const [phrase, weight] of got) {
      const share = phrase.totalWeight ? weight / phrase.totalWeight : 0;
      if (share < this.options.minPhraseCoverage) continue;
      const coverage = phrase.factor * share * Math.min(1, weight / this.options.phraseInformation);
      const key = `${phrase.factor === 1 ? 'p' : 's'}\u0000${phrase.owner}`;
      if (coverage > (best.get(key)?.coverage ?? 0)) best.set(key, { phrase: phrase.text, coverage });
    }
    const byOwner = new Map<string, PhraseHit[]>();
    for (const [key, hit] of best) {
      const owner = key.slice(2);
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), hit]);
    }
    return byOwner;
  }
}
