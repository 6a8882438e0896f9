import type { Desk } from '../answer/desk.js';
import type { TicketDesk } from '../answer/ticket.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { AfterAckQueue } from './after-ack.js';
import type { DurableWork } from './durable-work.js';

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
  /** Where tickets go, asked each time (undefined: no surface opens tickets, so no buttons or modal). */
  readonly ticketDesk: () => TicketDesk | undefined;
}

/** Customers whose connection can be probed, for the "Probe connection" picker. */
export async function probeableCustomers(deps: SlackDeps): Promise<string[]> {
  if (!deps.desk.canProbe) return [];
  const connections = await deps.store.connections.list();
  return connections.slice(0, 100).map((c) => c.customerKey);
}
