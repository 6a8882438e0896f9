// Slack treats &, < and > as control characters: "<!channel>" pings a channel and
// "<https://x|y>" is a disguised link. Everything pasted or read from the knowledge base goes
// through escapeMrkdwn; only our own link syntax is added afterwards.

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens to at most `max` characters with a visible note. The cut never splits a surrogate
 * pair (half an emoji is an invalid string Slack rejects) nor an entity such as `&amp;`, since
 * clip usually runs on text that is already escaped. `total` is the length to report when the
 * text was transformed (escaped, say) from a longer or shorter original.
 */
export function clip(text: string, max: number, total = text.length): string {
  if (text.length <= max) return text;
  const note = `… (shortened; ${total.toLocaleString('en')} characters in all)`;
  let cut = Math.max(0, max - note.length);
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && cut - amp < 6 && !text.slice(amp, cut).includes(';')) cut = amp;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}${note}`.slice(0, max);
}

/**
 * Knowledge text marks **bold** and `code`; Slack spells bold with single asterisks. One pass
 * with code first, so asterisks inside a code span stay literal.
 */
export function knowledgeToMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/(`[^`\n]{1,200}`)|\*\*([^*\n]{1,200})\*\*/g, (_, code, bold) =>
    code ? code : `*${bold}*`,
  );
}

/** A paste shown as a code block: backticks are swapped for a look-alike so it cannot close the block. */
export function codeBlock(paste: string, max: number): string {
  const trimmed = paste.trim();
  const body = escapeMrkdwn(trimmed).replace(/`/g, 'ˋ');
  // Six backticks around the body, and room for Slack's newline handling.
  return `\`\`\`${clip(body, max - 8, trimmed.length)}\`\`\``;
}
