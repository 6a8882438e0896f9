// Whether asking for help changes the answer. Every ticket ends by asking something ("what do I
// do?", "any ideas?"); the answer to the error above it must not depend on how the customer asks.
// The figures are kept-answers.ts's.

/** Lines of a closing-lines file: one per line, '#' starts a comment. */
export function readClosingLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The paste with each closing line added on a line of its own. */
export const withClosingLines =
  (lines: readonly string[]) =>
  (text: string): string[] =>
    lines.map((line) => `${text}\n${line}`);
