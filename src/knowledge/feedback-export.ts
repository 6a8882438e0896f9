import { isMap, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { ENTRY_ID } from '../core/knowledge-schema.js';
import { parseExamplesFile } from './examples.js';
import type { KnowledgeFile } from './source-files.js';
import { FEEDBACK_EXAMPLES_DIR } from './source-files.js';

// Turns the labels agents picked into examples files, as text: pure, so the command that writes
// them and the tests plan exactly the same files. One file per label under examples/feedback/.
// What a person already did there is kept: items marked reviewed, comments, deletions (a
// choice is exported once, so a deleted item does not come back).

export interface ChoiceToExport {
  readonly lookupId: string;
  readonly label: string;
  /** Redacted already, and redacted again here: what is written must never hold a credential. */
  readonly paste: string;
  readonly createdAt: string;
}

export interface ExportPlan {
  /** File name (relative to the knowledge folder) -> its new text, or null to delete it. */
  readonly writes: ReadonlyMap<string, string | null>;
  /** Added per file, for the report. */
  readonly added: ReadonlyMap<string, number>;
  /** Written, or already an example of that label: mark these exported. */
  readonly done: readonly ChoiceToExport[];
  /** Left in the store, with why (a label the knowledge no longer has, a file that does not parse). */
  readonly skipped: readonly { readonly choice: ChoiceToExport; readonly reason: string }[];
}

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

export const feedbackFileOf = (label: string) => `${FEEDBACK_EXAMPLES_DIR}/${label}.yml`;

const header = (label: string) =>
  `# Pastes agents said are ${label}, written by "xerofix kb feedback export". Read each one:\n# set reviewed: true when the label is right, delete the item when it is not. kb lint lists\n# the items not reviewed yet.\n`;

export function planFeedbackExport(input: {
  readonly choices: readonly ChoiceToExport[];
  readonly files: readonly KnowledgeFile[];
  /** Every entry id and near-miss class the knowledge has now. */
  readonly labels: ReadonlySet<string>;
  /** Redacts credentials; the store's redaction, passed in so this stays free of I/O. */
  readonly redact: (text: string) => string;
}): ExportPlan {
  const contents = new Map(input.files.map((f) => [f.name, f.content]));
  const writes = new Map<string, string | null>();
  const added = new Map<string, number>();
  const done: ChoiceToExport[] = [];
  const skipped: { choice: ChoiceToExport; reason: string }[] = [];
  const current = (name: string) => (writes.has(name) ? writes.get(name) : contents.get(name)) ?? undefined;

  // Which label each text already is an example of, over the whole knowledge folder.
  const known = new Map<string, Set<string>>();
  for (const f of input.files) {
    if (!f.name.startsWith('examples/') || !/\.ya?ml$/.test(f.name)) continue;
    try {
      for (const ex of parseExamplesFile(f.content, f.name)) {
        const key = normalised(ex.text);
        known.set(key, (known.get(key) ?? new Set()).add(ex.label));
      }
    } catch {
      // A broken file is kb lint's to report; it holds no examples the build would use.
    }
  }

  for (const choice of input.choices) {
    if (!ENTRY_ID.test(choice.label) || !input.labels.has(choice.label)) {
      skipped.push({
        choice,
        reason: `"${choice.label}" is no longer an entry or a near-miss class in this knowledge folder`,
      });
      continue;
    }
    const text = input.redact(choice.paste).trim();
    const key = normalised(text);
    if (!key || known.get(key)?.has(choice.label)) {
      done.push(choice);
      continue;
    }
    const name = feedbackFileOf(choice.label);
    const next = withItem(current(name), choice.label, {
      text,
      origin: 'feedback',
      recorded: choice.createdAt,
      reviewed: false,
    });
    if (next === undefined) {
      skipped.push({
        choice,
        reason: `knowledge/${name} is not a valid examples file: fix it (kb lint says where) and export again`,
      });
      continue;
    }
    // The agent's earlier pick for the same paste, if nobody has reviewed it yet, is replaced.
    for (const other of known.get(key) ?? []) {
      const otherName = feedbackFileOf(other);
      const existing = current(otherName);
      if (other === choice.label || existing === undefined) continue;
      const without = withoutUnreviewed(existing, key);
      if (without !== existing) writes.set(otherName, without);
    }
    writes.set(name, next);
    added.set(name, (added.get(name) ?? 0) + 1);
    known.set(key, (known.get(key) ?? new Set()).add(choice.label));
    done.push(choice);
  }
  return { writes, added, done, skipped };
}

/** The file with one more item; undefined when the existing file is not one we can add to. */
function withItem(existing: string | undefined, label: string, item: Record<string, unknown>) {
  const doc = parseDocument(existing ?? `${header(label)}label: ${label}\nexamples: []\n`);
  if (doc.errors.length || !isMap(doc.contents) || doc.get('label') !== label) return undefined;
  const examples = doc.get('examples', true);
  if (examples !== undefined && !isSeq(examples)) return undefined;
  doc.addIn(['examples'], doc.createNode(item));
  const seq = doc.get('examples', true) as YAMLSeq;
  seq.flow = false;
  return doc.toString({ lineWidth: 0 });
}

/** The file without unreviewed feedback items of this (normalised) text; null when none is left. */
function withoutUnreviewed(existing: string, key: string): string | null {
  const doc = parseDocument(existing);
  const seq = isMap(doc.contents) ? doc.get('examples', true) : undefined;
  if (doc.errors.length || !isSeq(seq)) return existing;
  const before = seq.items.length;
  seq.items = seq.items.filter((node) => {
    if (!isMap(node)) return true;
    const text = node.get('text');
    const mine = node.get('origin') === 'feedback' && node.get('reviewed') !== true;
    return !(mine && typeof text === 'string' && normalised(text) === key);
  });
  if (seq.items.length === before) return existing;
  return seq.items.length ? doc.toString({ lineWidth: 0 }) : null;
}
