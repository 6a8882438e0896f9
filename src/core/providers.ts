import type { Provider } from '../knowledge/schema.js';
import type { Signals } from './types.js';

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
  for (const w of signals.words) if (/[-_]/.test(w)) for (const part of w.split(/[-_]+/)) parts.add(part);
  // Names of two or more words ("exact online", "power bi") are looked up in the paste's words
  // joined by single spaces: one indexOf each, linear in the paste.
  let joined: string | undefined;
  const phrase = (words: string) => {
    joined ??= ` ${signals.tokens.join(' ')} `;
    return joined.includes(` ${words} `);
  };
  for (const p of providers) {
    const byHost = p.hosts.some((h) => signals.hosts.some((host) => host === h || host.endsWith(`.${h}`)));
    const byWord = p.words.some((w) => {
      const word = w.toLowerCase();
      // "aadsts*": a code family whose members all start the same way (AADSTS700082).
      if (word.endsWith('*')) return prefixed(word.slice(0, -1));
      if (word.includes(' ')) return phrase(word);
      return signals.words.has(word) || parts.has(word);
    });
    if (byHost || byWord) named.push(p.id);
  }
  return named;
}
