import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { ENTRY_ID, ENTRY_ID_RULE } from '../../core/knowledge-schema.js';
import { KnowledgeError } from '../../knowledge/errors.js';
import { importHtmlArticle } from '../../knowledge/import-html.js';
import { importMarkdownArticle } from '../../knowledge/import-markdown.js';
import { articlePathIn, readEntries } from '../../knowledge/load.js';
import { readArticle } from '../../knowledge/parse-article.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { knowledgeDir } from '../knowledge.js';

// `kb import FILE`: a help-centre article, saved as HTML or markdown, becomes a knowledge file.
// Nothing is written unless the result answers (it has fix steps) under an id no other entry
// uses, and never outside the knowledge folder.

export interface ImportOptions {
  readonly id?: string;
  readonly source?: string;
  readonly provider?: string;
}

const KINDS: Readonly<Record<string, 'html' | 'markdown'>> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
};
const ACCEPTED = 'kb import reads HTML (.html, .htm) or markdown (.md, .markdown)';

function readArticleFile(io: CliIo, file: string): { kind: 'html' | 'markdown'; text: string } {
  const ext = extname(file).toLowerCase();
  const kind = KINDS[ext];
  if (!kind)
    throw new CliError(
      `${ACCEPTED}; ${file} is ${ext ? `a ${ext} file` : 'a file without an extension'}: save the article as HTML or markdown first`,
    );
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(io.cwd, file));
  } catch {
    throw new CliError(`cannot read ${file}: check the path`, 1);
  }
  // A PDF or word-processor file renamed to .html would import as an empty article.
  if (bytes.subarray(0, 8192).includes(0))
    throw new CliError(`${ACCEPTED}; ${file} is a binary file, not ${kind === 'html' ? 'HTML' : 'markdown'}`);
  const text = bytes.toString('utf8');
  // A tag's name is enough to tell HTML from plain text; bounded, so "<a<a<a…" with no ">" stays linear.
  if (kind === 'html' && !/<[a-z!][^<>]{0,200}>/i.test(text))
    throw new CliError(`${ACCEPTED}; ${file} has no HTML tags: rename it .md if it is markdown`);
  return { kind, text };
}

function checkedId(id: string): string {
  if (!ENTRY_ID.test(id)) throw new CliError(`--id "${id}" is not a valid id: ${ENTRY_ID_RULE}`);
  return id;
}

export async function kbImport(io: CliIo, file: string, options: ImportOptions): Promise<number> {
  const wanted = options.id === undefined ? undefined : checkedId(options.id);
  const { kind, text } = readArticleFile(io, file);
  const settings = {
    ...(wanted ? { id: wanted } : {}),
    ...(options.source ? { source: options.source } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
  };
  const imported =
    kind === 'html' ? importHtmlArticle(text, settings) : importMarkdownArticle(text, settings);
  const read = readArticle(imported.markdown, file);
  if (read.leftOut.length || !read.entries.length) {
    const lines = read.leftOut.map((p) => `  - ${p.message}`).join('\n');
    throw new CliError(`${file} would not make an entry that answers, so nothing was written:\n${lines}`, 1);
  }
  const id = imported.id ?? read.entries[0]?.id ?? '';
  const dir = knowledgeDir(io);
  let out: string;
  try {
    out = articlePathIn(dir, id);
  } catch (err) {
    if (err instanceof KnowledgeError) throw new CliError(err.problems.join('; '));
    throw err;
  }
  const taken = new Map(readEntries(dir).map((e) => [e.id, e.file]));
  for (const e of read.entries) {
    const other = taken.get(e.id);
    if (other)
      throw new CliError(
        `entry id ${e.id} is already used in knowledge/${other}: pass --id with another id`,
        1,
      );
  }
  try {
    writeFileSync(out, imported.markdown, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CliError(`${out} already exists: pass --id with another id, or delete the file first`, 1);
    throw new CliError(`cannot write ${out}: ${(err as Error).message.split('\n')[0]}`, 1);
  }
  io.stdout.write(
    `wrote ${out}: review its match rules, then run "xerofix kb lint" and "xerofix kb build"\n`,
  );
  return 0;
}
