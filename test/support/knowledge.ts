import { fileURLToPath } from 'node:url';
import type { KnowledgeIndex } from '../../src/core/knowledge-schema.js';
import { createMatcher, type Matcher } from '../../src/core/match.js';
import { buildIndexFromDir } from '../../src/knowledge/load.js';

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
