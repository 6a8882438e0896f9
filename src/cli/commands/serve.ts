import { Keeper } from '../../keeper/keeper.js';
import { buildRouter } from '../../web/app.js';
import { startWebServer } from '../../web/server.js';
import type { CliIo } from '../io.js';
import { withServices } from './connections.js';

/** Runs the web routes (Xero connect flow) and the keeper in one process until SIGINT/SIGTERM. */
export async function serveCommand(_args: string[], io: CliIo): Promise<number> {
  return withServices(io, async (services) => {
    const server = await startWebServer(buildRouter(services), services.config.PORT);
    const intervalMs = services.config.KEEPER_INTERVAL_SECONDS * 1000;
    const keeper = intervalMs > 0 ? new Keeper(services, { intervalMs }) : undefined;
    keeper?.start();
    services.log.info('xerofix is serving', {
      url: server.url,
      keeperEverySeconds: services.config.KEEPER_INTERVAL_SECONDS || null,
    });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await keeper?.stop();
    await server.close();
    return 0;
  });
}
