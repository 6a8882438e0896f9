import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import {
  articleFrontMatterSchema,
  entryFrontMatterSchema,
  entrySchema,
  type KnowledgeEntry,
  type LeftOut,
} from '../core/knowledge-schema.js';
import { KnowledgeError, zodProblems } from './errors.js';
import { quotesOf, readEntrySections, splitAtHeadings } from './markdown-sections.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** The article's own fields, with its entries read one by one so one bad entry spares the rest. */
const articleFieldsSchema = articleFrontMatterSchema.extend({
  entries: z.array(z.unknown()).min(1, 'an article declares at least one entry'),
});

export interface ReadArticle {
  /** The entries that built. */
  readonly entries: KnowledgeEntry[];
  /** What did not, with the line to look at; an entry named here is left out of the index. */
  readonly leftOut: LeftOut[];
}

/**
 * Reads one markdown article (YAML front matter + body) into validated entries, and says, with
 * the file and line, what could not be read. An entry with a problem is left out on its own; a
 * problem with the article's own fields (or its front matter) leaves the whole article out.
 * Pure: the caller reads the file.
 */
export function readArticle(markdown: string, file: string): ReadArticle {
  const fm = FRONT_MATTER.exec(markdown);
  const whole = (message: string, line = 1): ReadArticle => ({
    entries: [],
    leftOut: [{ file, line, message }],
  });
  if (!fm) return whole('no front matter: start the file with a --- YAML block ---');
  const lines = new LineCounter();
  const doc = parseDocument(fm[1] ?? '', { lineCounter: lines });
  // The YAML starts on the file's second line, after the opening ---.
  const lineAt = (offset: number) => lines.linePos(offset).line + 1;
  const firstError = doc.errors[0];
  if (firstError)
    return whole(
      `front matter is not valid YAML: ${firstError.message.split('\n')[0]}`,
      lineAt(firstError.pos[0]),
    );
  /** The line of the deepest node the path reaches: a missing key points at its parent. */
  const lineOfPath = (path: readonly PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineAt(node.range[0]);
    }
    return 2;
  };
  const raw = doc.toJS() as unknown;
  const front = articleFieldsSchema.safeParse(raw);
  if (!front.success)
    return {
      entries: [],
      leftOut: front.error.issues.map((issue) => ({
        file,
        line: lineOfPath(issue.path),
        message: zodProblems([issue])[0] ?? issue.message,
      })),
    };

  const bodyStart = fm[0].split('\n').length - (fm[0].endsWith('\n') ? 1 : 0);
  const body = markdown.slice(fm[0].length).split(/\r?\n/);
  const sections = new Map(splitAtHeadings(body, 2).sections.map((s) => [s.heading.trim(), s.lines]));
  const headingLine = (id: string) => {
    const at = body.findIndex((l) => l.trim() === `## ${id}`);
    return at >= 0 ? bodyStart + at + 1 : undefined;
  };
  const entries: KnowledgeEntry[] = [];
  const leftOut: LeftOut[] = [];
  front.data.entries.forEach((item, i) => {
    const line = lineOfPath(['entries', i]);
    const declared = entryFrontMatterSchema.safeParse(item);
    const named = (item as { id?: unknown } | null)?.id;
    const entry = typeof named === 'string' ? named : `entries[${i}]`;
    if (!declared.success) {
      for (const issue of declared.error.issues)
        leftOut.push({
          file,
          line: lineOfPath(['entries', i, ...issue.path]),
          entry,
          message: `entry ${entry}: ${zodProblems([issue])[0] ?? issue.message}`,
        });
      return;
    }
    const id = declared.data.id;
    const section = sections.get(id);
    if (!section) {
      leftOut.push({ file, line, entry: id, message: `entry ${id}: no "## ${id}" section in the body` });
      return;
    }
    const parsed = entrySchema.safeParse({
      ...declared.data,
      provider: declared.data.provider ?? front.data.provider,
      article: front.data.title,
      file,
      line,
      source: front.data.source,
      quotes: quotesOf(section),
      ...readEntrySections(section),
    });
    if (parsed.success) entries.push(parsed.data);
    else
      for (const p of zodProblems(parsed.error.issues))
        leftOut.push({ file, line: headingLine(id) ?? line, entry: id, message: `entry ${id}: ${p}` });
  });
  return { entries, leftOut };
}

/** Like readArticle, for callers that want all or nothing: throws KnowledgeError listing every problem. */
export function parseArticle(markdown: string, file: string): KnowledgeEntry[] {
  const { entries, leftOut } = readArticle(markdown, file);
  if (leftOut.length)
    throw new KnowledgeError(
      file,
      leftOut.map((p) => p.message),
    );
  return entries;
}
