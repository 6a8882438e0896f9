// What surfaces hand each other when a ticket is asked for and opened. It lives below them all,
// so the surface that asks (Slack) and the one that opens (Freshdesk) need not know each other.

/** A request for a ticket, from a surface where an agent or customer asked (Slack's modal today),
 *  handed to the ticket desk (Freshdesk, which stores it as a durable job). */
export interface TicketRequest {
  /**
   * What identifies this one submission however often Slack delivers it (the modal's view id
   * and who submitted it): the ticket job is unique per value, so it opens one ticket.
   */
  readonly submissionId: string;
  readonly lookupId: string | null;
  readonly email: string;
  readonly subject: string;
  readonly description: string;
  readonly slackUser: string;
  /** Where to tell the person the ticket's link once it exists. */
  readonly notify: { readonly channel: string; readonly threadTs?: string | undefined };
}

/** A ticket the desk opened, and where people can see it. */
export interface OpenedTicket {
  readonly id: number;
  readonly url: string;
}
