import { parse as parseYaml } from 'yaml';
import { KnowledgeError, zodProblems } from './errors.js';
import { readEntrySections, splitAtHeadings } from './markdown-sections.js';
import { articleFrontMatterSchema, entrySchema, type KnowledgeEntry } from './schema.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Turns one markdown article (YAML front matter + body) into validated entries.
 * Pure: the caller reads the file. Throws KnowledgeError listing every problem found.
 */
export function parseArticle(markdown: string, file: string): KnowledgeEntry[] {
  const fm = FRONT_MATTER.exec(markdown);
  if (!fm) throw new KnowledgeError(file, ['no front matter: start the file with a --- YAML block ---']);
  let raw: unknown;
  try {
    raw = parseYaml(fm[1] ?? '');
  } catch (err) {
    throw new KnowledgeError(file, [
      `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`,
    ]);
  }
  const front = articleFrontMatterSchema.safeParse(raw);
  if (!front.success) throw new KnowledgeError(file, zodProblems(front.error.issues));

  const body = markdown.slice(fm[0].length).split(/\r?\n/);
  const sections = new Map(splitAtHeadings(body, 2).sections.map((s) => [s.heading.trim(), s.lines]));
  const problems: string[] = [];
  const entries: KnowledgeEntry[] = [];
  for (const declared of front.data.entries) {
    const lines = sections.get(declared.id);
    if (!lines) {
      problems.push(`entry ${declared.id}: no "## ${declared.id}" section in the body`);
      continue;
    }
    const parsed = entrySchema.safeParse({
      ...declared,
      provider: declared.provider ?? front.data.provider,
      article: front.data.title,
      file,
      source: front.data.source,
      ...readEntrySections(lines),
    });
    if (parsed.success) entries.push(parsed.data);
    else problems.push(...zodProblems(parsed.error.issues).map((p) => `entry ${declared.id}: ${p}`));
  }
  if (problems.length) throw new KnowledgeError(file, problems);
  return entries;
}
