import type { Provider } from '../knowledge/schema.js';
import type { Signals } from './types.js';

/** A provider's names sorted by how they are looked up, lower-cased once per knowledge base. */
interface PreparedProvider {
  readonly id: string;
  readonly hosts: readonly string[];
  /** Whole words, also found inside library and class names. */
  readonly words: readonly string[];
  /** "aadsts*": a code family whose members all start the same way (AADSTS700082). */
  readonly prefixes: readonly string[];
  /** Names of two or more words ("exact online", "power bi"). */
  readonly phrases: readonly string[];
}

const prepared = new WeakMap<readonly Provider[], PreparedProvider[]>();

function prepare(providers: readonly Provider[]): PreparedProvider[] {
  let list = prepared.get(providers);
  if (!list) {
    list = providers.map((p) => {
      const names = p.words.map((w) => w.toLowerCase());
      return {
        id: p.id,
        hosts: p.hosts,
        words: names.filter((w) => !w.endsWith('*') && !w.includes(' ')),
        prefixes: names.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1)),
        phrases: names.filter((w) => !w.endsWith('*') && w.includes(' ')),
      };
    });
    prepared.set(providers, list);
  }
  return list;
}

/** Which providers the paste names, by host (suffix match) or by word. */
export function providersIn(signals: Signals, providers: readonly Provider[]): string[] {
  const named: string[] = [];
  const prefixed = (prefix: string) => {
    for (const w of signals.words) if (w.startsWith(prefix)) return true;
    return false;
  };
  // A provider's name inside a library's or a class's name counts too: "intuit-oauth",
  // "simple_salesforce", "ShopifyException", "QboApi".
  const parts = new Set<string>(signals.identifierParts);
  for (const w of signals.words)
    if (w.includes('-') || w.includes('_')) for (const part of w.split(/[-_]+/)) parts.add(part);
  // Names of several words are looked up in the paste's words joined by single spaces: one
  // indexOf each, linear in the paste.
  let joined: string | undefined;
  const phrase = (words: string) => {
    joined ??= ` ${signals.tokens.join(' ')} `;
    return joined.includes(` ${words} `);
  };
  for (const p of prepare(providers)) {
    const byHost = p.hosts.some((h) => signals.hosts.some((host) => host === h || host.endsWith(`.${h}`)));
    if (
      byHost ||
      p.words.some((w) => signals.words.has(w) || parts.has(w)) ||
      p.prefixes.some(prefixed) ||
      p.phrases.some(phrase)
    )
      named.push(p.id);
  }
  return named;
}
