import type { KnowledgeIndex, MatchRules } from '../core/knowledge-schema.js';
import { createMatcher } from '../core/match.js';
import { prepareRules, scoreRules } from '../core/score-rules.js';
import { extractSignals, isOAuthErrorCode, tokenize } from '../core/signals.js';
import { contentStems } from '../core/stem.js';
import { classesOf, providerClassesOf, Vectorizer } from '../core/vectorize.js';
import { nearCopyFindings } from './lint-near-copies.js';
import { lineOf, referenceFindings } from './lint-references.js';
import type { KnowledgeFile } from './source-files.js';

// Checks a built index for what the schema cannot see, each finding with the file and line to
// edit: examples that contradict each other (the same text, or nearly, under two labels) or name
// a label that does not exist, declared rules that can never fire, and entries that free text or
// examples cannot reach.

export interface LintFinding {
  readonly level: 'error' | 'warning';
  readonly entry: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Declared values the signals can never produce: the rule is dead weight and misleads authors. */
function deadRules(match: MatchRules): string[] {
  const dead: string[] = [];
  const prepared = prepareRules(match);
  for (const pattern of match.patterns) {
    const hits = scoreRules(prepared, extractSignals(pattern)).evidence;
    if (!hits.some((e) => e.kind === 'pattern' && e.value.toLowerCase() === pattern.toLowerCase()))
      dead.push(`pattern "${pattern}" can never match: not even a paste of exactly that text fires it`);
  }
  for (const code of match.oauthErrors)
    if (!isOAuthErrorCode(code))
      dead.push(`oauthErrors "${code}" is not an OAuth error code the signals read`);
  for (const phrase of [...match.phrases, ...match.symptoms])
    if (!contentStems(tokenize(phrase.toLowerCase())).length)
      dead.push(`phrase "${phrase}" has only stop words, so no paste can match it`);
  return dead;
}

/**
 * Pastes agents labelled reach the next build unread (kb feedback export writes them); each is
 * listed until a person has looked at it and set `reviewed: true` (or deleted it). A warning,
 * not an error: CI keeps passing while an agent's choice waits for its review.
 */
export function unreviewedFeedback(index: Pick<KnowledgeIndex, 'examples'>): LintFinding[] {
  return index.examples
    .filter((ex) => ex.origin === 'feedback' && ex.reviewed !== true)
    .map((ex) => ({
      level: 'warning' as const,
      entry: ex.label,
      file: ex.file,
      ...(ex.line ? { line: ex.line } : {}),
      message: `from agent feedback${ex.recorded ? ` (${ex.recorded.slice(0, 10)})` : ''}, not reviewed: check the paste is ${ex.label}, then set reviewed: true or delete it`,
    }));
}

export function lintIndex(index: KnowledgeIndex, files: readonly KnowledgeFile[] = []): LintFinding[] {
  const findings: LintFinding[] = [
    ...referenceFindings(index, files),
    ...unreviewedFeedback(index),
    ...nearCopyFindings(index.examples),
  ];
  const classes = new Set(index.model.classes);
  const leftOutIds = new Set(index.leftOut.flatMap((p) => (p.entry ? [p.entry] : [])));
  const byText = new Map<string, (typeof index.examples)[number]>();
  const named = new Set<string>();
  for (const ex of index.examples) {
    const where = { file: ex.file, ...(ex.line ? { line: ex.line } : {}) };
    // An entry left out for a problem of its own is named once per examples file, not per example.
    const once = `${ex.file}\0${ex.label}`;
    if (!classes.has(ex.label) && leftOutIds.has(ex.label)) {
      if (!named.has(once))
        findings.push({
          level: 'error',
          entry: ex.label,
          ...where,
          message: `examples for "${ex.label}", which is left out of the index (its problem is listed above)`,
        });
      named.add(once);
    } else if (!classes.has(ex.label))
      findings.push({
        level: 'error',
        entry: ex.label,
        ...where,
        message: `examples for "${ex.label}", which is neither an entry nor a class in not-covered.yml`,
      });
    // Text the build derives from an article's wording is not a claim about a paste; two
    // entries sharing a phrase is their rules' business, not a mislabelled example.
    if (ex.derived) continue;
    const key = normalised(ex.text);
    const first = byText.get(key);
    if (first && first.label !== ex.label)
      findings.push({
        level: 'error',
        entry: ex.label,
        ...where,
        message: `the same text is an example of ${first.label} in ${first.file}${first.line ? `:${first.line}` : ''}; one of the two labels is wrong`,
      });
    else if (!first) byText.set(key, ex);
  }
  // "Another service's error" is only given when the paste names that service, so such an
  // example that names none can never be answered that way, and the fit leaves it out.
  const { ids } = classesOf(index);
  const naming = new Set(providerClassesOf(index).map((k) => ids[k]));
  const vectorizer = new Vectorizer(index);
  for (const ex of index.examples) {
    if (!naming.has(ex.label)) continue;
    const label = ids.indexOf(ex.label);
    if (vectorizer.vector(ex.text).excluded.includes(label))
      findings.push({
        level: 'warning',
        entry: ex.label,
        file: ex.file,
        ...(ex.line ? { line: ex.line } : {}),
        message:
          'this example names no service other than Xero, so it is read as a Xero paste and left out of the fit: add the service to providers.yml, or drop the example',
      });
  }
  const owners = [
    ...index.entries.map((e) => ({ id: e.id, file: e.file, match: e.match })),
    ...index.abstainRules.map((r) => ({ id: r.id, file: 'not-covered.yml', match: r.match })),
  ];
  for (const o of owners)
    for (const message of deadRules(o.match)) {
      const value = /"([^"]+)"/.exec(message)?.[1] ?? '';
      const line = lineOf(files, o.file, value);
      findings.push({
        level: 'error',
        entry: o.id,
        ...(o.file ? { file: o.file } : {}),
        ...(line ? { line } : {}),
        message,
      });
    }

  const matcher = createMatcher(index);
  for (const entry of index.entries) {
    const where = {
      ...(entry.file ? { file: entry.file } : {}),
      ...(entry.line ? { line: entry.line } : {}),
    };
    if (!index.examples.some((e) => e.label === entry.id))
      findings.push({
        level: 'warning',
        entry: entry.id,
        ...where,
        message: 'no examples: add pastes it must match (front matter or knowledge/examples)',
      });
    if (!entry.match.phrases.length)
      findings.push({
        level: 'warning',
        entry: entry.id,
        ...where,
        message: 'no phrases: free-text questions will rely on examples alone',
      });
    // An article's own example that the fitted model answers otherwise: the knowledge disagrees with itself.
    for (const example of entry.examples) {
      const d = matcher.diagnose(example);
      if (d.entry !== entry.id) {
        const got = d.entry ?? `no answer (${d.kind === 'abstain' ? d.reason : ''})`;
        const line = lineOf(files, entry.file, example);
        findings.push({
          level: 'warning',
          entry: entry.id,
          ...where,
          ...(line ? { line } : {}),
          message: `example ${JSON.stringify(example.slice(0, 80))} is diagnosed as ${got}`,
        });
      }
    }
  }
  return findings;
}

/** One finding as a line a person can act on: "file:line: error: entry: message". */
export function formatFinding(f: LintFinding): string {
  const where = f.file ? `knowledge/${f.file}${f.line ? `:${f.line}` : ''}: ` : '';
  return `${where}${f.level}: ${f.entry}: ${f.message}`;
}
