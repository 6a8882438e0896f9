import type { SyncOutcome, SyncResult } from '../../freshdesk/sync-articles.js';

const ORDER: readonly SyncOutcome[] = [
  'created',
  'updated',
  'unchanged',
  'kept',
  'skipped',
  'gone',
  'removed',
];

/** A title from Freshdesk, shown on a terminal: control characters could rewrite the screen. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is removed
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

/** What `kb sync` did: one summary line, then one line per article with what happened and why. */
export function syncReport(result: SyncResult): string[] {
  const count = (o: SyncOutcome) => result.articles.filter((a) => a.outcome === o).length;
  const written = count('created') + count('updated');
  const gone = count('gone') + count('removed');
  const summary = `${written} article(s) written (${count('created')} created, ${count('updated')} updated), ${count('unchanged')} unchanged, ${count('kept')} kept (edited by hand), ${count('skipped')} skipped${gone ? `, ${gone} gone from the folder (${count('removed')} deleted)` : ''}`;
  const lines = [...result.articles]
    .sort((a, b) => ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome) || a.article - b.article)
    .map((a) =>
      a.outcome === 'skipped'
        ? `  skipped article ${a.article} "${printable(a.title)}": ${a.reason}`
        : `  ${a.outcome} knowledge/${a.file} (article ${a.article}${a.title ? ` "${printable(a.title)}"` : ''}): ${a.reason}`,
    );
  return [summary, ...lines];
}
