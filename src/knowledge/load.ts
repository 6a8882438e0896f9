import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  ENTRY_ID,
  ENTRY_ID_RULE,
  type KnowledgeEntry,
  type KnowledgeIndex,
  knowledgeIndexSchema,
} from '../core/knowledge-schema.js';
import { buildIndex, type KnowledgeFile, sourceHash } from './build.js';
import { KnowledgeError } from './errors.js';
import { EXAMPLE_FOLDERS } from './examples.js';
import { readArticle } from './parse-article.js';

// The file-system edge of the knowledge base. The built index (with its fitted model) is used
// only while it was built from exactly the files on disk, so an edited article is never
// silently ignored and a deleted one never answers: one-shot commands (diagnose) refuse a stale
// or corrupt index with the one command that rebuilds it, and the server rebuilds it at start.

export const INDEX_FILE = 'index.json';
export const REBUILD = 'run "npx xerofix kb build"';

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

/**
 * The entries of the articles on disk that build, without fitting a model: enough to know which
 * entry a probe verdict confirms. A folder that cannot be read gives none.
 */
export function readEntries(dir: string): KnowledgeEntry[] {
  let files: KnowledgeFile[];
  try {
    files = readKnowledgeFiles(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.name.endsWith('.md') && !f.name.includes('/') && !/^readme\.md$/i.test(f.name))
    .flatMap((f) => readArticle(f.content, f.name).entries);
}

/** The built index, refused when it is missing, corrupt or built from other files. */
export function loadIndex(dir: string): KnowledgeIndex {
  return readBuiltIndex(dir, sourceHash(readKnowledgeFiles(dir)));
}

export interface LoadedIndex {
  readonly index: KnowledgeIndex;
  /** Why the index was rebuilt (missing, corrupt, out of date); absent when the built one was current. */
  readonly rebuilt?: string;
  /** Set when the rebuilt index could not be saved (a read-only folder): it is used from memory. */
  readonly unsaved?: string;
}

/**
 * The index for a long-running process: the built one while it is current, else a fresh build
 * from the files (saved for the next start when the folder is writable). Throws KnowledgeError
 * only when the files themselves do not build.
 */
export function loadOrBuildIndex(dir: string): LoadedIndex {
  const files = readKnowledgeFiles(dir);
  try {
    return { index: readBuiltIndex(dir, sourceHash(files)) };
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    const rebuilt = (err.problems[0] ?? 'not usable').replace(/: run .*$/, '');
    const index = buildIndex(files);
    try {
      writeIndex(dir, index);
      return { index, rebuilt };
    } catch (writeErr) {
      return { index, rebuilt, unsaved: (writeErr as Error).message.split('\n')[0] ?? 'write failed' };
    }
  }
}

function readBuiltIndex(dir: string, current: string): KnowledgeIndex {
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

/**
 * Where an article with this id is written: always a direct child of the knowledge folder. An
 * id that is not a lowercase slug, or a path that would resolve elsewhere, is refused.
 */
export function articlePathIn(dir: string, id: string): string {
  if (!ENTRY_ID.test(id)) throw new KnowledgeError(id, [`"${id}" is not a valid id: ${ENTRY_ID_RULE}`]);
  const root = resolve(dir);
  const path = resolve(root, `${id}.md`);
  const inside = relative(root, path);
  if (!inside || inside.startsWith('..') || isAbsolute(inside) || inside.includes(sep))
    throw new KnowledgeError(id, [`"${id}" would write outside the knowledge folder ${root}`]);
  return path;
}
