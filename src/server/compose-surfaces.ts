import { alertJobKind } from '../alerts/outbox.js';
import type { TicketNotifier } from '../answer/ticket.js';
import type { Config } from '../config.js';
import type { JobHandler } from '../jobs/runner.js';
import type { Router } from '../web/router.js';
import type { Surface, SurfaceCapabilities, SurfaceServices } from '../web/surface.js';
import type { SurfaceFactory } from './registered-surfaces.js';

export interface ComposedSurfaces {
  readonly surfaces: readonly Surface[];
  /** Every surface's job handlers, and one alert job kind per alert sink. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Names of the surfaces with an alert sink: the outbox queues one job per alert for each. */
  readonly alertSinks: readonly string[];
  /** Job kinds whose dead jobs are never purged (see Surface.keptWhenDead). */
  readonly keptWhenDead: readonly string[];
  /** For the start-up log line: each surface's name and how it runs ("http", "on", "off"). */
  readonly statuses: Readonly<Record<string, string>>;
}

/**
 * Builds whatever is registered and puts it together: routes mounted, job handlers merged
 * (a kind claimed twice is a start-up error, not a silent overwrite), alert sinks collected,
 * and the capabilities surfaces lend each other resolved by looking at the others.
 */
export function composeSurfaces(
  factories: readonly SurfaceFactory[],
  config: Config,
  shared: Omit<SurfaceServices, 'capabilities'>,
  router: Router,
): ComposedSurfaces {
  const surfaces: Surface[] = [];
  // Looked up when used (a request, a job), by then every surface is built, whatever the order.
  const capabilities: SurfaceCapabilities = {
    ticketDesk: () => firstOf(surfaces, (s) => s.ticketDesk),
    ticketNotifier: (name) =>
      firstOf(surfaces, (s): TicketNotifier | undefined => (s.name === name ? s.ticketNotifier : undefined)),
  };
  for (const factory of factories) {
    const surface = factory(config, { ...shared, capabilities });
    if (surfaces.some((s) => s.name === surface.name))
      throw new Error(`two surfaces are registered as "${surface.name}"`);
    surfaces.push(surface);
  }
  const handlers: Record<string, JobHandler> = {};
  const claim = (kind: string, handler: JobHandler, by: string) => {
    if (handlers[kind]) throw new Error(`job kind "${kind}" of surface "${by}" is already handled`);
    handlers[kind] = handler;
  };
  const alertSinks: string[] = [];
  const statuses: Record<string, string> = {};
  for (const surface of surfaces) {
    surface.routes?.(router);
    for (const [kind, handler] of Object.entries(surface.handlers ?? {})) claim(kind, handler, surface.name);
    if (surface.alertSink) {
      claim(alertJobKind(surface.name), surface.alertSink, surface.name);
      alertSinks.push(surface.name);
    }
    statuses[surface.name] = surface.status ?? 'on';
  }
  const keptWhenDead = surfaces.flatMap((s) => s.keptWhenDead ?? []);
  return { surfaces, handlers, alertSinks, keptWhenDead, statuses };
}

function firstOf<T>(surfaces: readonly Surface[], pick: (s: Surface) => T | undefined): T | undefined {
  for (const s of surfaces) {
    const found = pick(s);
    if (found) return found;
  }
  return undefined;
}
