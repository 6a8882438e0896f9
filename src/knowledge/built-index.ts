import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KnowledgeIndex, knowledgeIndexSchema } from '../core/knowledge-schema.js';
import { KnowledgeError } from './errors.js';
import { readKnowledgeFiles, sourceHash } from './source-files.js';

// The built index on disk (index.json): written atomically, and read only while it was built from
// exactly the files beside it. One-shot commands use it as is; it needs no YAML and no fitting.

export const INDEX_FILE = 'index.json';
export const REBUILD = 'run "npx xerofix kb build"';

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
  return readBuiltIndex(dir, sourceHash(readKnowledgeFiles(dir)));
}

export function readBuiltIndex(dir: string, current: string): KnowledgeIndex {
  const path = join(dir, INDEX_FILE);
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
