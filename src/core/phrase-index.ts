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
  /** Where its best hit is kept: phrases and symptoms of one owner are kept apart. */
  readonly key: string;
}

export interface PhraseHit {
  readonly phrase: string;
  /** Share of the phrase's word weight found in the paste, scaled down for phrases that say little; 0..1. */
  readonly coverage: number;
}

export class PhraseIndex {
  private readonly phrases: Phrase[] = [];
  private readonly idf = new Map<string, number>();
  /** Stem -> positions in `phrases` of the phrases holding it. */
  private readonly byStem = new Map<string, number[]>();
  /** Known stems by first letter; each list's fuse.js index is built on its first typo look-up
   *  (most pastes need none, and building them all would slow every start-up). */
  private readonly letters = new Map<string, string[]>();
  private readonly buckets = new Map<string, Fuse<string>>();
  /** Per phrase, the word weight a search found; reused by every search (zeroed after each). */
  private readonly weightFound: Float64Array;
  private readonly touched: Uint8Array;
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
        key: `${p.factor === 1 ? 'p' : 's'}\u0000${p.owner}`,
      };
      const at = this.phrases.push(phrase) - 1;
      for (const s of p.stems) {
        const list = this.byStem.get(s) ?? [];
        list.push(at);
        this.byStem.set(s, list);
      }
    }
    this.weightFound = new Float64Array(this.phrases.length);
    this.touched = new Uint8Array(this.phrases.length);
    for (const s of this.idf.keys()) {
      this.longestCorrectable = Math.max(this.longestCorrectable, s.length + 2);
      const list = this.letters.get(s[0] ?? '') ?? [];
      list.push(s);
      this.letters.set(s[0] ?? '', list);
    }
  }

  /** The fuse.js index of the known stems starting with this letter, built when first asked for. */
  private bucket(letter: string): Fuse<string> | undefined {
    let fuse = this.buckets.get(letter);
    const list = this.letters.get(letter);
    if (!fuse && list) {
      fuse = new Fuse(list, {
        includeScore: true,
        threshold: this.options.typoThreshold,
        minMatchCharLength: 3,
      });
      this.buckets.set(letter, fuse);
    }
    return fuse;
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
        const best = this.bucket(s[0] ?? '')?.search(s, { limit: 1 })[0];
        if (best && Math.abs(best.item.length - s.length) <= 2) {
          const credit = 1 - (best.score ?? 1);
          if (credit > (found.get(best.item) ?? 0)) found.set(best.item, credit);
        }
      }
    }
    // Best phrase and best symptom per owner: a cause and what the customer sees add up.
    // Each found stem adds its weight to every phrase that holds it, so the cost is the number of
    // (stem, phrase) pairs touched, not phrases times their length. With a thousand articles a
    // common word touches thousands of phrases: their sums live in a reused typed array, and the
    // phrases are visited in the order first touched, as a Map of them would be.
    const got = this.weightFound;
    const order: number[] = [];
    for (const [s, credit] of found) {
      const weight = credit * (this.idf.get(s) ?? 0);
      for (const at of this.byStem.get(s) ?? []) {
        if (!this.touched[at]) {
          this.touched[at] = 1;
          order.push(at);
        }
        got[at] = (got[at] as number) + weight;
      }
    }
    const best = new Map<string, { owner: string; hit: PhraseHit }>();
    for (const at of order) {
      const phrase = this.phrases[at] as Phrase;
      const weight = got[at] as number;
      got[at] = 0;
      this.touched[at] = 0;
      const share = phrase.totalWeight ? weight / phrase.totalWeight : 0;
      if (share < this.options.minPhraseCoverage) continue;
      const coverage = phrase.factor * share * Math.min(1, weight / this.options.phraseInformation);
      if (coverage > (best.get(phrase.key)?.hit.coverage ?? 0))
        best.set(phrase.key, { owner: phrase.owner, hit: { phrase: phrase.text, coverage } });
    }
    const byOwner = new Map<string, PhraseHit[]>();
    for (const { owner, hit } of best.values()) {
      const list = byOwner.get(owner);
      if (list) list.push(hit);
      else byOwner.set(owner, [hit]);
    }
    return byOwner;
  }
}
