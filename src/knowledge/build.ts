import { z } from 'zod';
import {
  abstainRuleSchema,
  type KnowledgeEntry,
  type KnowledgeIndex,
  type KnowledgeSources,
  type LabelledExample,
  type LeftOut,
  providerSchema,
  vocabularySchema,
} from '../core/knowledge-schema.js';
import { fitModel } from '../learn/fit.js';
import { readCheckedYaml } from './checked-yaml.js';
import { KnowledgeError } from './errors.js';
import { articleExamples, parseExamplesFile, quotedExamples } from './examples.js';
import { readArticle } from './parse-article.js';
import { EXAMPLES_DIR, type KnowledgeFile, sourceHash } from './source-files.js';

// Builds the validated index from the knowledge folder's files, given as text, and fits the
// matcher's model from the examples. Pure, so the CLI, the server and the tests build it the same
// way. Beside the articles: providers.yml (whose error is it?), not-covered.yml (near-miss
// classes: known errors that are not an entry) and examples/*.yml (labelled example pastes).

export const PROVIDERS_FILE = 'providers.yml';
export const NOT_COVERED_FILE = 'not-covered.yml';
export const VOCABULARY_FILE = 'vocabulary.yml';

const parseYamlFile = <T>(file: KnowledgeFile, schema: z.ZodType<T>): T =>
  readCheckedYaml(file.content, file.name, schema).data;

const isExamplesFile = (name: string) => name.startsWith(`${EXAMPLES_DIR}/`) && /\.ya?ml$/.test(name);

/**
 * Everything the files declare, validated; no model yet. An article or examples file that does
 * not build is left out, named in `leftOut` with its file and line, and the rest still answers:
 * one imperfect article must not take every other answer down. Only a knowledge folder with no
 * entry at all, or a broken shared file (providers, not-covered, vocabulary), fails the build.
 */
export function readSources(files: readonly KnowledgeFile[]): KnowledgeSources {
  const articles = files.filter(
    (f) => f.name.endsWith('.md') && !f.name.includes('/') && !/^readme\.md$/i.test(f.name),
  );
  if (!articles.length) throw new KnowledgeError('knowledge/', ['no articles (*.md) found']);
  const entries: KnowledgeEntry[] = [];
  const examples: LabelledExample[] = [];
  const leftOut: LeftOut[] = [];
  const seen = new Map<string, string>();
  for (const file of articles) {
    const read = readArticle(file.content, file.name);
    leftOut.push(...read.leftOut);
    const kept = read.entries.filter((entry) => {
      const first = seen.get(entry.id);
      if (first === undefined) {
        seen.set(entry.id, file.name);
        return true;
      }
      leftOut.push({
        file: file.name,
        ...(entry.line ? { line: entry.line } : {}),
        entry: entry.id,
        message: `duplicate entry id ${entry.id} (also in ${first}): this one is left out`,
      });
      return false;
    });
    entries.push(...kept);
    examples.push(...articleExamples(kept, file.name));
  }
  if (!entries.length)
    throw new KnowledgeError(
      'knowledge/',
      leftOut.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`),
    );
  for (const file of files.filter((f) => isExamplesFile(f.name))) {
    try {
      examples.push(...parseExamplesFile(file.content, file.name));
    } catch (err) {
      if (!(err instanceof KnowledgeError)) throw err;
      const line = err.line ? { line: err.line } : {};
      leftOut.push(...err.problems.map((message) => ({ file: file.name, ...line, message })));
    }
  }
  // Entries with pastes of their own (in front matter or in examples files) need no quotes.
  const pasted = new Set(examples.filter((e) => !e.derived).map((e) => e.label));
  for (const entry of entries)
    if (!pasted.has(entry.id)) examples.push(...quotedExamples(entry, entry.file ?? 'knowledge/'));

  const providersFile = files.find((f) => f.name === PROVIDERS_FILE);
  const notCoveredFile = files.find((f) => f.name === NOT_COVERED_FILE);
  const providers = providersFile
    ? parseYamlFile(providersFile, z.object({ providers: z.array(providerSchema) })).providers
    : [];
  const abstainRules = notCoveredFile
    ? parseYamlFile(notCoveredFile, z.object({ rules: z.array(abstainRuleSchema) })).rules
    : [];
  const vocabularyFile = files.find((f) => f.name === VOCABULARY_FILE);
  const vocabulary = vocabularyFile
    ? parseYamlFile(vocabularyFile, z.object({ concepts: vocabularySchema })).concepts
    : {};
  entries.sort((a, b) => a.id.localeCompare(b.id));
  return {
    version: 1,
    sourceHash: sourceHash(files),
    entries,
    providers,
    abstainRules,
    examples,
    vocabulary,
    leftOut,
  };
}

export function buildIndex(files: readonly KnowledgeFile[]): KnowledgeIndex {
  const sources = readSources(files);
  return { ...sources, model: fitModel(sources) };
}
