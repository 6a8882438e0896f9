import { z } from 'zod';

// What surfaces hand each other when a ticket is asked for and opened. It lives below them all,
// so the surface that asks (Slack today) and the one that opens (Freshdesk) need not know each
// other: the asking surface finds a TicketDesk, and the desk tells the asker through the
// notifier of the surface the request came from.

/** Where to tell the asker the ticket's link: the origin surface's name and its own address. */
export interface ReplyTo {
  readonly surface: string;
  /** The origin surface's own address for the asker (a Slack channel and thread); JSON-safe. */
  readonly target: Readonly<Record<string, unknown>>;
}

/** A request for a ticket from a surface where an agent or customer asked, handed to a TicketDesk. */
export interface TicketRequest {
  /**
   * What identifies this one submission however often the surface delivers it (Slack: the
   * modal's view id and who submitted it): the ticket job is unique per value, so it opens one ticket.
   */
  readonly submissionId: string;
  readonly lookupId: string | null;
  readonly email: string;
  readonly subject: string;
  readonly description: string;
  /** Who asked, as the origin surface knows them (a Slack user id). */
  readonly requestedBy: string;
  readonly replyTo: ReplyTo;
}

/** A ticket the desk opened, and where people can see it. */
export interface OpenedTicket {
  readonly id: number;
  readonly url: string;
}

/** Opens tickets (Freshdesk): stores the request durably and returns at once. */
export interface TicketDesk {
  open(request: TicketRequest): Promise<void>;
}

/** The job kind a ticket request is queued as; the console counts the outcomes of these jobs. */
export const OPEN_TICKET_JOB = 'freshdesk-open-ticket';

/** Tells the asker, on the surface they asked from, where their ticket is. */
export type TicketNotifier = (request: TicketRequest, ticket: OpenedTicket) => Promise<void>;

const common = {
  // Jobs stored before submissions had ids lack it; it only named the job's dedupe key.
  submissionId: z.string().default(''),
  lookupId: z.string().nullable(),
  email: z.string().min(1),
  subject: z.string(),
  description: z.string(),
};
const current = z.object({
  ...common,
  requestedBy: z.string(),
  replyTo: z.object({ surface: z.string(), target: z.record(z.string(), z.unknown()) }),
});
/** Ticket jobs stored before requests were surface-neutral came from Slack in this shape. */
const slackShaped = z
  .object({
    ...common,
    slackUser: z.string(),
    notify: z.object({ channel: z.string().min(1), threadTs: z.string().optional() }),
  })
  .transform(
    ({ slackUser, notify, ...rest }): TicketRequest => ({
      ...rest,
      requestedBy: slackUser,
      replyTo: { surface: 'slack', target: notify },
    }),
  );

/** A stored ticket job's payload: today's shape, or either older Slack-shaped one, read as today's. */
export const ticketRequestSchema: z.ZodType<TicketRequest, unknown> = z.union([current, slackShaped]);
