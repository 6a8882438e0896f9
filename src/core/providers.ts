import type { Provider } from './knowledge-schema.js';
import type { Signals } from './types.js';

/** A provider's names sorted by how they are looked up, lower-cased once per knowledge base. */
interface PreparedProvider {
  readonly id: string;
  /** "aadsts*": a code family whose members all start the same way (AADSTS700082). */
  readonly prefixes: readonly string[];
  /** Names of two or more words ("exact online", "power bi"): with a space either side, and their words. */
  readonly phrases: ReadonlyArray<{ readonly padded: string; readonly words: readonly string[] }>;
}

interface PreparedProviders {
  readonly list: readonly PreparedProvider[];
  /** Whole word -> the providers (positions in list) it names, also inside library and class names. */
  readonly byWord: ReadonlyMap<string, readonly number[]>;
  /** Host name -> the providers it belongs to; a paste's host also names those of its parent domains. */
  readonly byHost: ReadonlyMap<string, readonly number[]>;
}

const prepared = new WeakMap<readonly Provider[], PreparedProviders>();

function prepare(providers: readonly Provider[]): PreparedProviders {
  let ready = prepared.get(providers);
  if (!ready) {
    const byWord = new Map<string, number[]>();
    const byHost = new Map<string, number[]>();
    const list = providers.map((p, at) => {
      const names = p.words.map((w) => w.toLowerCase());
      for (const w of names.filter((w) => !w.endsWith('*') && !w.includes(' ')))
        byWord.set(w, [...(byWord.get(w) ?? []), at]);
      for (const h of p.hosts) byHost.set(h, [...(byHost.get(h) ?? []), at]);
      return {
        id: p.id,
        prefixes: names.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1)),
        phrases: names
          .filter((w) => !w.endsWith('*') && w.includes(' '))
          .map((w) => ({ padded: ` ${w} `, words: w.split(' ') })),
      };
    });
    ready = { list, byWord, byHost };
    prepared.set(providers, ready);
  }
  return ready;
}

/** Which providers the paste names, by host (suffix match) or by word. */
export function providersIn(signals: Signals, providers: readonly Provider[]): string[] {
  const named: string[] = [];
  const { list, byWord, byHost } = prepare(providers);
  // Each word and host of the paste is looked up once, rather than every provider's every name
  // in the paste: `found` marks the providers (positions in list) named so far.
  const found = new Uint8Array(list.length);
  const mark = (index: ReadonlyMap<string, readonly number[]>, key: string) => {
    const owners = index.get(key);
    if (owners) for (const at of owners) found[at] = 1;
  };
  // A host belongs to a provider when it is one of its hosts or under one (api.xero.com, xero.com).
  for (const host of signals.hosts) {
    mark(byHost, host);
    for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1))
      mark(byHost, host.slice(dot + 1));
  }
  // A provider's name inside a library's or a class's name counts too: "intuit-oauth",
  // "simple_salesforce", "ShopifyException", "QboApi".
  for (const w of signals.words) {
    mark(byWord, w);
    if (w.includes('-') || w.includes('_')) for (const part of w.split(/[-_]+/)) mark(byWord, part);
  }
  for (const part of signals.identifierParts) mark(byWord, part);
  // A log's routine lines, blanked for the model, still say whose log it is.
  for (const w of signals.setAside?.words ?? []) mark(byWord, w);
  for (const part of signals.setAside?.identifierParts ?? []) mark(byWord, part);
  const prefixed = (prefix: string) => {
    for (const w of signals.words) if (w.startsWith(prefix)) return true;
    return false;
  };
  // Names of several words are looked up in the paste's words joined by single spaces: one
  // indexOf each, linear in the paste.
  let joined: string | undefined;
  // A name none of whose words is missing from the paste is the only one worth that indexOf.
  const phrase = ({ padded, words }: PreparedProvider['phrases'][number]) => {
    if (!words.every((w) => signals.words.has(w))) return false;
    joined ??= ` ${signals.tokens.join(' ')} `;
    return joined.includes(padded);
  };
  list.forEach((p, at) => {
    if (found[at] || p.prefixes.some(prefixed) || p.phrases.some(phrase)) named.push(p.id);
  });
  return named;
}
