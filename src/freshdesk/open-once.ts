import type { OpenedTicket } from '../answer/ticket.js';
import type { JobContext } from '../jobs/runner.js';
import type { Clock } from '../runtime/clock.js';
import type { FreshdeskClient } from './client.js';
import { FreshdeskError } from './errors.js';
import { openTicket, type TicketDraft, ticketUrl } from './open-ticket.js';
import { referenceTag } from './reference-tag.js';
import type { Ticket } from './types.js';

// One ticket per job, crash or not. The job notes "creating ref X" before it asks Freshdesk for
// the ticket and the ticket itself once Freshdesk answers. A retry that finds the first note
// without the second cannot tell whether the create landed (the process died, or the response
// was lost on the way back), so it looks for a ticket carrying X before creating another.

interface Progress {
  ticket?: OpenedTicket;
  creating?: { ref: string; since: string };
}

export interface OpenOnceDeps {
  readonly client: FreshdeskClient;
  readonly baseUrl: string;
  readonly clock: Clock;
}

/**
 * Freshdesk's clock and ours may disagree, and `updated_since` is compared on Freshdesk's; the
 * search window starts this long before the create so a skewed clock cannot hide the ticket.
 */
const CLOCK_SLACK_MS = 10 * 60_000;

/**
 * Opens the job's ticket unless an earlier attempt already did; either way returns it. The
 * draft is made only when a ticket is to be created (it may need the store and the matcher).
 */
export async function openTicketOnce(
  deps: OpenOnceDeps,
  job: { readonly dedupeKey: string },
  ctx: JobContext,
  request: { readonly email: string; readonly draft: () => Promise<TicketDraft> },
): Promise<OpenedTicket> {
  const progress = ctx.progress as Progress;
  if (progress.ticket) return progress.ticket;
  const ref = referenceTag(job.dedupeKey);
  if (progress.creating?.ref === ref) {
    const found = await findTicketByReference(deps, ref, request.email, progress.creating.since);
    if (found) {
      await ctx.saveProgress({ ticket: found });
      return found;
    }
  }
  // Kept from the first attempt: a later one must still look back far enough to see its ticket.
  const since = progress.creating?.since ?? isoSeconds(deps.clock() - CLOCK_SLACK_MS);
  await ctx.saveProgress({ creating: { ref, since } });
  const draft = await request.draft();
  const opened = await openTicket(deps.client, deps.baseUrl, {
    ...draft,
    email: request.email,
    reference: ref,
  });
  await ctx.saveProgress({ ticket: opened });
  return opened;
}

/**
 * The requester's recent tickets first: read from the tickets themselves, they show a ticket
 * the moment it exists. The search index can lag by minutes, but it still finds the ticket if
 * Freshdesk filed it under another contact (merged contacts, a changed address).
 */
async function findTicketByReference(
  deps: OpenOnceDeps,
  ref: string,
  email: string,
  since: string,
): Promise<OpenedTicket | undefined> {
  const tagged = (t: Ticket) => t.tags.some((tag) => tag.toLowerCase() === ref);
  let found = (await requesterTickets(deps.client, email, since)).find(tagged);
  found ??= (await deps.client.searchTicketsByTag(ref)).find(tagged);
  return found && { id: found.id, url: ticketUrl(deps.baseUrl, found.id) };
}

async function requesterTickets(client: FreshdeskClient, email: string, since: string): Promise<Ticket[]> {
  try {
    return await client.listRequesterTickets(email, since);
  } catch (err) {
    // Freshdesk refuses to filter by an address it has no contact for: the create never landed.
    if (err instanceof FreshdeskError && err.code === 'freshdesk.validation') return [];
    throw err;
  }
}

/** Freshdesk's timestamps have no fractional seconds. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
