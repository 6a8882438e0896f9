import { fileURLToPath } from 'node:url';
import { createMatcher, type Matcher } from '../../src/core/match.js';
import { buildIndexFromDir } from '../../src/knowledge/load.js';
import type { KnowledgeIndex } from '../../src/knowledge/schema.js';

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

let cached: KnowledgeIndex | undefined;

/** The shipped knowledge base, built from its sources (not the cached index.json). */
export function shippedIndex(): KnowledgeIndex {
  cached ??= buildIndexFromDir(KNOWLEDGE_DIR);
  return cached;
}

export function shippedMatcher(): Matcher {
  return createMatcher(shippedIndex());
}
