import { ContradictionFactors as Against, EvidenceWeights as W } from './defaults.js';
import type { MatchRules } from './knowledge-schema.js';
import type { PhraseHit } from './phrase-index.js';
import { tokenize } from './signals.js';
import type { Evidence, Signals } from './types.js';

// Scores one entry's (or not-covered rule's) declared rules against a paste. Supporting
// evidence combines as a noisy-OR (each independent clue closes part of the remaining doubt);
// evidence against — a status, Detail or OAuth code the rules do not declare — scales it down.

export interface RuleScore {
  readonly score: number;
  readonly evidence: Evidence[];
  /** Something only this kind of error says (Detail, OAuth code, error type, exact pattern). */
  readonly specific: boolean;
  /** Evidence only the entry's own provider produces (a Detail code), unlike OAuth codes and phrases every provider shares. */
  readonly fingerprint: boolean;
  /** Something was read from the error itself, not only from how it was described. */
  readonly structured: boolean;
}

/** Lower-cased rule values, prepared once per index. */
export interface PreparedRules {
  /** Lower case -> as the article spells it, for evidence people read. */
  readonly display: ReadonlyMap<string, string>;
  readonly statuses: ReadonlySet<number>;
  readonly titles: readonly string[];
  readonly details: readonly string[];
  readonly oauthErrors: readonly string[];
  readonly errorTypes: readonly string[];
  readonly patterns: ReadonlyArray<{ text: string; words: readonly string[] }>;
}

export function prepareRules(rules: MatchRules): PreparedRules {
  const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
  const display = new Map<string, string>();
  for (const v of [...rules.titles, ...rules.details, ...rules.oauthErrors, ...rules.errorTypes])
    display.set(v.toLowerCase(), v);
  return {
    display,
    statuses: new Set(rules.statuses),
    titles: lower(rules.titles),
    details: lower(rules.details),
    oauthErrors: lower(rules.oauthErrors),
    errorTypes: lower(rules.errorTypes),
    // Split exactly as pastes are (tokenize keeps "xero-tenant-id" whole), or a pattern with a
    // hyphen could never fire.
    patterns: lower(rules.patterns).map((text) => ({
      text,
      words: tokenize(text).filter((w) => w.length > 2),
    })),
  };
}

const lowerAll = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());

export function scoreRules(
  rules: PreparedRules,
  s: Signals,
  phraseHits: readonly PhraseHit[] = [],
): RuleScore {
  const evidence: Evidence[] = [];
  const support = (kind: Evidence['kind'], value: string, weight: number) =>
    evidence.push({ kind, value: rules.display.get(value) ?? value, weight });

  const statusHit = s.statuses.find((st) => rules.statuses.has(st));
  if (statusHit !== undefined) support('status', String(statusHit), W.status);

  const titles = lowerAll(s.titles);
  const titleHit = rules.titles.find((t) => titles.includes(t));
  if (titleHit) support('title', titleHit, W.title);
  else {
    const word = rules.titles.find((t) => !t.includes(' ') && s.words.has(t));
    if (word) support('title', word, W.titleWord);
  }

  const detailCodes = lowerAll(s.detailCodes);
  // A payload cut off mid-Detail ("AuthenticationUnsucc") still names its code.
  const detailHit =
    rules.details.find((d) => detailCodes.includes(d)) ??
    rules.details.find((d) => detailCodes.some((c) => c.length >= 8 && d.startsWith(c)));
  const detailWord = detailHit ? undefined : rules.details.find((d) => s.words.has(d));
  if (detailHit) support('detail', detailHit, W.detail);
  else if (detailWord) support('detail', detailWord, W.detailWord);

  const oauthHit = rules.oauthErrors.find((e) => s.oauthErrors.includes(e));
  if (oauthHit) support('oauth-error', oauthHit, W.oauthError);

  const errorTypes = lowerAll(s.errorTypes);
  const typeHit = rules.errorTypes.find((t) => s.words.has(t) || errorTypes.includes(t));
  if (typeHit) support('error-type', typeHit, W.errorType);

  let patternWeight = W.pattern;
  for (const p of rules.patterns) {
    if (p.words.every((w) => s.words.has(w)) && s.text.includes(p.text)) {
      support('pattern', p.text, patternWeight);
      patternWeight /= 2;
    }
  }

  for (const hit of phraseHits) support('phrase', hit.phrase, W.phrase * hit.coverage ** 1.5);

  let score = 1 - evidence.reduce((doubt, e) => doubt * (1 - e.weight), 1);
  const specific = evidence.some((e) => e.kind !== 'status' && e.kind !== 'title' && e.kind !== 'phrase');
  const against = (kind: Evidence['kind'], values: readonly (string | number)[], factor: number) => {
    evidence.push({ kind, value: values.join(' / '), weight: 1 - factor, against: true });
    score *= factor;
  };
  // OAuth endpoints answer every error code with 400 (or 401 for client errors, RFC 6749 §5.2),
  // so beside a matching OAuth code those statuses say nothing against the entry.
  const oauthStatusOnly = oauthHit !== undefined && s.statuses.every((st) => st === 400 || st === 401);
  if (statusHit === undefined && rules.statuses.size && s.statuses.length && !oauthStatusOnly)
    against('status', s.statuses, specific ? Against.statusWithSpecific : Against.statusWeak);
  if (!detailHit && rules.details.length && detailCodes.length)
    against('detail', s.detailCodes, Against.detail);
  if (!oauthHit && !detailHit && rules.oauthErrors.length && s.oauthErrors.length)
    against('oauth-error', s.oauthErrors, Against.oauthError);
  if (!titleHit && rules.titles.length && titles.length && statusHit === undefined && !oauthStatusOnly)
    against('title', s.titles.slice(0, 1), Against.title);
  const fingerprint = evidence.some((e) => !e.against && e.kind === 'detail');
  const structured = evidence.some((e) => !e.against && e.kind !== 'phrase');
  return { score, evidence, specific, fingerprint, structured };
}
