import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

// A deliberately tiny router: exact method + path, handlers that return data. It exposes
// `handle(req, res) → handled?` so any node:http server (ours, or a Slack Bolt receiver's)
// can mount these routes and fall through to its own when this returns false.

export interface WebRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly cookies: Readonly<Record<string, string>>;
  /** The raw body of a POST (empty for GET), read up to MAX_BODY_BYTES. */
  readonly body: string;
}

/** Webhooks and forms are small; anything bigger is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: string;
}

export type Handler = (req: WebRequest) => Promise<WebResponse>;

export interface RouterErrorLog {
  error(message: string, fields?: Record<string, string>): void;
}

export class Router {
  private readonly routes = new Map<string, Handler>();

  constructor(private readonly log: RouterErrorLog) {}

  get(path: string, handler: Handler): this {
    this.routes.set(`GET ${path}`, handler);
    return this;
  }

  post(path: string, handler: Handler): this {
    this.routes.set(`POST ${path}`, handler);
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://local');
    const handler = this.routes.get(`${req.method} ${url.pathname}`);
    if (!handler) return false;
    let response: WebResponse;
    try {
      const body = req.method === 'POST' ? await readBody(req) : '';
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('Request body too large.');
        return true;
      }
      response = await handler({
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        cookies: parseCookies(req),
        body,
      });
    } catch (err) {
      // The path only: query strings here carry OAuth codes and invites.
      this.log.error('web handler failed', { path: url.pathname, error: (err as Error).name });
      response = {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Something went wrong.',
      };
    }
    res.writeHead(response.status, { 'cache-control': 'no-store', ...response.headers });
    res.end(response.body ?? '');
    return true;
  }
}

/** The body as UTF-8, or undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}
