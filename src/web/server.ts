import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from './router.js';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the router on node:http; anything it does not route is a plain 404. */
export async function startWebServer(router: Router, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    router
      .handle(req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
