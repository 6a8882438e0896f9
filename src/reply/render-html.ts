import { type Channel, sectionsFor } from './channels.js';
import { escapeHtml } from './escape-html.js';
import { parseInline } from './markup.js';
import type { Reply } from './model.js';
import type { ReplySection } from './sections.js';
import { truncate } from './truncate.js';
import { NOTE_NO_MATCH, NOTE_SUGGESTS, PASTE_HEADING_AGENT } from './wording.js';

// The reply model as HTML: the public Freshdesk reply, the agent's private note, and the
// console's pages. Every piece of text is escaped first; the knowledge's markup becomes tags
// only through the shared parser, so no pasted or stored text can add markup of its own.

/** Knowledge text as inline HTML. */
export function inlineHtml(text: string): string {
  return parseInline(text)
    .map((p) => {
      const t = escapeHtml(p.text);
      if (p.kind === 'bold') return `<strong>${t}</strong>`;
      if (p.kind === 'code') return `<code>${t}</code>`;
      if (p.kind === 'link') return `<a href="${escapeHtml(p.href)}">${t}</a>`;
      return t;
    })
    .join('');
}

/** Items are already HTML: knowledge went through inlineHtml, paste text through escapeHtml. */
const list = (tag: 'ol' | 'ul', items: readonly string[]) =>
  `<${tag}>${items.map((s) => `<li>${s}</li>`).join('')}</${tag}>`;

const heading = (text: string) => `<p><strong>${escapeHtml(text)}</strong></p>`;

/** One section: a heading over its body, or a run-in heading for a one-line section. */
export function sectionHtml({ heading: h, body }: ReplySection): string {
  switch (body.form) {
    case 'paragraph':
      return `${heading(h)}\n<p>${inlineHtml(body.text)}</p>`;
    case 'numbered':
      return `${heading(h)}\n${list('ol', body.items.map(inlineHtml))}`;
    case 'bulleted':
      return `${heading(h)}\n${list('ul', body.items.map(inlineHtml))}`;
    case 'link':
      return `<p><strong>${escapeHtml(h)}:</strong> <a href="${escapeHtml(body.href)}">${escapeHtml(body.label)}</a></p>`;
    case 'quoted':
      return [
        heading(h),
        ...(body.lead ? [`<p>${escapeHtml(body.lead)}</p>`] : []),
        list('ul', body.items.map(escapeHtml)),
      ].join('\n');
    case 'verdict':
      return `<p><strong>${escapeHtml(h)}:</strong> <code>${escapeHtml(body.code)}</code> ${escapeHtml(body.sentence)}</p>`;
  }
}

/** The sections a channel shows, as HTML, in the one order. */
export function sectionsHtml(reply: Reply, channel: Channel): string {
  return sectionsFor(reply, channel).map(sectionHtml).join('\n');
}

/** The answer as the customer gets it: the title, then every section meant for a customer. */
export function renderReplyHtml(reply: Reply): string {
  return [`<h3>${inlineHtml(reply.title)}</h3>`, sectionsHtml(reply, 'freshdesk-reply')].join('\n');
}

const PASTE_MAX = 4000;

/** For the agent: what xerofix suggests, every section including how it decided, and the paste. */
export function renderAgentNoteHtml(reply: Reply, paste?: string): string {
  const lead =
    reply.kind === 'answer'
      ? `<p><strong>${escapeHtml(NOTE_SUGGESTS)}</strong> ${inlineHtml(reply.title)}</p>`
      : `<p><strong>${inlineHtml(reply.title)}</strong>: ${escapeHtml(NOTE_NO_MATCH)}</p>`;
  const parts = [lead, sectionsHtml(reply, 'freshdesk-note')];
  // A note has room, but not for a 100 KB paste.
  if (paste?.trim())
    parts.push(heading(PASTE_HEADING_AGENT), `<pre>${escapeHtml(truncate(paste.trim(), PASTE_MAX))}</pre>`);
  return parts.filter(Boolean).join('\n');
}
