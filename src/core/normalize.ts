// Undoes what chat tools, log formatters, terminals and languages do to an error payload on
// its way from Xero to a support ticket, so one parser can read them all. Every step is a
// single linear pass: pastes are untrusted and may be huge, so no regex here may backtrack.

/** The most a paste is read; anything longer is cut here (callers warn the user). */
export const MAX_PASTE_CHARS = 64 * 1024;

const NAMED_ENTITIES: Record<string, string> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  nbsp: ' ',
  ldquo: '"',
  rdquo: '"',
  lsquo: "'",
  rsquo: "'",
};

function decodeEntitiesOnce(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, code: string) => {
    if (code[0] !== '#') return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
    const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
    return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
  });
}

/** HTML-escaped text, possibly escaped twice (`&amp;quot;`). */
export function decodeEntities(text: string): string {
  const once = decodeEntitiesOnce(text);
  return once.includes('&') ? decodeEntitiesOnce(once) : once;
}

/** Curly, prime and full-width quotes become plain ones (the seed article's title uses them). */
export function straightenQuotes(text: string): string {
  return text
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\uFF02]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'");
}

const UNESCAPED: Record<string, string> = {
  '"': '"',
  "'": "'",
  '/': '/',
  n: ' ',
  r: ' ',
  t: ' ',
  u0022: '"',
  u0027: "'",
};

/** JSON that was escaped into a string once or more: `\"Title\"`, `\\\"Title\\\"`, `\u0022`. */
export function unescapeJson(text: string): string {
  // One match per run of backslashes, decided by what follows it: a pattern that retried each
  // shorter run would be quadratic on a paste of nothing but backslashes.
  return text.replace(/\\+(u0022|u0027|["'/nrt])?/gi, (run, next?: string) =>
    next === undefined ? run : (UNESCAPED[next.toLowerCase()] ?? run),
  );
}

/** Slack and Markdown formatting: code fences, inline backticks, `<url|label>` links. */
export function stripChatFormatting(text: string): string {
  return text
    .replace(/```[a-z]{0,12}/gi, ' ')
    .replace(/`/g, ' ')
    .replace(/<(https?:\/\/[^|>\s]{1,2000})(?:\|[^>]{0,500})?>/g, '$1');
}

/** Ruby's `"Title"=>"x"` and `nil`, Python's `None`, become JSON's spelling. */
export function unifyLanguageSyntax(text: string): string {
  return text.replace(/\s?=>\s?/g, ':').replace(/\b(?:nil|None)\b/g, 'null');
}

const KEPT_ATTRIBUTES = ['href', 'src', 'action', 'xmlns(?::[\\w-]{1,40})?'].map(
  (attr) => new RegExp(`\\b${attr}\\s?=\\s?["']([^"'<>\\s]{1,500})`, 'i'),
);

/** Tags of an HTML error page become line breaks so their text reads like the page. What a tag
 *  says about who answered is kept: link targets, XML namespaces and XML element names
 *  (`<IntuitResponse xmlns="http://schema.intuit.com/…">`), and the class in Python's
 *  `<class 'google.auth.exceptions.RefreshError'>`. Each tag is at most 500 characters, so the
 *  look-ups inside it stay linear. */
export function stripTags(text: string): string {
  if (!/<\/?[a-z][^<>]{0,200}>/i.test(text)) return text;
  return text.replace(/<\/?[a-z][^<>]{0,500}>/gi, (tag) => {
    // "<orders@shop.example.com>" in a mail log, "<https://…>" in an e-mail: an address, not a
    // tag. It stays where it is (it may say whose error it is) and the line stays one line.
    if (!/\s/.test(tag) && (tag.includes('@') || tag.includes('://'))) return ` ${tag.slice(1, -1)} `;
    const kept: string[] = [];
    const name = /^<\/?([a-z][\w:.-]{0,100})/i.exec(tag)?.[1] ?? '';
    if (name === 'class') kept.push(/'([^']{1,200})'/.exec(tag)?.[1] ?? '');
    else if (!tag.startsWith('</') && /[A-Z:]/.test(name)) kept.push(name);
    for (const attribute of KEPT_ATTRIBUTES) {
      const value = attribute.exec(tag)?.[1];
      if (value) kept.push(value);
    }
    const words = kept.filter(Boolean).join(' ');
    return words ? `\n${words}\n` : '\n';
  });
}

export interface NormalizedText {
  readonly text: string;
  readonly truncated: boolean;
}

export function normalizePaste(input: string): NormalizedText {
  const truncated = input.length > MAX_PASTE_CHARS;
  let text = truncated ? input.slice(0, MAX_PASTE_CHARS) : input;
  // Order matters: entities can hide quotes and tags; chat formatting wraps everything.
  text = stripChatFormatting(text);
  text = decodeEntities(text);
  text = stripTags(text);
  text = straightenQuotes(text);
  text = unescapeJson(text);
  text = unifyLanguageSyntax(text);
  return { text, truncated };
}
