import { escapeHtml } from '../web/page.js';
import type { Reply } from './model.js';

// The reply model as HTML for Freshdesk (a public reply to the customer, or a private note for
// the agent). Everything is escaped first; knowledge **bold** and `code` become tags afterwards,
// so no pasted or stored text can add markup.

/** Knowledge text as inline HTML. One pass with code first, so `**x**` inside code stays literal. */
export function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`\n]{1,200})`|\*\*([^*\n]{1,200})\*\*/g, (_, code, bold) =>
    code !== undefined ? `<code>${code}</code>` : `<strong>${bold}</strong>`,
  );
}

/** Items are already HTML; the caller chose inlineHtml (knowledge) or escapeHtml (paste). */
const list = (tag: 'ol' | 'ul', items: readonly string[]) =>
  items.length ? `<${tag}>${items.map((s) => `<li>${s}</li>`).join('')}</${tag}>` : '';

const heading = (text: string) => `<p><strong>${text}</strong></p>`;

const safeLink = (url: string | undefined) =>
  url && /^https?:\/\/\S+$/i.test(url) ? `<p><a href="${escapeHtml(url)}">Read the full article</a></p>` : '';

/** The fix, as the customer sees it: the steps first, one line of why, what to try next; the
 *  whole meaning and the causes in a collapsed section. */
export function renderReplyHtml(reply: Reply): string {
  const answer = reply.kind === 'answer';
  const parts = [`<h3>${inlineHtml(reply.title)}</h3>`];
  if (!answer) parts.push(`<p>${inlineHtml(reply.meaning)}</p>`);
  if (reply.steps.length)
    parts.push(heading(answer ? 'How to fix it' : 'What to do'), list('ol', reply.steps.map(inlineHtml)));
  if (answer && reply.why) parts.push(`<p><em>Why:</em> ${inlineHtml(reply.why)}</p>`);
  if (reply.ifFails.length)
    parts.push(heading('If that does not work'), list('ol', reply.ifFails.map(inlineHtml)));
  if (reply.probe)
    parts.push(`<p><strong>We checked your connection:</strong> ${escapeHtml(reply.probe.sentence)}</p>`);
  parts.push(`<p>${inlineHtml(reply.escalation)}</p>`);
  if (answer)
    parts.push(
      `<details><summary>More: what it means and the likely causes</summary><p>${inlineHtml(reply.meaning)}</p>${list('ul', reply.causes.map(inlineHtml))}</details>`,
    );
  parts.push(safeLink(reply.source));
  return parts.filter(Boolean).join('\n');
}

const PASTE_MAX = 4000;

/** For the agent: what xerofix suggests, how sure it is and why, and the live check. */
export function renderAgentNoteHtml(reply: Reply, paste?: string): string {
  const confidence = `${Math.round(reply.confidence * 100)}%`;
  const parts =
    reply.kind === 'answer'
      ? [`<p><strong>xerofix suggests:</strong> ${inlineHtml(reply.title)} (confidence ${confidence})</p>`]
      : [
          `<p><strong>No knowledge entry matched</strong> (confidence ${confidence}). ${inlineHtml(reply.meaning)}</p>`,
        ];
  // A no-answer's only "step" is advice, not a fix, so it is not numbered.
  if (reply.steps.length)
    parts.push(list(reply.kind === 'answer' ? 'ol' : 'ul', reply.steps.map(inlineHtml)));
  // Evidence and facts quote the paste: escaped, never given knowledge markup.
  if (reply.evidence.length) parts.push(heading('Evidence'), list('ul', reply.evidence.map(escapeHtml)));
  if (reply.facts.length)
    parts.push(
      list(
        'ul',
        reply.facts.map((f) => escapeHtml(`${f.label}: ${f.value}`)),
      ),
    );
  if (reply.probe) {
    parts.push(
      `<p><strong>Live check:</strong> <code>${escapeHtml(reply.probe.verdict)}</code> ${escapeHtml(reply.probe.sentence)}</p>`,
    );
  }
  if (paste?.trim()) parts.push(heading('Text diagnosed'), `<pre>${escapeHtml(shorten(paste.trim()))}</pre>`);
  parts.push(safeLink(reply.source));
  return parts.filter(Boolean).join('\n');
}

/** A note has room, but not for a 100 KB paste; never cut an emoji in half. */
function shorten(text: string): string {
  if (text.length <= PASTE_MAX) return text;
  const high = text.charCodeAt(PASTE_MAX - 1);
  const cut = high >= 0xd800 && high <= 0xdbff ? PASTE_MAX - 1 : PASTE_MAX;
  return `${text.slice(0, cut)}\n… (shortened; ${text.length.toLocaleString('en')} characters in all)`;
}
