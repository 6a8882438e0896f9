// An agent passing a paste on often says what the customer sees in Xero before the paste itself
// ("Shop owner says nothing has reached Xero since Monday. They pasted:"). That line names Xero
// because the desk serves a Xero integration, not because the error is Xero's: when the pasted
// text below it names another service and never Xero, the paste is that service's error.

/** A line that hands over what follows: prose of a few words ending in a colon (no payload). */
const MIN_INTRO_WORDS = 3;

function introduces(line: string): boolean {
  const t = line.trim();
  if (!t.endsWith(':') || /[{}"=<>]/.test(t)) return false;
  return t.split(/\s+/).length >= MIN_INTRO_WORDS;
}

/** How far down the paste the handing-over line may come (a greeting or a line of context first). */
const MAX_INTRO_LINES = 3;

/**
 * What follows the line that hands the paste over ("…They pasted:"), when that line comes
 * within its first few lines and something follows; undefined otherwise.
 * @param lower the paste's normalised text in lower case (Signals.text)
 */
export function afterIntroduction(lower: string): string | undefined {
  const lines = lower.split('\n', 64);
  let seen = 0;
  for (let at = 0; at < lines.length && seen < MAX_INTRO_LINES; at++) {
    const line = lines[at] as string;
    if (line.trim() === '') continue;
    seen++;
    if (!introduces(line)) continue;
    const cut = lines.slice(0, at + 1).join('\n').length + 1;
    const body = lower.slice(cut);
    return body.trim() === '' ? undefined : body;
  }
  return undefined;
}
