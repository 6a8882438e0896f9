import { parseInline } from '../reply/markup.js';
import { truncate } from '../reply/truncate.js';

// Slack treats &, < and > as control characters: "<!channel>" pings a channel and
// "<https://x|y>" is a disguised link. Everything pasted or read from the knowledge base goes
// through escapeMrkdwn; only our own link syntax is added afterwards.

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens to at most `max` characters with a visible note, through the one truncator. Slack
 * text is usually escaped already, so the cut never splits an entity such as `&amp;`. `total`
 * is the length to report when the text was transformed from a longer or shorter original.
 */
export function clip(text: string, max: number, total = text.length): string {
  return truncate(text, max, { total, keepEntities: true });
}

/**
 * Knowledge markup as mrkdwn: Slack spells bold with single asterisks and links as <url|label>.
 * Each piece is escaped on its own, so markup cannot smuggle in control characters.
 */
export function knowledgeToMrkdwn(text: string): string {
  return parseInline(text)
    .map((p) => {
      const t = escapeMrkdwn(p.text);
      if (p.kind === 'bold') return `*${t}*`;
      // A backtick inside would end the span early; code spans never hold one.
      if (p.kind === 'code') return `\`${t}\``;
      // The parser only accepts a URL with no `|`, `<`, `>` or space, so it cannot rename or end the link.
      if (p.kind === 'link') return `<${escapeMrkdwn(p.href)}|${t}>`;
      return t;
    })
    .join('');
}

/** A paste shown as a code block: backticks are swapped for a look-alike so it cannot close the block. */
export function codeBlock(paste: string, max: number): string {
  const trimmed = paste.trim();
  const body = escapeMrkdwn(trimmed).replace(/`/g, 'ˋ');
  // Six backticks around the body, and room for Slack's newline handling.
  return `\`\`\`${clip(body, max - 8, trimmed.length)}\`\`\``;
}
