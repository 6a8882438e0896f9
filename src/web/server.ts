import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp, type HttpAppOptions } from './http-app.js';
import type { Router } from './router.js';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export function startWebServer(
  router: Router,
  port: number,
  host = '0.0.0.0',
  options: HttpAppOptions = {},
): Promise<RunningServer> {
  return startHttpServer(createHttpApp(router, options), port, host);
}

/** Listens until closed; close() waits for requests in flight, then drops idle connections. */
export async function startHttpServer(
  listener: Listener,
  port: number,
  host = '0.0.0.0',
): Promise<RunningServer> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after a grace period are cut off rather than hang shutdown.
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
