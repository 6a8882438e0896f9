import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, type KnowledgeFile } from './build.js';
import { KnowledgeError } from './errors.js';
import { type KnowledgeIndex, knowledgeIndexSchema } from './schema.js';

// The file-system edge of the knowledge base. The built index is a cache: it is used only
// while it is newer than every source file, so an edited article is never silently ignored.

export const INDEX_FILE = 'index.json';

function sourceNames(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => /\.(md|ya?ml)$/.test(n));
  } catch {
    throw new KnowledgeError(dir, [
      'knowledge folder not found: set KNOWLEDGE_DIR or run from the project folder',
    ]);
  }
}

export function readKnowledgeFiles(dir: string): KnowledgeFile[] {
  return sourceNames(dir).map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

export function buildIndexFromDir(dir: string): KnowledgeIndex {
  return buildIndex(readKnowledgeFiles(dir));
}

export function writeIndex(dir: string, index: KnowledgeIndex): string {
  const path = join(dir, INDEX_FILE);
  writeFileSync(path, `${JSON.stringify(index)}\n`);
  return path;
}

function freshIndex(dir: string): KnowledgeIndex | undefined {
  const path = join(dir, INDEX_FILE);
  try {
    const built = statSync(path).mtimeMs;
    if (sourceNames(dir).some((n) => statSync(join(dir, n)).mtimeMs > built)) return undefined;
    const parsed = knowledgeIndexSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The built index when it is current, otherwise a fresh build from the sources. */
export function loadIndex(dir: string): KnowledgeIndex {
  return freshIndex(dir) ?? buildIndexFromDir(dir);
}
