// A ticket usually ends by asking for help: "What do I do?", "Why is this happening?", "any
// ideas?". Such a question says nothing about what is wrong (every ticket asks it), yet it made
// a paste read as a how-to question (the not-an-error class, whose examples are questions): with
// "How do I fix this?" appended, half of the real pastes answered right were declined (measured
// under grouped cross-validation, 168 of 332 kept). Those questions are blanked before the words
// and the question mark are read; a question that names anything else ("is there a long-lived
// token?") is kept, and the model weighs it.
//
// The word list is English function words and words of asking for help, like the stemmer's
// stopwords: a property of the language, not of any article.

export const HELP_WORDS: ReadonlySet<string> = new Set(
  `a able about advice advise again all am an and any anybody anyone anything appreciated are around
  assist be been before behavior behaviour best can can't cannot cause causing chance check could
  did direction do does doesn't doing don't done else end error expected explain fix fixed fixing
  for from get go going greatly guidance happen happened happening happens has have help here how
  how's i i'd i'm i've idea ideas in into is isn't issue it it's its keep keeps know known let look
  me mean meaning means message mine my need next now of on options or our out past please pls plz
  point possible possibly problem proceed reason resolve right seen share should side so solve
  somebody someone something soon sort suggestion suggestions supposed take talk tell thank thanks
  that the then there these thing this those thoughts to troubleshoot u understand up update us
  wait was wat way we what what's whats when where which who why will with work workaround working
  worried would wrong you your yours`.split(/\s+/),
);

/** Words a help request may start with when it follows a comma or a dash ("getting a 401, what do I do?"). */
const ASKING = new Set(
  "any anybody anyone can could do does fix how is should someone somebody what whats what's where who why would help".split(
    ' ',
  ),
);

/** Letters, apostrophes, commas and spaces only, every word a help word. */
function isHelpRequest(clause: string, mustAsk: boolean): boolean {
  if (!/^[a-z', \t]*$/.test(clause)) return false;
  const words = clause.split(/[ ,\t]+/).filter(Boolean);
  if (!words.length || !words.every((w) => HELP_WORDS.has(w))) return false;
  return !mustAsk || ASKING.has(words[0] as string);
}

const endsStatement = (c: string) => c === '.' || c === '!' || c === '\n';

const ENDS_SENTENCE = new Set(['.', '!', '\n', ':', ';', '"', '}', ']', ')']);

/** The lower-cased paste with its help-request questions blanked (spaces of the same length, so
 *  nothing else moves). One pass: each character is looked at a bounded number of times. */
export function withoutHelpRequests(lower: string): string {
  let out = '';
  let copied = 0;
  let sentence = 0;
  let clause = 0;
  const blank = (from: number, to: number) => {
    out += lower.slice(copied, from) + ' '.repeat(to - from);
    copied = to;
  };
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string;
    if (ENDS_SENTENCE.has(c)) {
      // "…wrong tenant id, how to resolve." asks without a question mark.
      if (endsStatement(c) && clause > sentence && isHelpRequest(lower.slice(clause, i).trim(), true))
        blank(clause, i);
      sentence = clause = i + 1;
      continue;
    }
    // A comma, or a dash between spaces ("… on every push - what do I do?"), starts a clause.
    if (
      c === ',' ||
      ((c === '-' || c === '–' || c === '—') && lower[i - 1] === ' ' && lower[i + 1] === ' ')
    ) {
      clause = i + 1;
      continue;
    }
    if (c !== '?') continue;
    // "why??", "what now?!": the run of marks ends the question together.
    let end = i + 1;
    while (lower[end] === '?' || lower[end] === '!') end++;
    const next = lower[end];
    // A question mark inside an address (authorize?client_id=) ends nothing. The run is not read
    // again from its next mark: "???…?x" stays one pass.
    if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') {
      i = end - 1;
      continue;
    }
    if (isHelpRequest(lower.slice(sentence, i).trim(), false)) blank(sentence, end);
    else if (clause > sentence && isHelpRequest(lower.slice(clause, i).trim(), true)) blank(clause, end);
    sentence = clause = end;
    i = end - 1;
  }
  if (clause > sentence && isHelpRequest(lower.slice(clause).trim(), true)) blank(clause, lower.length);
  return copied ? out + lower.slice(copied) : lower;
}

/** How much of the paste (its letters and digits) lies in sentences that end with a question
 *  mark, 0..1. A how-to question is all question; an error paste that ends by asking something
 *  is mostly not. As a feature value this kept the model's reading of how-to questions (the
 *  cross-validated figure did not move) while a closing question that names something ("any
 *  suggestions on how to proceed?") no longer outweighs the error above it. */
export function questionShare(lower: string): number {
  let start = 0;
  let asked = 0;
  let all = 0;
  for (let i = 0; i <= lower.length; i++) {
    const c = lower[i];
    if (i < lower.length && c !== '.' && c !== '!' && c !== '\n' && c !== '?') continue;
    let n = 0;
    for (let j = start; j < i; j++) {
      const code = lower.charCodeAt(j);
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) n++;
    }
    all += n;
    const next = lower[i + 1];
    if (c === '?' && (next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r'))
      asked += n;
    start = i + 1;
  }
  return all ? asked / all : 0;
}
