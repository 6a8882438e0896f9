import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { KnowledgeError, zodProblems } from './errors.js';
import { examplesFileSchema, type KnowledgeEntry, type LabelledExample } from './schema.js';

// Example pastes are knowledge: each examples file (knowledge/examples/*.yml) lists pastes of
// one label — an entry id or a near-miss class — with where each was found. Articles may also
// carry a few examples of their own in front matter. Both feed the model fitted at build time;
// items with a source address are the real pastes the accuracy figure is measured on.

export const EXAMPLES_DIR = 'examples';
/** Weight of an article's own wording (phrases, symptoms, causes) as training text. */
export const DESCRIBED_WEIGHT = 0.3;
const DESCRIBED_LINES = 4;

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Examples of one examples file, each with its line for error messages. */
export function parseExamplesFile(content: string, file: string): LabelledExample[] {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines });
  if (doc.errors.length)
    throw new KnowledgeError(file, [`not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`]);
  const parsed = examplesFileSchema.safeParse(doc.toJS());
  if (!parsed.success) throw new KnowledgeError(file, zodProblems(parsed.error.issues));
  const items = isMap(doc.contents) ? doc.contents.get('examples', true) : undefined;
  const nodes = isSeq(items) ? items.items : [];
  return parsed.data.examples.map((item, i) => {
    const offset = (nodes[i] as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
    return {
      ...item,
      label: parsed.data.label,
      group: item.source ?? `${file}#${i}`,
      file,
      line: lines.linePos(offset).line,
    };
  });
}

/** The examples an article's entries declare in front matter (no source: written with the article). */
export function articleExamples(entries: readonly KnowledgeEntry[], file: string): LabelledExample[] {
  return entries.flatMap((entry) => {
    const group = `${file}#${entry.id}`;
    const own = entry.examples.map((text) => ({ text, label: entry.id, group, file, line: 0 }));
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
      }));
    return [...own, ...described];
  });
}
