// A deliberately small English stemmer: enough that "dropping", "dropped" and "drops" meet
// at "drop", and "authorise"/"authorize"/"authorisation" at "authoris". Precision matters
// less than being predictable, because phrases and pastes go through the same function.

const STOPWORDS = new Set(
  'a an and are as at be been but by can could did do does for from has have i if in into is it its me my no not of on or our so that the their them then there this to us was we were what when which will with you your just now also get got any all after before since again please hi hello thanks help'.split(
    ' ',
  ),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

function undouble(w: string): string {
  const n = w.length;
  return n > 3 && w[n - 1] === w[n - 2] && !'lsz'.includes(w[n - 1] ?? '') ? w.slice(0, -1) : w;
}

// Pastes repeat words, and every stage stems them: remembered per word, with a bound so a paste
// of a million distinct words cannot grow it without limit.
const remembered = new Map<string, string>();
const REMEMBER_AT_MOST = 50_000;

export function stem(input: string): string {
  const known = remembered.get(input);
  if (known !== undefined) return known;
  const out = stemWord(input);
  if (remembered.size >= REMEMBER_AT_MOST) remembered.clear();
  remembered.set(input, out);
  return out;
}

function stemWord(input: string): string {
  let w = input.replace(/iz/g, 'is');
  if (w.length <= 3) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ations')) w = w.slice(0, -6);
  else if (w.endsWith('ation')) w = w.slice(0, -5);
  else if (w.endsWith('ions')) w = w.slice(0, -4);
  else if (w.endsWith('ion') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (/(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  return w;
}

/** Token -> its content stem, or null for a token that has none (a stopword, an id). Every
 *  stage asks this of the same tokens (phrases, features, evidence), so it is remembered like
 *  the stems, within the same bound. */
const contentOf = new Map<string, string | null>();

/** The content stem of one token: hyphens dropped ("re-authorise" = "reauthorise"); undefined
 *  for stopwords and for numbers other than HTTP-status-like ones ("error 500"; not ids, ports
 *  or dates). */
export function contentStem(token: string): string | undefined {
  let known = contentOf.get(token);
  if (known === undefined) {
    const word = token.includes('-') ? token.replace(/-/g, '') : token;
    known =
      word.length < 2 || isStopword(word) || (/^\d+$/.test(word) && !/^[45]\d\d$/.test(word))
        ? null
        : stem(word);
    if (contentOf.size >= REMEMBER_AT_MOST) contentOf.clear();
    contentOf.set(token, known);
  }
  return known ?? undefined;
}

/** Content stems of a text, in order (see contentStem). */
export function contentStems(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const s = contentStem(token);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** Every word's stem, stopwords kept: for phrases whose small words carry the meaning
 *  ("not connected", "connect again"), which without them would be just "connect". */
export function phraseStems(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const word = token.includes('-') ? token.replace(/-/g, '') : token;
    if (word) out.push(stem(word));
  }
  return out;
}
