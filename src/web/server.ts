import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from './router.js';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The router as a node:http listener; anything it does not route is a plain 404. */
export function routerListener(router: Router): Listener {
  return (req, res) => {
    router
      .handle(req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      })
      .catch(() => res.destroy());
  };
}

export function startWebServer(router: Router, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  return startHttpServer(routerListener(router), port, host);
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
