import type { Answer } from '../answer/desk.js';
import type { Reply } from '../reply/model.js';
import { inlineHtml, renderReplyHtml } from '../reply/render-html.js';
import { escapeHtml } from '../web/page.js';

// /lookup: paste an error, see what xerofix makes of it. The paste box stays on top (with the
// paste still in it, to edit and try again); below it the answer, rendered as Freshdesk would
// send it, then once how xerofix decided: the evidence, and only the facts it does not repeat.

export const MAX_PASTE = 64 * 1024;

export function lookupForm(
  csrf: string,
  customers: readonly string[],
  paste = '',
  error = '',
  customer = '',
): string {
  const options = customers
    .map(
      (c) => `<option value="${escapeHtml(c)}"${c === customer ? ' selected' : ''}>${escapeHtml(c)}</option>`,
    )
    .join('');
  return `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/lookup"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<p><label for="paste">Pasted error</label><br><textarea id="paste" name="paste" required>${escapeHtml(paste)}</textarea></p>
<p><label for="customer">Probe a customer's connection too (optional)</label>
<select id="customer" name="customer"><option value="">— none —</option>${options}</select></p>
<p><button type="submit">Diagnose</button></p></form>`;
}

const sure = (confidence: number) =>
  confidence >= 0.9 ? 'very sure' : confidence >= 0.7 ? 'fairly sure' : 'not very sure';

/** Facts the evidence already states ("HTTP status 401" and "Status: 401") are shown once. */
function factsNotInEvidence(reply: Reply): string[] {
  const said = reply.evidence.join('\n');
  return reply.facts
    .filter((f) => !f.value.split(', ').every((v) => said.includes(v)))
    .map((f) => `${f.label}: ${f.value}`);
}

function decision(reply: Reply): string {
  // Plain words for how sure it is; a no-answer never shows a score or a threshold.
  const verdict =
    reply.kind === 'answer'
      ? `<p>xerofix is ${sure(reply.confidence)} (${Math.round(reply.confidence * 100)}%) this is <strong>${inlineHtml(reply.title)}</strong>.</p>`
      : '<p>No knowledge entry answers this, so nothing would be sent to a customer automatically.</p>';
  const evidence = reply.evidence.length
    ? `<p><strong>What it went by</strong></p><ul>${reply.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`
    : '';
  const facts = factsNotInEvidence(reply);
  const more = facts.length
    ? `<p><strong>Also in the paste</strong></p><ul>${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`
    : '';
  return `<div class="card"><h2>How xerofix decided</h2>${verdict}${evidence}${more}</div>`;
}

export function answerHtml(answer: Answer): string {
  const { reply } = answer;
  const heading = reply.kind === 'answer' ? 'What the customer would get' : 'What to do';
  return `<div class="card" id="answer"><h2>${heading}</h2>${renderReplyHtml(reply)}</div>${decision(reply)}`;
}
