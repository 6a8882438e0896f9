import type { Provider } from '../knowledge/schema.js';
import type { Signals } from './types.js';

/** Which providers the paste names, by host (suffix match) or by word. */
export function providersIn(signals: Signals, providers: readonly Provider[]): string[] {
  const named: string[] = [];
  for (const p of providers) {
    const byHost = p.hosts.some((h) => signals.hosts.some((host) => host === h || host.endsWith(`.${h}`)));
    const byWord = p.words.some((w) => signals.words.has(w.toLowerCase()));
    if (byHost || byWord) named.push(p.id);
  }
  return named;
}
