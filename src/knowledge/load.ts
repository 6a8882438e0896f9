import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, type KnowledgeFile, sourceHash } from './build.js';
import { KnowledgeError } from './errors.js';
import { EXAMPLES_DIR } from './examples.js';
import { type KnowledgeIndex, knowledgeIndexSchema } from './schema.js';

// The file-system edge of the knowledge base. The built index (with its fitted model) is used
// only while it was built from exactly the files on disk: a stale or corrupt index is refused
// with the command that rebuilds it, so an edited article is never silently ignored and a
// deleted one never answers.

export const INDEX_FILE = 'index.json';
export const REBUILD = 'run "npx xerofix kb build" (or "npm run build")';

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
    ...namesIn(join(dir, EXAMPLES_DIR), /\.ya?ml$/).map((n) => `${EXAMPLES_DIR}/${n}`),
  ];
}

export function readKnowledgeFiles(dir: string): KnowledgeFile[] {
  return sourceNames(dir).map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

export function buildIndexFromDir(dir: string): KnowledgeIndex {
  return buildIndex(readKnowledgeFiles(dir));
}

/**
 * Writes the index atomically: a crash mid-write leaves the previous index, never half of one.
 * The example pastes stay out of it: answering needs only the fitted model, and the checks and
 * the evaluation read the examples from their files.
 */
export function writeIndex(dir: string, index: KnowledgeIndex): string {
  const path = join(dir, INDEX_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...index, examples: [] })}\n`);
  renameSync(temporary, path);
  return path;
}

/** The built index, refused when it is missing, corrupt or built from other files. */
export function loadIndex(dir: string): KnowledgeIndex {
  const path = join(dir, INDEX_FILE);
  const current = sourceHash(readKnowledgeFiles(dir));
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new KnowledgeError(path, [`the knowledge base is not built yet: ${REBUILD}`]);
  }
  let parsed: ReturnType<typeof knowledgeIndexSchema.safeParse>;
  try {
    parsed = knowledgeIndexSchema.safeParse(JSON.parse(raw));
  } catch {
    throw new KnowledgeError(path, [`the built index is corrupt (not JSON): ${REBUILD}`]);
  }
  if (!parsed.success)
    throw new KnowledgeError(path, [`the built index is corrupt or from an older xerofix: ${REBUILD}`]);
  if (parsed.data.sourceHash !== current)
    throw new KnowledgeError(path, [`the built index is out of date with the files in ${dir}: ${REBUILD}`]);
  return parsed.data;
}
