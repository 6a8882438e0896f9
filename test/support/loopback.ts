import type { IncomingMessage, Server } from 'node:http';

// Small pieces every loopback fake (Slack, Freshdesk) needs.

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Closes at once, dropping keep-alive connections a client may still hold. */
export const closeNow = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
