import { strongestFeatures, type WeightedFeatures } from './model.js';
import { contentStem } from './stem.js';
import type { Evidence } from './types.js';
import type { PasteVector } from './vectorize.js';

// The evidence an agent is shown: only what is in the paste. The declared facts that matched
// (status, Title, Detail, OAuth code, error type, a declared pattern found verbatim, the
// provider), then the paste's own words that weighed most for the class — never a knowledge
// phrase the paste merely resembles, and never a score.

const MAX_WORD_EVIDENCE = 4;
/** Words every payload has (JSON keys and literals): they weigh in the model but explain nothing. */
const STRUCTURAL_WORDS = new Set([
  'null',
  'true',
  'false',
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'extensions',
  'body',
  'response',
  'headers',
]);
/** Features that name something a person can find in the paste: words, word pairs, hosts, endpoints. */
const EXPLAINABLE = /^(?:w|b|h|ep):/;
const SHOWN_RULE_KINDS = new Set<Evidence['kind']>([
  'status',
  'title',
  'detail',
  'oauth-error',
  'error-type',
  'pattern',
  'provider',
]);

/** Stem -> the paste's own spelling of it (its first token with that stem). */
function spellings(tokens: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tokens.slice(0, 400)) {
    const s = contentStem(t);
    if (s && !out.has(s)) out.set(s, t);
  }
  return out;
}

/** @param weighted the paste's features that have weights (weightedFeatures of v.features). */
export function explainFromPaste(weighted: WeightedFeatures, v: PasteVector, k: number): Evidence[] {
  const evidence: Evidence[] = (v.ruleHits.get(k) ?? []).filter((e) => SHOWN_RULE_KINDS.has(e.kind));
  const shown = new Set(evidence.map((e) => e.value.toLowerCase()));
  let spelled: Map<string, string> | undefined;
  const wordFor = (stem: string) => {
    spelled ??= spellings(v.signals.tokens);
    return spelled.get(stem);
  };
  for (const { name, contribution } of strongestFeatures(weighted, k, 12, (name) => EXPLAINABLE.test(name))) {
    if (evidence.filter((e) => e.kind === 'words').length >= MAX_WORD_EVIDENCE) break;
    const [prefix, rest = ''] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)];
    let value: string | undefined;
    if (prefix === 'w') value = wordFor(rest);
    else if (prefix === 'b') {
      const [a = '', b = ''] = rest.split('_');
      const wa = wordFor(a);
      const wb = wordFor(b);
      value = wa && wb ? `${wa} ${wb}` : undefined;
    } else if (prefix === 'h' || prefix === 'ep') value = rest;
    const found = value;
    if (!found || found.split(' ').every((w) => STRUCTURAL_WORDS.has(w))) continue;
    if ([...shown].some((s) => s.includes(found) || found.includes(s))) continue;
    shown.add(found);
    evidence.push({
      kind: 'words',
      value: found,
      weight: Math.round(Math.min(1, contribution) * 1000) / 1000,
    });
  }
  return evidence;
}
