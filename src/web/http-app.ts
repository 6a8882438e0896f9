import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { HTTP_ANSWERS } from '../reply/wording-connect.js';
import { MAX_BODY_BYTES, type Route, type Router, type WebRequest, type WebResponse } from './router.js';
import { SharedThrottleStore } from './shared-throttle-store.js';

export interface HttpAppOptions {
  /** PUBLIC_URL is https: browsers are told to stay on https (HSTS). */
  readonly https?: boolean;
  /** How many proxies' X-Forwarded-For to believe for the client address (TRUST_PROXY). */
  readonly trustProxy?: number;
}

// Pages are self-contained HTML with inline CSS and no script, so the policy forbids
// everything else; no page may be framed (clickjacking the console or the connect pages).
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
};

const plain = (status: number, text: string): WebResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: text,
});

/** The HTTP server's request listener: security headers on every answer, then raw routes (Slack), then our routes. */
export function createHttpApp(router: Router, options: HttpAppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? 0);
  app.use(
    helmet({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      strictTransportSecurity: options.https ? { maxAge: 15_552_000 } : false,
    }),
  );
  // Raw routes come before any body is read: Bolt's receiver verifies Slack's signature on the
  // raw bytes. A sub-router, so raw routes added after the app was built still come first.
  const raw = express.Router();
  app.use(raw);
  router.eachRawRoute((route) => raw.all(route.path, route.handler));
  // cookie-parser leaves a value whose percent-encoding is broken as it came instead of
  // throwing, so one bad cookie cannot turn every page into a 500.
  app.use(cookieParser());
  const body = express.text({ type: () => true, limit: MAX_BODY_BYTES, defaultCharset: 'utf-8' });
  // Routes live in a sub-router mounted before the 404, so ones added later still come first.
  const routes = express.Router();
  app.use(routes);
  router.eachRoute((route) => {
    const handlers: RequestHandler[] = [];
    if (route.throttle) handlers.push(throttleOf(route));
    if (route.method === 'POST') handlers.push(body);
    handlers.push(serve(route, router));
    if (route.method === 'GET') routes.get(route.path, ...handlers);
    else routes.post(route.path, ...handlers);
  });
  app.use((_req, res) => send(res, plain(404, HTTP_ANSWERS.notFound)));
  app.use(errorHandler(router));
  return app;
}

function serve(route: Route, router: Router): RequestHandler {
  return async (req, res) => {
    let response: WebResponse;
    try {
      response = await route.handler(webRequestOf(req));
    } catch (err) {
      // The path only: query strings here carry OAuth codes and invites.
      router.log.error('web handler failed', { path: route.path, error: (err as Error).name });
      response = plain(500, HTTP_ANSWERS.failed);
    }
    send(res, response);
  };
}

function webRequestOf(req: Request): WebRequest {
  return {
    method: req.method,
    url: new URL(req.originalUrl, 'http://local'),
    headers: req.headers,
    cookies: (req.cookies ?? {}) as Record<string, string>,
    body: typeof req.body === 'string' ? req.body : '',
    ip: req.ip ?? '',
  };
}

function send(res: Response, response: WebResponse): void {
  res.status(response.status);
  res.setHeader('cache-control', 'no-store');
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.end(response.body ?? '');
}

function throttleOf(route: Route): RequestHandler {
  const throttle = route.throttle as NonNullable<Route['throttle']>;
  return rateLimit({
    windowMs: throttle.windowMs,
    limit: throttle.limit,
    skipSuccessfulRequests: throttle.countOnlyFailures ?? false,
    ...(throttle.counts
      ? { store: new SharedThrottleStore(throttle.counts, `${route.method} ${route.path}`) }
      : {}),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Our own TRUST_PROXY setting decides which address is the client's; the library's
    // start-up checks would print to stderr, outside the structured log.
    validate: false,
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now()) - Date.now()) / 1000));
      res.setHeader('retry-after', String(seconds));
      send(res, throttle.refused(seconds));
    },
  });
}

/** Body too large, unreadable or in an unknown charset: a short plain answer, never a stack trace. */
function errorHandler(router: Router): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) router.log.error('web request failed', { path: req.path, error: String(err?.name) });
    const text =
      status === 413 ? HTTP_ANSWERS.tooLarge : status === 500 ? HTTP_ANSWERS.failed : HTTP_ANSWERS.badRequest;
    if (res.headersSent) return void res.destroy();
    if (status === 413) res.setHeader('connection', 'close');
    send(res, plain(status, text));
  };
}
