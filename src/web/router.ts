import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { ThrottleCounts } from './shared-throttle-store.js';

// Routes as data: each surface registers "method + path → handler", and a handler turns a
// plain request into a plain response. Express (src/web/http-app.ts) does the HTTP work —
// routing, cookies, body limits, security headers, throttling — so handlers stay small and
// can be tested without a socket.

export interface WebRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** Cookies as sent; a value whose percent-encoding is broken is kept as it came. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The raw body of a POST (empty for GET), at most MAX_BODY_BYTES. */
  readonly body: string;
  /** The client's address, as far as TRUST_PROXY lets us believe proxies. */
  readonly ip: string;
}

/** Webhooks and forms are small; anything bigger is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: string;
}

export type Handler = (req: WebRequest) => Promise<WebResponse>;

/** At most `limit` requests per client address in `windowMs`; the rest get `refused`. */
export interface Throttle {
  readonly windowMs: number;
  readonly limit: number;
  /** Requests answered with a status below 400 do not count (a good sign-in is not an attempt). */
  readonly countOnlyFailures?: boolean;
  readonly refused: (retryAfterSeconds: number) => WebResponse;
  /** Where the counts are kept; shared by every instance when given, else in this process's memory. */
  readonly counts?: ThrottleCounts;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: Handler;
  readonly throttle?: Throttle;
}

/**
 * A route that gets the request as it arrived, before cookies or the body are read: Slack's
 * receiver verifies its signature on the raw bytes. Every method at `path` goes to `handler`.
 */
export interface RawRoute {
  readonly path: string;
  readonly handler: RequestHandler;
}

export interface RouterErrorLog {
  error(message: string, fields?: Record<string, string>): void;
}

export class Router {
  private readonly table = new Map<string, Route>();
  private readonly watchers: ((route: Route) => void)[] = [];
  private readonly rawTable = new Map<string, RawRoute>();
  private readonly rawWatchers: ((route: RawRoute) => void)[] = [];

  constructor(readonly log: RouterErrorLog) {}

  get(path: string, handler: Handler, options: { throttle?: Throttle } = {}): this {
    return this.add({ method: 'GET', path, handler, ...options });
  }

  post(path: string, handler: Handler, options: { throttle?: Throttle } = {}): this {
    return this.add({ method: 'POST', path, handler, ...options });
  }

  /** Calls `watch` for every route, now and as more are added (a server may start before all are). */
  eachRoute(watch: (route: Route) => void): void {
    for (const route of this.table.values()) watch(route);
    this.watchers.push(watch);
  }

  /** Hands every request for `path` to `handler` untouched (see RawRoute). */
  raw(path: string, handler: RequestHandler): this {
    if (this.rawTable.has(path)) throw new Error(`raw route ${path} is registered twice`);
    const route = { path, handler };
    this.rawTable.set(path, route);
    for (const watch of this.rawWatchers) watch(route);
    return this;
  }

  /** Like eachRoute, for raw routes. */
  eachRawRoute(watch: (route: RawRoute) => void): void {
    for (const route of this.rawTable.values()) watch(route);
    this.rawWatchers.push(watch);
  }

  private add(route: Route): this {
    const key = `${route.method} ${route.path}`;
    if (this.table.has(key)) throw new Error(`route ${key} is registered twice`);
    this.table.set(key, route);
    for (const watch of this.watchers) watch(route);
    return this;
  }
}
