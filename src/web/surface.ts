import type { Desk } from '../answer/desk.js';
import type { TicketDesk, TicketNotifier } from '../answer/ticket.js';
import type { JobHandler } from '../jobs/runner.js';
import type { Metrics } from '../ops/metrics.js';
import type { LiveServices } from '../probe/services.js';
import type { Router } from './router.js';

// A surface is a place people reach xerofix: Slack, Freshdesk, the console, the connect pages.
// Each one implements this in its own folder and is registered in one list
// (server/registered-surfaces.ts); the server composes whatever is registered. Surfaces never
// name each other: what one needs from another (open a ticket, tell the asker where it is)
// goes through the capabilities below.

export interface Surface {
  /** Also names its durable alert job kind (see alertJobKind), so it must stay stable. */
  readonly name: string;
  /** For the start-up log line: how it runs ('http', 'socket'), or 'off'. 'on' when absent. */
  readonly status?: string;
  /** Adds its HTTP routes (plain or raw) to the one server's router. */
  routes?(router: Router): void;
  /** Durable jobs it does, by kind; kinds are prefixed with its name so surfaces never collide. */
  readonly handlers?: Readonly<Record<string, JobHandler>>;
  /**
   * Kinds of its jobs whose dead (given-up) jobs must never be purged: their work may have partly
   * happened (a reply posted, its tag not), and the kept job is what stops it being done again.
   */
  readonly keptWhenDead?: readonly string[];
  /**
   * Tells this surface's audience that a customer's connection broke: run as a durable job of
   * kind alertJobKind(name) (alerts/outbox.ts) whose payload is an AlertPayload, retried until it resolves.
   */
  readonly alertSink?: JobHandler;
  /** Present on a surface that opens tickets (Freshdesk). */
  readonly ticketDesk?: TicketDesk;
  /** Present on a surface people ask for tickets from: tells them, there, where the ticket is. */
  readonly ticketNotifier?: TicketNotifier;
  /** After the server listens (Socket Mode connects, polling begins). */
  start?(): Promise<void> | void;
  /** Before the job runner and the store stop: finish what it started. */
  stop?(): Promise<void>;
}

/** What surfaces lend each other, looked up when used, so the order they are built in does not matter. */
export interface SurfaceCapabilities {
  /** Where tickets go, if a registered surface opens them. */
  ticketDesk(): TicketDesk | undefined;
  /** The notifier of the surface a ticket request came from (its replyTo.surface). */
  ticketNotifier(surface: string): TicketNotifier | undefined;
}

/** The shared services every surface may use; its settings come separately, as its own slice. */
export interface SurfaceServices {
  readonly services: LiveServices;
  readonly desk: Desk;
  readonly metrics: Metrics;
  /** Tells the job runner there is work now. */
  readonly wake: () => void;
  /** How long a claimed job is held (JOB_LEASE_SECONDS): a surface's own durable work uses it too. */
  readonly jobLeaseMs: number;
  /** The working directory the server was started in (relative paths in settings). */
  readonly cwd: string;
  readonly capabilities: SurfaceCapabilities;
}
