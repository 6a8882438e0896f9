import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeError } from '../knowledge/errors.js';
import { importHtmlArticle } from '../knowledge/import-html.js';
import { parseArticle } from '../knowledge/parse-article.js';
import { escapeHtml } from '../web/page.js';
import type { FreshdeskClient } from './client.js';

export interface SyncResult {
  readonly written: string[];
  readonly unchanged: string[];
  /** Files already present that someone edited by hand: left alone, named so they can be merged. */
  readonly kept: string[];
  /** Articles that would not make a valid entry (say, no fix steps), with why; nothing written. */
  readonly skipped: { readonly article: number; readonly title: string; readonly problems: string[] }[];
}

const SYNC_MARK = '# synced from Freshdesk';

/**
 * Imports a Freshdesk solution folder into the knowledge folder through the same HTML importer
 * `kb import` uses. Each article becomes `freshdesk-<id>.md`. A file we wrote earlier is
 * refreshed; a file without our mark was edited (or written) by a person and is not overwritten.
 */
export async function syncFolder(
  client: FreshdeskClient,
  options: { folderId: number; dir: string; baseUrl: string; provider?: string },
): Promise<SyncResult> {
  const result: SyncResult = { written: [], unchanged: [], kept: [], skipped: [] };
  for (const article of await client.listArticles(options.folderId)) {
    const id = `freshdesk-${article.id}`;
    const html = `<h1>${escapeHtml(article.title)}</h1>\n${article.description ?? ''}`;
    const source = `${options.baseUrl.replace(/\/+$/, '')}/support/solutions/articles/${article.id}`;
    const { markdown } = importHtmlArticle(html, {
      id,
      source,
      ...(options.provider ? { provider: options.provider } : {}),
    });
    const file = join(options.dir, `${id}.md`);
    // One article the importer cannot read well must not break the whole knowledge base.
    try {
      parseArticle(markdown, `${id}.md`);
    } catch (err) {
      if (!(err instanceof KnowledgeError)) throw err;
      result.skipped.push({ article: article.id, title: article.title, problems: err.problems });
      continue;
    }
    const content = markdown.replace(
      /^---\n/,
      `---\n${SYNC_MARK} (article ${article.id}); edits here are overwritten by "kb sync"\n`,
    );
    if (existsSync(file)) {
      const current = readFileSync(file, 'utf8');
      if (!current.includes(SYNC_MARK)) {
        result.kept.push(file);
        continue;
      }
      if (current === content) {
        result.unchanged.push(file);
        continue;
      }
    }
    writeFileSync(file, content);
    result.written.push(file);
  }
  return result;
}
