// The names of what a live probe can conclude. They are shared vocabulary: the probe decides
// one, an article's `confirmedBy` names them (kb lint checks it), and replies and the console
// word them. Which entry a verdict confirms is the knowledge's to say, so it is looked up here.

export const VERDICT_CODES = Object.freeze([
  'healthy',
  'access-token-expired',
  'refresh-token-invalid',
  'client-credentials-invalid',
  'tenant-disconnected',
  'tenant-forbidden',
  'scope-missing',
  'rate-limited',
  'xero-unavailable',
  'not-connected',
] as const);

export type VerdictCode = (typeof VERDICT_CODES)[number];

export const isVerdict = (code: string): code is VerdictCode =>
  (VERDICT_CODES as readonly string[]).includes(code);

/** The knowledge entry a verdict confirms, or null when no entry declares it. */
export type EntryForVerdict = (code: VerdictCode) => string | null;

/**
 * The lookup from the loaded entries' `confirmedBy`. Should two entries claim one verdict (kb lint
 * reports it), the first by id wins, so the answer does not depend on file order.
 */
export function entryForVerdict(
  entries: readonly { readonly id: string; readonly confirmedBy: readonly string[] }[],
): EntryForVerdict {
  const owner = new Map<string, string>();
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    for (const code of e.confirmedBy) if (!owner.has(code)) owner.set(code, e.id);
  return (code) => owner.get(code) ?? null;
}

/** For a probe told no knowledge: its verdicts confirm no entry. */
export const NO_ENTRIES: EntryForVerdict = () => null;

/** Healthy and broken are facts worth announcing; transient or blind outcomes are neither. */
export function healthOf(code: VerdictCode): 'healthy' | 'broken' | null {
  if (code === 'healthy') return 'healthy';
  if (
    code === 'rate-limited' ||
    code === 'xero-unavailable' ||
    code === 'access-token-expired' ||
    code === 'not-connected'
  ) {
    return null;
  }
  return 'broken';
}
