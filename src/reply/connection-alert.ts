import type { ProbeSummary, Reply, ReplyKnowledge } from './model.js';
import { replyForVerdict } from './verdict-reply.js';
import { HEADINGS } from './wording.js';

// "A customer's Xero connection just broke", worded once for every place that is told: the
// Slack alert channel and the Freshdesk ticket opened for the customer. Sinks only lay it out.

export interface ConnectionAlert {
  readonly customer: string;
  readonly organisation: string | null;
  /** The live check that found it broken, in words. */
  readonly probe: ProbeSummary;
  /** The fix, when the verdict confirms a knowledge entry. */
  readonly reply?: Reply;
}

export function connectionAlert(
  input: { customer: string; organisation: string | null; verdict: string; entry: string | null },
  knowledge: ReplyKnowledge,
): ConnectionAlert {
  const { probe, reply } = replyForVerdict(
    { code: input.verdict, entry: input.entry, tenantName: input.organisation },
    knowledge,
  );
  return { customer: input.customer, organisation: input.organisation, probe, ...(reply ? { reply } : {}) };
}

/** The alert's words. `who` comes already escaped (and emphasised) for the channel it goes to. */
export const ALERT_HEADER = '⚠️ Xero connection broke';
export const alertLead = (who: string) => `The Xero connection for ${who} was healthy and is now broken.`;
export const alertFallback = (customer: string, verdict: string) =>
  `Xero connection broke for ${customer}: ${verdict}`;
/** Who the alert is about: the customer, and their organisation when known. */
export const alertWho = (customer: string, organisation: string | null) =>
  organisation ? `${customer} (${organisation})` : customer;

/** The ticket opened for the customer is addressed to them; the note under it to the agent. */
export const ALERT_TICKET_SUBJECT = 'Your Xero connection needs attention';
export function alertTicketNote(alert: ConnectionAlert): string {
  const lead = alertLead(alertWho(alert.customer, alert.organisation));
  // With a fix, the ticket's answer carries the live check itself (see channels.ts).
  return alert.reply ? lead : `${lead}\n${HEADINGS.probe}: ${alert.probe.verdict}: ${alert.probe.sentence}`;
}
