import type { Answer } from '../answer/desk.js';
import { escapeHtml } from '../reply/escape-html.js';
import type { Reply } from '../reply/model.js';
import { inlineHtml, renderReplyHtml, sectionsHtml } from '../reply/render-html.js';
import {
  LOOKUP_ANSWER_HEADING,
  LOOKUP_DECISION_HEADING,
  LOOKUP_NO_ANSWER,
  LOOKUP_NO_ANSWER_HEADING,
  lookupVerdict,
} from '../reply/wording.js';
import { LOOKUP_PAGE as SAY } from '../reply/wording-console.js';

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
<p><label for="paste">${SAY.pasteLabel}</label><br><textarea id="paste" name="paste" required>${escapeHtml(paste)}</textarea></p>
<p><label for="customer">${escapeHtml(SAY.customerLabel)}</label>
<select id="customer" name="customer"><option value="">${SAY.noCustomer}</option>${options}</select></p>
<p><button type="submit">${SAY.submit}</button></p></form>`;
}

/** Facts the evidence already states ("HTTP status 401" and "Status: 401") are shown once. */
function factsNotInEvidence(reply: Reply): Reply['facts'] {
  const said = reply.evidence.join('\n');
  return reply.facts.filter((f) => !f.value.split(', ').every((v) => said.includes(v)));
}

function decision(reply: Reply): string {
  // Plain words for how sure it is; the number is in the evidence, and a no-answer has none.
  const verdict =
    reply.kind === 'answer'
      ? `<p>${escapeHtml(lookupVerdict(reply.confidence))} <strong>${inlineHtml(reply.title)}</strong>.</p>`
      : `<p>${escapeHtml(LOOKUP_NO_ANSWER)}</p>`;
  const how = sectionsHtml({ ...reply, facts: factsNotInEvidence(reply) }, 'console-decision');
  return `<div class="card"><h2>${escapeHtml(LOOKUP_DECISION_HEADING)}</h2>${verdict}${how}</div>`;
}

export function answerHtml(answer: Pick<Answer, 'reply'>): string {
  const { reply } = answer;
  const heading = reply.kind === 'answer' ? LOOKUP_ANSWER_HEADING : LOOKUP_NO_ANSWER_HEADING;
  return `<div class="card" id="answer"><h2>${escapeHtml(heading)}</h2>${renderReplyHtml(reply)}</div>${decision(reply)}`;
}
