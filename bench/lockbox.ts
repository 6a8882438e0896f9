import type { LabelledExample } from '../src/core/knowledge-schema.js';

// A fifth of the real sources, chosen by a hash of their address before any tuning, set aside:
// tuning runs use --without-lockbox, and the lockbox is judged once with --lockbox, by a model
// that never saw it. Its figure is the closest thing here to text nobody has looked at.
export function lockboxed(e: Pick<LabelledExample, 'group'>): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < e.group.length; i++) h = Math.imul(h ^ e.group.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 5 === 0;
}
