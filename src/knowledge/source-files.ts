import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { KnowledgeError } from './errors.js';

// Which files the knowledge folder holds, read as text, and the hash that says whether a built
// index came from exactly them. Kept apart from the builder (YAML, the fit) so answering a paste
// from the built index never loads what only building needs.

export interface KnowledgeFile {
  /** File name relative to the knowledge folder, e.g. "xero.md" or "examples/xero-401.yml". */
  readonly name: string;
  readonly content: string;
}

export const EXAMPLES_DIR = 'examples';
/** Pastes agents labelled (👎 or a gap, then the right entry), one file per label: <label>.yml. */
export const FEEDBACK_EXAMPLES_DIR = `${EXAMPLES_DIR}/feedback`;
/** Every folder examples files are read from, relative to the knowledge folder. */
export const EXAMPLE_FOLDERS: readonly string[] = [EXAMPLES_DIR, FEEDBACK_EXAMPLES_DIR];

/** The knowledge folder a setting names, relative to the working directory unless absolute. */
export function knowledgeDirOf(configured: string, cwd: string): string {
  return isAbsolute(configured) ? configured : join(cwd, configured);
}

function namesIn(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir).filter((n) => pattern.test(n));
  } catch {
    return [];
  }
}

function sourceNames(dir: string): string[] {
  try {
    readdirSync(dir);
  } catch {
    throw new KnowledgeError(dir, [
      'knowledge folder not found: set KNOWLEDGE_DIR or run from the project folder',
    ]);
  }
  return [
    ...namesIn(dir, /\.(md|ya?ml)$/),
    ...EXAMPLE_FOLDERS.flatMap((folder) =>
      namesIn(join(dir, folder), /\.ya?ml$/).map((n) => `${folder}/${n}`),
    ),
  ];
}

export function readKnowledgeFiles(dir: string): KnowledgeFile[] {
  return sourceNames(dir).map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

/** A hash of every source file's name and content: the index is current only for these. */
export function sourceHash(files: readonly KnowledgeFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(f.name).update('\0').update(f.content).update('\0');
  }
  return h.digest('hex').slice(0, 32);
}
