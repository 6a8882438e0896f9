import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { KnowledgeError, zodProblems } from './errors.js';
import { parseArticle } from './parse-article.js';
import { abstainRuleSchema, type KnowledgeEntry, type KnowledgeIndex, providerSchema } from './schema.js';

// Builds the validated index from the knowledge folder's files, given as text. Pure, so the
// CLI, the server and the tests build it the same way. Two data files sit beside the
// articles: providers.yml (whose error is it?) and not-covered.yml (known non-entries).

export interface KnowledgeFile {
  readonly name: string;
  readonly content: string;
}

export const PROVIDERS_FILE = 'providers.yml';
export const NOT_COVERED_FILE = 'not-covered.yml';

function parseYamlFile<T>(file: KnowledgeFile, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parseYaml(file.content);
  } catch (err) {
    throw new KnowledgeError(file.name, [`not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new KnowledgeError(file.name, zodProblems(parsed.error.issues));
  return parsed.data;
}

export function buildIndex(files: readonly KnowledgeFile[]): KnowledgeIndex {
  const articles = files.filter((f) => f.name.endsWith('.md') && !/^readme\.md$/i.test(f.name));
  if (!articles.length) throw new KnowledgeError('knowledge/', ['no articles (*.md) found']);
  const entries: KnowledgeEntry[] = [];
  const seen = new Map<string, string>();
  const problems: KnowledgeError[] = [];
  for (const file of articles) {
    try {
      for (const entry of parseArticle(file.content, file.name)) {
        const first = seen.get(entry.id);
        if (first)
          problems.push(new KnowledgeError(file.name, [`duplicate entry id ${entry.id} (also in ${first})`]));
        seen.set(entry.id, file.name);
        entries.push(entry);
      }
    } catch (err) {
      if (err instanceof KnowledgeError) problems.push(err);
      else throw err;
    }
  }
  if (problems.length)
    throw new KnowledgeError(
      'knowledge/',
      problems.map((p) => p.message),
    );

  const providersFile = files.find((f) => f.name === PROVIDERS_FILE);
  const notCoveredFile = files.find((f) => f.name === NOT_COVERED_FILE);
  const providers = providersFile
    ? parseYamlFile(providersFile, z.object({ providers: z.array(providerSchema) })).providers
    : [];
  const abstainRules = notCoveredFile
    ? parseYamlFile(notCoveredFile, z.object({ rules: z.array(abstainRuleSchema) })).rules
    : [];
  entries.sort((a, b) => a.id.localeCompare(b.id));
  return { version: 1, entries, providers, abstainRules };
}
