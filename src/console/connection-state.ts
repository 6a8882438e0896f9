import { healthOf, isVerdict, type VerdictCode } from '../core/verdict-codes.js';
import { sentenceFor } from '../probe/verdicts.js';
import type { ConnectionSummary } from '../store/types.js';

// What /status says about a connection: the badge and, always, why. The badge follows the last
// probe's verdict: a probe that could not tell (Xero busy, a rate limit, a shared token that
// has lapsed) shows Unknown and says so, rather than repeating an older Active or Broken as if
// it were current. The sentences are the probe's own (src/probe/verdicts.ts).

export type ShownState = 'active' | 'broken' | 'unknown';

export interface ConnectionState {
  readonly state: ShownState;
  readonly label: 'Active' | 'Broken' | 'Unknown';
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
  if (!isVerdict(code)) {
    return {
      state: 'unknown',
      label: 'Unknown',
      reason: `The last probe ended with an outcome this version of xerofix does not know ("${code}"). Probe it again.`,
      verdict: null,
    };
  }
  const sentence = sentenceFor(code, { tenantName });
  const health = healthOf(code);
  if (health === 'healthy')
    return {
      state: 'active',
      label: 'Active',
      reason: 'Working: Xero accepted the last check.',
      verdict: code,
    };
  if (health === 'broken') return { state: 'broken', label: 'Broken', reason: sentence, verdict: code };
  const earlier = before ? ` Before that it was ${before === 'healthy' ? 'working' : 'broken'}.` : '';
  return {
    state: 'unknown',
    label: 'Unknown',
    reason: `The last probe could not tell: ${sentence}${earlier}`,
    verdict: code,
  };
}

export function connectionState(c: ConnectionSummary): ConnectionState {
  if (!c.lastVerdict) {
    return {
      state: 'unknown',
      label: 'Unknown',
      reason: 'Never probed since it was stored: press Probe now to check it.',
      verdict: null,
    };
  }
  return stateOfVerdict(c.lastVerdict, c.tenantName, c.health);
}

export const badgeHtml = (s: ConnectionState) => `<span class="badge badge-${s.state}">${s.label}</span>`;
