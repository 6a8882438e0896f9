// Whether what surrounds the error changes the answer. Freshdesk tickets arrive as e-mails: a
// greeting, the paste, a sign-off, a signature with a street address and phone numbers, a
// confidentiality notice, sometimes a forwarded message's headers. Customers paste a screen of
// their log around the one line that failed. None of it says what is wrong, so none of it may
// move the answer. Nor may the words an agent puts around a customer's paste when passing it on
// ("customer says: …", "From ticket #4471 — …"). A wrapping is that surround with a place for
// the paste; the figures are kept-answers.ts's.

export const PASTE_PLACEHOLDER = '{paste}';
const SEPARATOR = '%%';

/** Wrappings of a file of them (test/fixtures/email-wrappings, log-contexts, relay-framings):
 *  '#' lines at the top are comments, a line holding only '%%' separates wrappings, and each holds
 *  '{paste}' once, on a line of its own ("Hi,\n{paste}\nThanks") or inside one ("customer says:
 *  {paste}"). */
export function readWrappings(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  while (start < lines.length && (lines[start] as string).startsWith('#')) start++;
  const wrappers: string[][] = [[]];
  for (const line of lines.slice(start)) {
    if (line.trim() === SEPARATOR) wrappers.push([]);
    else wrappers.at(-1)?.push(line);
  }
  return wrappers
    .map((w) => w.join('\n').trim())
    .filter((w) => w.length > 0)
    .map((w, n) => {
      const holes = w.split(PASTE_PLACEHOLDER).length - 1;
      if (holes !== 1) throw new Error(`wrapping ${n + 1} has ${holes} '${PASTE_PLACEHOLDER}', not one`);
      return w;
    });
}

/** The paste inside each wrapper, in place of its placeholder line. */
export const withWrappings =
  (wrappers: readonly string[]) =>
  (text: string): string[] =>
    // A function replacement: a '$' in the paste must stay a '$'.
    wrappers.map((w) => w.replace(PASTE_PLACEHOLDER, () => text));
