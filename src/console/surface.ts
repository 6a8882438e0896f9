import { createHmac } from 'node:crypto';
import type { ConsoleConfig, HttpConfig, StoreConfig } from '../config.js';
import type { Surface, SurfaceServices } from '../web/surface.js';
import { resolveAdminToken } from './admin-token.js';
import { mountConsole } from './mount.js';

/** What the console reads: its admin token, and where the store (and a generated token) live. */
export interface ConsoleSettings {
  readonly console: ConsoleConfig;
  readonly store: Pick<StoreConfig, 'databaseUrl'>;
  readonly http: Pick<HttpConfig, 'publicUrl'>;
}

/** The staff console (/overview, /status, /lookup, /gaps); always mounted, it says when it is off. */
export function createConsoleSurface(settings: ConsoleSettings, shared: SurfaceServices): Surface {
  const { services } = shared;
  const adminToken = resolveAdminToken(
    { adminToken: settings.console.adminToken, databaseUrl: settings.store.databaseUrl },
    shared.cwd,
    services.log,
  );
  return {
    name: 'console',
    status: adminToken ? 'on' : 'off',
    routes: (router) =>
      mountConsole(router, {
        desk: shared.desk,
        store: services.store,
        adminToken,
        // Bound to the admin token too: rotating it signs everyone out, on every instance.
        sessionKey: createHmac('sha256', services.keyRing.current.bytes)
          .update(`xerofix console sessions\0${adminToken ?? ''}`)
          .digest(),
        publicUrl: settings.http.publicUrl,
        clock: services.clock,
        log: services.log,
        revokeAtXero: (clientId, secret, refreshToken) =>
          services.gateway.revoke(clientId, secret, refreshToken),
      }),
  };
}
