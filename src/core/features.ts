import { questionShare } from './questions.js';
import { contentStems, phraseStems } from './stem.js';
import type { Signals } from './types.js';

// What the learned model reads of a paste: the precise signals (status, Title, Detail, OAuth
// code, error type, host, endpoint, named provider) as categorical features, and the words of
// the paste as stems, stem pairs and letter runs of long identifiers. Every feature is a short
// string; the model keeps a weight per feature and class. Linear in the paste's length: the
// word stage reads at most MAX_WORDS tokens.

/** Feature name -> value. Values are 1 for signals; word features share a length-normalised value. */
export type FeatureVector = Map<string, number>;

const MAX_WORDS = 400;
const MAX_LIST = 6;
/** Letter n-grams are taken only from long identifier-like tokens, where mangling and truncation
 *  bite: snake_case or kebab-case ones, and run-together words as long as "tokenexpired". Ordinary
 *  words ("regenerated", "developer") would only add noise that looks like evidence (measured). */
const NGRAM = 5;
const NGRAM_MIN_TOKEN = 9;
const NGRAM_MIN_PLAIN_TOKEN = 12;
/** Letter runs are taken from at most this many distinct long tokens (a stack trace has hundreds). */
const MAX_NGRAM_TOKENS = 24;
/** A vocabulary concept counts like half a signal: it is a word, but a deliberate one. */
const CONCEPT_VALUE = 0.5;

const take = <T>(xs: readonly T[]) => xs.slice(0, MAX_LIST);

/** "identity.xero.com" -> "xero.com": the registrable part, good enough for provider hosts. */
function domainOf(host: string): string {
  const parts = host.split('.');
  return parts.length > 2 ? parts.slice(-2).join('.') : host;
}

/** "identity.xero.com/connect/token?x" -> "connect/token"; ids and numbers dropped. */
function pathOf(endpoint: string): string {
  const slash = endpoint.indexOf('/');
  if (slash < 0) return '';
  return endpoint
    .slice(slash + 1)
    .toLowerCase()
    .split('/')
    .filter((seg) => seg && /^[a-z][a-z._-]{1,30}$/.test(seg))
    .slice(0, 3)
    .join('/');
}

/** Whose error the paste says it is: Xero's, another service's, both, or nobody's in particular. */
export type PasteContext = 'xero' | 'other' | 'both' | 'none';

/** Xero named, nothing named, or someone else named. A URL of another service's API
 *  ("connect.reapit.cloud/token") says "not Xero" even when providers.yml does not know the service. */
export function contextOf(s: Signals, providers: readonly string[]): PasteContext {
  const urlHosts = s.endpoints.map((ep) => ep.split('/')[0] ?? '');
  const xeroUrl = urlHosts.some((h) => h === 'xero.com' || h.endsWith('.xero.com'));
  const other = providers.some((p) => p !== 'xero') || (urlHosts.length > 0 && !xeroUrl);
  const xero = providers.includes('xero') || xeroUrl;
  return other ? (xero ? 'both' : 'other') : xero ? 'xero' : 'none';
}

/** The stems that become word features (w:…) of a paste: its words, then its identifiers' parts. */
export function wordStems(s: Signals): string[] {
  return [...contentStems(s.tokens.slice(0, MAX_WORDS)), ...contentStems(s.identifierParts)];
}

export function pasteFeatures(
  s: Signals,
  providers: readonly string[],
  findConcepts: (stems: readonly string[]) => Set<string> = () => new Set(),
  context: PasteContext = contextOf(s, providers),
): FeatureVector {
  const f: FeatureVector = new Map();
  // Protocol codes mean different things in each context (a bare invalid_client at a Xero desk
  // is almost surely Xero's), so each signal is also seen together with the context.
  const urlHosts = s.endpoints.map((ep) => ep.split('/')[0] ?? '');
  const xeroUrl = urlHosts.some((h) => h === 'xero.com' || h.endsWith('.xero.com'));
  const put = (name: string, value = 1) => f.set(name, value);
  const signal = (name: string) => {
    f.set(name, 1);
    f.set(`${name}|${context}`, 1);
  };

  for (const st of take(s.statuses)) {
    signal(`s:${st}`);
    put(`sc:${Math.floor(st / 100)}xx`);
  }
  if (!s.statuses.length) put('s:none');
  for (const t of take(s.titles)) signal(`t:${t.toLowerCase().slice(0, 40)}`);
  for (const d of take(s.detailCodes)) signal(`d:${d.toLowerCase()}`);
  if (s.details.length && !s.detailCodes.length) put('d:free-text');
  for (const o of take(s.oauthErrors)) signal(`o:${o}`);
  for (const e of take(s.errorTypes)) signal(`e:${e.toLowerCase()}`);
  for (const h of take(s.hosts)) {
    put(`h:${h}`);
    put(`hd:${domainOf(h)}`);
  }
  if (urlHosts.length) put(xeroUrl ? 'u:xero' : 'u:elsewhere');
  for (const ep of take(s.endpoints)) {
    const path = pathOf(ep);
    if (path) put(`ep:${path}`);
  }
  for (const p of providers) put(`pv:${p}`);
  put(`pv:${context}`);
  if (s.correlationId) put('x:correlation-id');
  // A question ("is there a long-lived token?") is often a how-to, not a report of a failure;
  // whether it is depends on what else the paste says, which the model learns. The feature
  // weighs as much as the paste is question (see questionShare), and a plain request for help
  // ("what do I do?") is not read at all (see withoutHelpRequests).
  // A question that names an error ("How do I fix 403 Forbidden from Xero?", "what's
  // \"Status\":401 mean") reports that error, as a statement of it would: how-to questions name
  // none. Measured: cross-validation unchanged (85.9%), helper-written questions that name an
  // error (test/fixtures/error-questions) answered right 28 of 40 against 27 held out.
  const named =
    s.statuses.length + s.titles.length + s.detailCodes.length + s.oauthErrors.length + s.errorTypes.length;
  const asked = named ? 0 : questionShare(s.text);
  if (asked > 0) put('x:question', asked);

  // Words: stems, neighbouring stem pairs, camelCase parts, letter runs of long identifiers.
  const words = s.tokens.slice(0, MAX_WORDS);
  for (const concept of findConcepts(phraseStems(words))) put(`k:${concept}`, CONCEPT_VALUE);
  const stems = contentStems(words);
  const parts = contentStems(s.identifierParts);
  // Each name once, in the order first seen.
  const unique = new Set<string>();
  for (let i = 0; i < stems.length; i++) {
    const w = stems[i] as string;
    unique.add(`w:${w}`);
    if (i > 0) unique.add(`b:${stems[i - 1]}_${w}`);
  }
  for (const part of parts) unique.add(`w:${part}`);
  const long = new Set<string>();
  for (const token of s.tokens.slice(0, MAX_WORDS)) {
    if (long.size >= MAX_NGRAM_TOKENS) break;
    if (token.length < NGRAM_MIN_TOKEN || long.has(token) || /\d{3}/.test(token)) continue;
    if (token.length < NGRAM_MIN_PLAIN_TOKEN && !/[_-]/.test(token)) continue;
    long.add(token);
    for (let i = 0; i + NGRAM <= Math.min(token.length, 40); i++)
      unique.add(`c:${token.slice(i, i + NGRAM)}`);
  }
  // Long pastes must not outweigh the signals just by having more words.
  const value = unique.size ? 1 / Math.sqrt(unique.size / 8 + 1) : 0;
  for (const name of unique) f.set(name, value);
  put('x:length', Math.min(1, Math.log10(1 + s.tokens.length) / 3));
  return f;
}
