import type { Desk } from '../answer/desk.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { AfterAckQueue } from './after-ack.js';
import type { DurableWork } from './durable-work.js';

/** A ticket request from Slack, handed to the Freshdesk side (which stores it as a durable job). */
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

/** What every Slack listener needs; built once when the app starts. */
export interface SlackDeps {
  readonly desk: Desk;
  readonly store: Store;
  readonly log: Logger;
  readonly autoReplyChannels: ReadonlySet<string>;
  readonly autoReplyMinConfidence: number;
  /** Where commands put their work once acknowledged. */
  readonly afterAck: AfterAckQueue;
  /** Stores that work before the acknowledgement, so a restarted process can still do it. */
  readonly work: DurableWork;
  /** Present when Freshdesk is configured: the ticket buttons and modal appear only then. */
  readonly openTicket?: (request: TicketRequest) => Promise<void>;
}

/** Customers whose connection can be probed, for the "Probe connection" picker. */
export async function probeableCustomers(deps: SlackDeps): Promise<string[]> {
  if (!deps.desk.canProbe) return [];
  const connections = await deps.store.connections.list();
  return connections.slice(0, 100).map((c) => c.customerKey);
}
