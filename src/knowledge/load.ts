import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  ENTRY_ID,
  ENTRY_ID_RULE,
  type KnowledgeEntry,
  type KnowledgeIndex,
} from '../core/knowledge-schema.js';
import { buildIndex } from './build.js';
import { readBuiltIndex, writeIndex } from './built-index.js';
import { KnowledgeError } from './errors.js';
import { readArticle } from './parse-article.js';
import { type KnowledgeFile, readKnowledgeFiles, sourceHash } from './source-files.js';

// The file-system edge of the knowledge base for what builds or rebuilds it. The built index
// (with its fitted model) is used only while it was built from exactly the files on disk, so an
// edited article is never silently ignored and a deleted one never answers: one-shot commands
// (diagnose) refuse a stale or corrupt index (built-index.ts) with the one command that rebuilds
// it, and the server rebuilds it at start (here).

export function buildIndexFromDir(dir: string): KnowledgeIndex {
  return buildIndex(readKnowledgeFiles(dir));
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
