import { ABRIDGED_SECTIONS, type Channel, leftOut, sectionsFor } from './channels.js';
import { plainInline } from './markup.js';
import type { Reply } from './model.js';
import type { ReplySection } from './sections.js';

// Plain text for a terminal or an email. Brief by default (a screenful: the meaning in one
// sentence, the fix, what next, how sure); `full` gives every section. Which sections the brief
// form leaves out is declared in channels.ts, not here.

export interface TextOptions {
  /** Everything the reply holds, not just the fix. */
  readonly full?: boolean;
  /** How to ask for the rest (a CLI flag, say), shown when not full and something was left out. */
  readonly moreHint?: string;
}

const numbered = (items: readonly string[]) =>
  items.map((s, i) => `  ${i + 1}. ${plainInline(s)}`).join('\n');
const bulleted = (items: readonly string[]) => items.map((s) => `  - ${plainInline(s)}`).join('\n');

function sectionText(section: ReplySection, reply: Reply, channel: Channel): string {
  const { heading, body } = section;
  switch (body.form) {
    case 'paragraph': {
      const abridged = section.id === 'meaning' && ABRIDGED_SECTIONS[channel]?.meaning;
      return `${heading}:\n${plainInline(abridged ? reply.why : body.text)}`;
    }
    case 'numbered':
      return `${heading}:\n${numbered(body.items)}`;
    case 'bulleted':
      return `${heading}:\n${bulleted(body.items)}`;
    case 'link':
      return `${heading}: ${body.href}`;
    // The evidence stays on one line, as the footer of the answer; the paste's details read
    // best one per line, like the headers they came from.
    case 'quoted':
      return section.id === 'evidence'
        ? `${heading}: ${[...(body.lead ? [body.lead] : []), ...body.items].join('; ')}`
        : `${heading}:\n${[...(body.lead ? [body.lead] : []), ...body.items].join('\n')}`;
    case 'verdict':
      return `${heading}: ${body.code}: ${body.sentence}`;
  }
}

export function renderText(reply: Reply, options: TextOptions = {}): string {
  const channel: Channel = options.full ? 'text' : 'text-brief';
  const title = plainInline(reply.title);
  const parts = [`${title}\n${'='.repeat(Math.min(title.length, 78))}`];
  for (const section of sectionsFor(reply, channel)) parts.push(sectionText(section, reply, channel));
  if (!options.full && options.moreHint && leftOut(reply, channel)) parts.push(options.moreHint);
  return `${parts.join('\n\n')}\n`;
}
