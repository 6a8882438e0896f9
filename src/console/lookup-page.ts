import type { Answer } from '../answer/desk.js';
import { renderAgentNoteHtml, renderReplyHtml } from '../reply/render-html.js';
import { escapeHtml } from '../web/page.js';

// /lookup: paste an error, see what xerofix makes of it — the same renderers Freshdesk uses.

export const MAX_PASTE = 64 * 1024;

export function lookupForm(csrf: string, customers: readonly string[], paste = '', error = ''): string {
  const options = customers.map((c) => `<option value="${escapeHtml(c)}">${escapeHtml(c)}</option>`).join('');
  return `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/lookup"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<p><label for="paste">Pasted error</label><br><textarea id="paste" name="paste" required>${escapeHtml(paste)}</textarea></p>
<p><label for="customer">Probe a customer's connection too (optional)</label>
<select id="customer" name="customer"><option value="">— none —</option>${options}</select></p>
<p><button type="submit">Diagnose</button></p></form>`;
}

export function answerHtml(answer: Answer): string {
  return `<div class="card"><h2>For the agent</h2>${renderAgentNoteHtml(answer.reply)}</div>
<div class="card"><h2>What the customer would get</h2>${answer.reply.kind === 'answer' ? renderReplyHtml(answer.reply) : '<p class="muted">Nothing: no entry matched, so nothing would be sent.</p>'}</div>`;
}
