import type { DownVote } from '../store/feedback.js';
import type { Lookup } from '../store/lookups.js';
import { escapeHtml } from '../web/page.js';
import { shorten } from './layout.js';

// /gaps: what xerofix could not answer, and answers people marked wrong, newest first — the
// list of articles worth writing next.

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function gapsBody(unmatched: readonly Lookup[], downVotes: readonly DownVote[]): string {
  const gapRows = unmatched
    .map(
      (g) =>
        `<tr><td class="muted">${when(g.createdAt)}</td><td>${escapeHtml(g.surface)}</td><td>${escapeHtml(g.reason ?? '')}</td><td><pre>${escapeHtml(shorten(g.paste, 500))}</pre></td></tr>`,
    )
    .join('\n');
  const voteRows = downVotes
    .map(
      (v) =>
        `<tr><td class="muted">${when(v.createdAt)}</td><td><code>${escapeHtml(v.entry ?? '')}</code></td><td><pre>${escapeHtml(shorten(v.paste, 500))}</pre></td></tr>`,
    )
    .join('\n');
  return `<h2>Questions with no answer (${unmatched.length})</h2>
${unmatched.length ? `<table><thead><tr><th>When</th><th>Where</th><th>Why not</th><th>Paste</th></tr></thead><tbody>${gapRows}</tbody></table>` : '<p class="muted">None yet.</p>'}
<h2>Answers marked wrong (${downVotes.length})</h2>
${downVotes.length ? `<table><thead><tr><th>When</th><th>Entry</th><th>Paste</th></tr></thead><tbody>${voteRows}</tbody></table>` : '<p class="muted">None yet.</p>'}`;
}
