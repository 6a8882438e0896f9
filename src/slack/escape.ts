// Slack treats &, < and > as control characters: "<!channel>" pings a channel and
// "<https://x|y>" is a disguised link. Everything pasted or read from the knowledge base goes
// through escapeMrkdwn; only our own link syntax is added afterwards.

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens to at most `max` characters with a visible note, never splitting a surrogate pair
 * (an emoji cut in half is an invalid string Slack rejects).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `… (shortened; ${text.length.toLocaleString('en')} characters in all)`;
  let cut = Math.max(0, max - note.length);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}${note}`.slice(0, max);
}

/** Knowledge text marks **bold** and `code`; Slack spells bold with single asterisks. */
export function knowledgeToMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/\*\*([^*\n]{1,200})\*\*/g, '*$1*');
}

/** A paste shown as a code block: backticks are swapped for a look-alike so it cannot close the block. */
export function codeBlock(paste: string, max: number): string {
  const body = clip(escapeMrkdwn(paste.trim()).replace(/`/g, 'ˋ'), max - 8);
  return `\`\`\`${body}\`\`\``;
}
