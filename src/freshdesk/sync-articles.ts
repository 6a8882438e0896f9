import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { importHtmlArticle } from '../knowledge/import-html.js';
import { articlePathIn } from '../knowledge/load.js';
import { readArticle } from '../knowledge/parse-article.js';
import { escapeHtml } from '../reply/escape-html.js';
import type { FreshdeskClient } from './client.js';

export type SyncOutcome = 'created' | 'updated' | 'unchanged' | 'kept' | 'skipped';

/** What one article of the folder became, and why. */
export interface SyncedArticle {
  readonly article: number;
  readonly title: string;
  /** The knowledge file's name, e.g. freshdesk-42.md. */
  readonly file: string;
  readonly outcome: SyncOutcome;
  readonly reason: string;
}

export interface SyncResult {
  readonly articles: readonly SyncedArticle[];
}

const SYNC_MARK = '# synced from Freshdesk';

/**
 * Imports a Freshdesk solution folder into the knowledge folder through the same HTML importer
 * `kb import` uses. Each article becomes `freshdesk-<id>.md`. A file we wrote earlier is
 * refreshed; a file without our mark was edited (or written) by a person and is not overwritten;
 * an article that would not answer (no fix steps) is skipped with why, and writes nothing.
 */
export async function syncFolder(
  client: FreshdeskClient,
  options: { folderId: number; dir: string; baseUrl: string; provider?: string },
): Promise<SyncResult> {
  const articles: SyncedArticle[] = [];
  for (const article of await client.listArticles(options.folderId)) {
    const id = `freshdesk-${article.id}`;
    const name = `${id}.md`;
    const report = (outcome: SyncOutcome, reason: string) =>
      articles.push({ article: article.id, title: article.title, file: name, outcome, reason });
    const html = `<h1>${escapeHtml(article.title)}</h1>\n${article.description ?? ''}`;
    const source = `${options.baseUrl.replace(/\/+$/, '')}/support/solutions/articles/${article.id}`;
    const { markdown } = importHtmlArticle(html, {
      id,
      source,
      ...(options.provider ? { provider: options.provider } : {}),
    });
    const file = articlePathIn(options.dir, id);
    const exists = existsSync(file);
    // One article the importer cannot read well must not break the whole knowledge base.
    const { leftOut } = readArticle(markdown, name);
    if (leftOut.length) {
      const kept = exists ? '; the copy from an earlier sync stays as it was' : '';
      report('skipped', `${leftOut.map((p) => p.message).join('; ')}${kept}`);
      continue;
    }
    const content = markdown.replace(
      /^---\n/,
      `---\n${SYNC_MARK} (article ${article.id}); edits here are overwritten by "kb sync"\n`,
    );
    if (exists) {
      const current = readFileSync(file, 'utf8');
      if (!current.includes(SYNC_MARK)) {
        report(
          'kept',
          'edited by hand (its sync mark is gone): merge the changes, or delete it to re-import',
        );
        continue;
      }
      if (current === content) {
        report('unchanged', 'the same as the last sync');
        continue;
      }
    }
    writeFileSync(file, content);
    report(exists ? 'updated' : 'created', exists ? 'the article changed in Freshdesk' : 'new in the folder');
  }
  return { articles };
}
