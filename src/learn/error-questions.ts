// Questions that name an error ("How do I fix 401 Unauthorized?", "what does invalid_grant
// mean"): what agents type when they look something up, and what customers ask. A question about
// an error is a report of it and must get the error's answer, while a how-to question that names
// no error is still declined. Not real pastes, so not part of the accuracy figure: they are judged
// by the model fitted on every real paste, as shipped.

/** A label meaning "xero-fix must not answer this": a how-to question, or another error. */
export const DECLINE = 'decline';

export interface ErrorQuestion {
  readonly label: string;
  readonly text: string;
  /** 1-based line in its file. */
  readonly line: number;
}

/** Lines of `label<TAB>question`; '#' starts a comment line. */
export function readErrorQuestions(text: string): ErrorQuestion[] {
  const items: ErrorQuestion[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    const tab = raw.indexOf('\t');
    const label = raw.slice(0, tab).trim();
    const question = raw.slice(tab + 1).trim();
    if (tab < 0 || !label || !question) throw new Error(`line ${n + 1}: expected "label<TAB>question"`);
    items.push({ label, text: question, line: n + 1 });
  });
  return items;
}
