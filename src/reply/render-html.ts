import { escapeHtml } from '../web/page.js';
import type { Reply } from './model.js';

// The reply model as HTML for Freshdesk (a public reply to the customer, or a private note for
// the agent) and the web console. Everything is escaped first; knowledge **bold** and `code`
// become tags afterwards, so no pasted or stored text can add markup.

export function inlineHtml(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*\n]{1,200})\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`\n]{1,200})`/g, '<code>$1</code>');
}

const list = (tag: 'ol' | 'ul', items: readonly string[]) =>
  items.length ? `<${tag}>${items.map((s) => `<li>${inlineHtml(s)}</li>`).join('')}</${tag}>` : '';

const safeLink = (url: string | undefined) =>
  url && /^https?:\/\//i.test(url) ? `<p><a href="${escapeHtml(url)}">Read the full article</a></p>` : '';

/** The fix, as the customer sees it. */
export function renderReplyHtml(reply: Reply): string {
  const parts = [`<h3>${inlineHtml(reply.title)}</h3>`, `<p>${inlineHtml(reply.meaning)}</p>`];
  if (reply.causes.length) parts.push('<p><strong>Likely cause</strong></p>', list('ul', reply.causes));
  if (reply.steps.length) parts.push('<p><strong>How to fix it</strong></p>', list('ol', reply.steps));
  if (reply.ifFails.length)
    parts.push('<p><strong>If that does not work</strong></p>', list('ol', reply.ifFails));
  if (reply.probe)
    parts.push(`<p><strong>We checked your connection:</strong> ${inlineHtml(reply.probe.sentence)}</p>`);
  parts.push(`<p>${inlineHtml(reply.escalation)}</p>`, safeLink(reply.source));
  return parts.filter(Boolean).join('\n');
}

/** For the agent: what xerofix suggests, how sure it is and why, and the live check. */
export function renderAgentNoteHtml(reply: Reply, paste?: string): string {
  const confidence = `${Math.round(reply.confidence * 100)}%`;
  const parts =
    reply.kind === 'answer'
      ? [`<p><strong>xerofix suggests:</strong> ${inlineHtml(reply.title)} (confidence ${confidence})</p>`]
      : [
          `<p><strong>No knowledge entry matched</strong> (confidence ${confidence}). ${inlineHtml(reply.meaning)}</p>`,
        ];
  if (reply.kind === 'answer' && reply.steps.length) parts.push(list('ol', reply.steps));
  if (reply.kind !== 'answer' && reply.steps.length) parts.push(list('ul', reply.steps));
  if (reply.evidence.length) parts.push('<p><strong>Evidence</strong></p>', list('ul', reply.evidence));
  if (reply.facts.length) {
    parts.push(
      list(
        'ul',
        reply.facts.map((f) => `${f.label}: ${f.value}`),
      ),
    );
  }
  if (reply.probe) {
    parts.push(
      `<p><strong>Live check:</strong> <code>${escapeHtml(reply.probe.verdict)}</code> ${inlineHtml(reply.probe.sentence)}</p>`,
    );
  }
  if (paste?.trim())
    parts.push(`<p><strong>Text diagnosed</strong></p><pre>${escapeHtml(paste.trim().slice(0, 4000))}</pre>`);
  parts.push(safeLink(reply.source));
  return parts.filter(Boolean).join('\n');
}
