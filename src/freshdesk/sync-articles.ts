import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importHtmlArticle } from '../knowledge/import-html.js';
import { articlePathIn } from '../knowledge/load.js';
import { readArticle } from '../knowledge/parse-article.js';
import { escapeHtml } from '../reply/escape-html.js';
import type { FreshdeskClient } from './client.js';

export type SyncOutcome = 'created' | 'updated' | 'unchanged' | 'kept' | 'skipped' | 'gone' | 'removed';

/** What one article of the folder became, and why. */
export interface SyncedArticle {
  readonly article: number;
  /** Freshdesk's title; empty for an article that is no longer in the folder. */
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
const SYNCED_FILE = /^freshdesk-(\d+)\.md$/;
/** The mark a synced file carries: which article of which folder, so a later sync of the same
 *  folder can tell that the article was deleted there, and one of another folder leaves it be. */
const markOf = (article: number, folder: number) => `${SYNC_MARK} (article ${article}, folder ${folder})`;

/**
 * Imports a Freshdesk solution folder into the knowledge folder through the same HTML importer
 * `kb import` uses. Each article becomes `freshdesk-<id>.md`. A file we wrote earlier is
 * refreshed; a file without our mark was edited (or written) by a person and is not overwritten;
 * an article that would not answer (no fix steps) is skipped with why, and writes nothing. A file
 * this folder's sync wrote whose article is gone from the folder keeps answering until it is
 * deleted: it is reported, and deleted only when asked (`prune`), since the deletion in Freshdesk
 * may be a mistake and the answer it gives may still be right.
 */
export async function syncFolder(
  client: FreshdeskClient,
  options: { folderId: number; dir: string; baseUrl: string; provider?: string; prune?: boolean },
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
      `---\n${markOf(article.id, options.folderId)}; edits here are overwritten by "kb sync"\n`,
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
  articles.push(...goneFromFolder(options, new Set(articles.map((a) => a.article))));
  return { articles };
}

/** Our files of this folder whose article Freshdesk no longer lists. */
function goneFromFolder(
  options: { folderId: number; dir: string; prune?: boolean },
  listed: ReadonlySet<number>,
): SyncedArticle[] {
  const gone: SyncedArticle[] = [];
  for (const name of readdirSync(options.dir).sort()) {
    const id = Number(SYNCED_FILE.exec(name)?.[1]);
    if (!id || listed.has(id)) continue;
    const file = join(options.dir, name);
    // A copy a person edited (no mark), or one synced from another folder, is not ours to judge.
    if (!readFileSync(file, 'utf8').includes(`${markOf(id, options.folderId)};`)) continue;
    if (options.prune) rmSync(file);
    gone.push({
      article: id,
      title: '',
      file: name,
      outcome: options.prune ? 'removed' : 'gone',
      reason: options.prune
        ? 'no longer in the folder in Freshdesk: deleted'
        : 'no longer in the folder in Freshdesk, but it still answers: delete the file, or run kb sync again with --prune',
    });
  }
  return gone;
}
