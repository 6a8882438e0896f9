// How much each kind of evidence counts, and where the matcher draws its lines. One frozen
// object, documented, overridable per call, so tuning is a data change with a test run.

export const EvidenceWeights = Object.freeze({
  /** The paste's HTTP status is one the entry declares. */
  status: 0.35,
  /** A `Title` field equals a declared title. */
  title: 0.15,
  /** A declared title appears only as a word in running text. */
  titleWord: 0.08,
  /** A `Detail` code equals a declared detail: the most specific thing Xero tells us. */
  detail: 0.6,
  /** A declared detail code appears as a word outside any Detail field. */
  detailWord: 0.5,
  oauthError: 0.6,
  errorType: 0.55,
  /** An exact declared phrase; each extra one adds a little less. */
  pattern: 0.5,
  /** Scaled by how well the best declared phrase is covered by the paste's words. */
  phrase: 0.55,
  /** A declared symptom counts this share of a phrase. */
  symptomShare: 0.6,
  /** The paste names the entry's provider (xero, api.xero.com, …). */
  provider: 0.15,
});

export const ContradictionFactors = Object.freeze({
  /** The paste has a status and it is not one the entry declares, with no specific evidence for it. */
  statusWeak: 0.35,
  /** The same, but a detail, OAuth code or pattern does match. */
  statusWithSpecific: 0.75,
  /** The paste has a Detail code the entry does not declare. */
  detail: 0.4,
  /** The paste has an OAuth code the entry does not declare. */
  oauthError: 0.5,
  /** The paste's Title differs from the declared ones. */
  title: 0.85,
  /** The paste names another provider and nothing Xero-specific. */
  otherProvider: 0.3,
  /** The paste names no provider and has nothing only Xero says (no Detail code): statuses, OAuth codes and words are shared by every provider. */
  unnamedProvider: 0.85,
});

export const MatchDefaults = Object.freeze({
  /** Below this an entry is not answered (an entry's own minConfidence wins). */
  minConfidence: 0.5,
  /** If the runner-up is this close, the answer is ambiguous and xerofix abstains. */
  ambiguityMargin: 0.08,
  /** A not-covered rule at least this strong, and stronger than every entry, wins (abstain). */
  notCoveredMin: 0.3,
  /** Below this nothing is worth naming as a candidate. */
  noMatchBelow: 0.15,
  /** How many words of running text the fuzzy stage reads. */
  maxFuzzyTokens: 400,
  /** How many unknown words may be typo-corrected through fuse.js per paste. */
  maxTypoLookups: 8,
  /** Pastes of at most this many words are treated as typed prose, whose typos are worth correcting. */
  typedUpTo: 60,
  /** A described phrase counts only when at least this share of its words is in the paste. */
  minPhraseCoverage: 0.5,
  /** Word weight (summed inverse document frequency) a phrase needs for full strength, so that
   *  a long specific description beats a short generic one ("not connected"). */
  phraseInformation: 2,
  /** fuse.js score (0 = exact) a typo correction must beat. */
  typoThreshold: 0.25,
});

export type MatchOptions = { -readonly [K in keyof typeof MatchDefaults]: number };
