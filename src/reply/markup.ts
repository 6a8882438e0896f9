// The one reader of the inline markup knowledge text may carry: **bold**, `code` and
// [label](https://link). Each renderer turns the pieces into its own syntax (HTML tags, Slack
// mrkdwn, plain words), escaping every piece's text itself, so no markup can smuggle in more.
//
// Knowledge comes from imports and syncs as well as from people, so the scan must stay linear
// whatever it is given (64 KB of backticks, a thousand unclosed `**`): every search for a closing
// marker is answered from a per-marker cursor that only moves forward.

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bold'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

/** Longer spans are taken literally: a stray marker must not swallow a paragraph. */
const MAX_SPAN = 200;
const MAX_HREF = 2000;
/** A link target we are willing to render: http(s), and nothing that could end or rename it. */
export const SAFE_URL = /^https?:\/\/[^\s<>|]+$/i;

/** Finds the next occurrence of a marker at or after a position, never rescanning text. */
function finder(text: string): (marker: string, from: number) => number {
  const found = new Map<string, { from: number; at: number }>();
  return (marker, from) => {
    const last = found.get(marker);
    // The first occurrence after an earlier start is also the first after any start up to it.
    if (last && last.from <= from && last.at >= from) return last.at;
    const at = text.indexOf(marker, from);
    const result = { from, at: at < 0 ? Number.POSITIVE_INFINITY : at };
    found.set(marker, result);
    return result.at;
  };
}

/** A span's content qualifies: not empty, not too long, on one line. */
function spanOk(next: (m: string, f: number) => number, start: number, end: number): boolean {
  return end > start && end - start <= MAX_SPAN && next('\n', start) > end;
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const next = finder(text);
  let plainFrom = 0;
  let i = 0;
  const flush = () => {
    if (i > plainFrom) out.push({ kind: 'text', text: text.slice(plainFrom, i) });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '`') {
      const close = next('`', i + 1);
      if (spanOk(next, i + 1, close)) {
        flush();
        out.push({ kind: 'code', text: text.slice(i + 1, close) });
        i = plainFrom = close + 1;
        continue;
      }
    } else if (c === '*' && text[i + 1] === '*') {
      const close = next('**', i + 2);
      // No lone `*` inside: `**a*b**` is more likely a typo than bold.
      if (spanOk(next, i + 2, close) && next('*', i + 2) === close) {
        flush();
        out.push({ kind: 'bold', text: text.slice(i + 2, close) });
        i = plainFrom = close + 2;
        continue;
      }
    } else if (c === '[') {
      const link = linkAt(text, i, next);
      if (link) {
        flush();
        out.push(link.inline);
        i = plainFrom = link.end;
        continue;
      }
    }
    i += 1;
  }
  flush();
  return out;
}

function linkAt(
  text: string,
  i: number,
  next: (m: string, f: number) => number,
): { inline: Inline; end: number } | undefined {
  const closeLabel = next(']', i + 1);
  if (!spanOk(next, i + 1, closeLabel) || text[closeLabel + 1] !== '(') return undefined;
  if (next('[', i + 1) < closeLabel) return undefined;
  const closeHref = next(')', closeLabel + 2);
  if (closeHref - closeLabel - 2 > MAX_HREF) return undefined;
  const href = text.slice(closeLabel + 2, closeHref);
  if (!SAFE_URL.test(href)) return undefined;
  return { inline: { kind: 'link', text: text.slice(i + 1, closeLabel), href }, end: closeHref + 1 };
}

/** The words alone, for plain text: markers dropped, a link's address after its label. */
export function plainInline(text: string): string {
  return parseInline(text)
    .map((p) => (p.kind === 'link' ? `${p.text} (${p.href})` : p.text))
    .join('');
}
