import { isMap, isSeq } from 'yaml';
import {
  type AbstainRule,
  examplesFileSchema,
  type KnowledgeEntry,
  type LabelledExample,
} from '../core/knowledge-schema.js';
import { extractSignals, tokenize } from '../core/signals.js';
import { readCheckedYaml } from './checked-yaml.js';
import { KnowledgeError } from './errors.js';

// Example pastes are knowledge: each examples file (knowledge/examples/*.yml) lists pastes of
// one label — an entry id or a near-miss class — with where each was found. Articles may also
// carry a few examples of their own in front matter. Both feed the model fitted at build time;
// items with a source address are the real pastes the accuracy figure is measured on.

/** Weight of the pastes an article declares as its entry's examples (front matter): the ones its
 *  author vouches for, so the canonical paste of an entry keeps its answer when a round of real
 *  pastes moves the fit. Measured on the real pastes: cross-validation and the rounds replayed
 *  within noise of weight 1 (85.9% against 86.0%, 84.4% against 84.3%); the development set of
 *  written renderings 94.1% against 92.7% after round thirteen. */
export const ARTICLE_EXAMPLE_WEIGHT = 3;
/** Weight of an article's own wording (phrases, symptoms, causes) as training text. */
export const DESCRIBED_WEIGHT = 0.3;
/** Weight of what an article quotes (the entry's title, the error strings in its body). */
export const QUOTED_WEIGHT = 0.5;

/** A quote worth teaching: it carries an error signal, or is a phrase rather than one word
 *  (a lone `Detail` or `https` names a thing, it is not an error anyone pastes). */
export function isErrorQuote(text: string): boolean {
  const s = extractSignals(text);
  if (s.statuses.length || s.titles.length || s.detailCodes.length || s.oauthErrors.length) return true;
  if (s.errorTypes.length) return true;
  return tokenize(text.toLowerCase()).length >= 3;
}
const DESCRIBED_LINES = 4;

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Examples of one examples file, each with its line for error messages. */
export function parseExamplesFile(content: string, file: string): LabelledExample[] {
  const { data: parsed, doc, lineAt } = readCheckedYaml(content, file, examplesFileSchema);
  const items = isMap(doc.contents) ? doc.contents.get('examples', true) : undefined;
  const nodes = isSeq(items) ? items.items : [];
  const examples = parsed.examples.map((item, i) => {
    const offset = (nodes[i] as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
    return {
      ...item,
      label: parsed.label,
      group: item.source ?? `${file}#${i}`,
      file,
      line: lineAt(offset),
    };
  });
  // The accuracy figure is measured on items with a source; a label an agent picked is not a
  // paste found in public, so it must never pass for one.
  const sourced = examples.find((e) => e.origin === 'feedback' && e.source);
  if (sourced)
    throw new KnowledgeError(
      file,
      ['an example with origin: feedback has a source: remove one of the two (feedback is not a real paste)'],
      sourced.line,
    );
  return examples;
}

/** The examples an article's entries declare in front matter (no source: written with the article). */
export function articleExamples(entries: readonly KnowledgeEntry[], file: string): LabelledExample[] {
  return entries.flatMap((entry) => {
    const group = `${file}#${entry.id}`;
    const own = entry.examples.map((text) => ({
      text,
      label: entry.id,
      group,
      file,
      line: 0,
      weight: ARTICLE_EXAMPLE_WEIGHT,
    }));
    // The article's own words (how people describe it, what causes it) teach the model the
    // vocabulary of prose reports; they count for less than pastes.
    // A few lines per example: one example per line would slow a thousand-article build, one per
    // entry would blur each description among all the others.
    const described = [entry.match.phrases, entry.match.symptoms, entry.causes]
      .flatMap((texts) => chunks(texts, DESCRIBED_LINES))
      .map((texts) => ({
        text: texts.join('\n'),
        label: entry.id,
        group,
        file,
        line: 0,
        weight: DESCRIBED_WEIGHT,
        derived: true as const,
      }));
    return [...own, ...described];
  });
}

/**
 * An entry's title, its declared patterns and the error strings its body quotes, as examples, for an entry with no
 * example pastes yet (a freshly imported or synced article): what a customer who read the article
 * pastes back is then answered by it. Once real pastes exist they speak for it, and the shipped
 * answers do not move: measured on the shipped entries, quotes beside pastes cost about a point
 * of accuracy (titles gained 0.3 but moved other pastes' abstain reasons).
 */
export function quotedExamples(entry: KnowledgeEntry, file: string): LabelledExample[] {
  // Declared patterns are error text the article says is proof on its own: taught the same way.
  const quoted = [entry.title, ...entry.match.patterns, ...entry.quotes.filter(isErrorQuote)];
  return [...new Set(quoted)].map((text) => ({
    text,
    label: entry.id,
    group: `${file}#${entry.id}`,
    file,
    line: 0,
    weight: QUOTED_WEIGHT,
    derived: true as const,
  }));
}

/** A label an agent may pick for a paste: an entry, or a near-miss class (a known non-answer). */
export interface FeedbackLabel {
  readonly id: string;
  readonly title: string;
  readonly kind: 'entry' | 'class';
}

/** Every label an example may have in this knowledge, entries first, each group by title. */
export function feedbackLabels(index: {
  readonly entries: readonly Pick<KnowledgeEntry, 'id' | 'title'>[];
  readonly abstainRules: readonly Pick<AbstainRule, 'id' | 'title' | 'reason'>[];
}): FeedbackLabel[] {
  const byTitle = (a: FeedbackLabel, b: FeedbackLabel) => a.title.localeCompare(b.title);
  return [
    ...index.entries.map((e) => ({ id: e.id, title: e.title, kind: 'entry' as const })).sort(byTitle),
    ...index.abstainRules
      .map((r) => ({ id: r.id, title: r.title ?? r.reason, kind: 'class' as const }))
      .sort(byTitle),
  ];
}

/** What forms and selects send for "none of these": never an id (ids start with a letter or digit). */
export const NONE_OF_THESE_VALUE = '-';

/**
 * What an agent's pick means: the label it names, null for "none of these", undefined for a
 * value that names nothing in this knowledge (an entry removed since the form was shown).
 */
export function resolveFeedbackLabel(
  labels: readonly FeedbackLabel[],
  value: string,
): FeedbackLabel | null | undefined {
  if (value === NONE_OF_THESE_VALUE) return null;
  return labels.find((l) => l.id === value);
}
