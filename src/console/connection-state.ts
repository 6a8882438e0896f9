import { healthOf, isVerdict, type VerdictCode } from '../core/verdict-codes.js';
import { escapeHtml } from '../reply/escape-html.js';
import { verdictSentence } from '../reply/verdict-wording.js';
import { CONNECTION_STATE as SAY } from '../reply/wording-console.js';
import type { ConnectionSummary } from '../store/types.js';

// What /status says about a connection: the badge and, always, why. The badge follows the last
// probe's verdict: a probe that could not tell (Xero busy, a rate limit, a shared token that
// has lapsed) shows Unknown and says so, rather than repeating an older Active or Broken as if
// it were current. The verdict's sentence is the one every surface uses (reply/verdict-wording.ts).

export type ShownState = 'active' | 'broken' | 'unknown';

export interface ConnectionState {
  readonly state: ShownState;
  readonly label: string;
  /** Why, in plain words. */
  readonly reason: string;
  /** The verdict the badge comes from, when it is one this version knows; the knowledge says
   *  which entry (if any) it confirms (entryForVerdict). */
  readonly verdict: VerdictCode | null;
}

/** The badge and its reason for a verdict (the last probe's, or one just reached). */
export function stateOfVerdict(
  code: string,
  tenantName: string | null,
  before: ConnectionSummary['health'] = null,
): ConnectionState {
  if (!isVerdict(code))
    return { state: 'unknown', label: SAY.unknown, reason: verdictSentence(code), verdict: null };
  const sentence = verdictSentence(code, { tenantName });
  const health = healthOf(code);
  if (health === 'healthy')
    return { state: 'active', label: SAY.active, reason: SAY.workingReason, verdict: code };
  if (health === 'broken') return { state: 'broken', label: SAY.broken, reason: sentence, verdict: code };
  const earlier = before ? SAY.before(before) : '';
  return {
    state: 'unknown',
    label: SAY.unknown,
    reason: `${SAY.couldNotTell(sentence)}${earlier}`,
    verdict: code,
  };
}

export function connectionState(c: ConnectionSummary): ConnectionState {
  if (!c.lastVerdict) return { state: 'unknown', label: SAY.unknown, reason: SAY.neverProbed, verdict: null };
  return stateOfVerdict(c.lastVerdict, c.tenantName, c.health);
}

export const badgeHtml = (s: ConnectionState) =>
  `<span class="badge badge-${s.state}">${escapeHtml(s.label)}</span>`;
