import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow, readBody } from '../loopback.js';
import { FakeFreshdeskState, type FakeTicket } from './state.js';

// A loopback stand-in for Freshdesk API v2: Basic auth with the API key, the ticket, note,
// reply, tag and solution endpoints xerofix uses, Freshdesk's error body shape, a per-minute
// rate limit with X-RateLimit-* and 429 + Retry-After, and failures on demand.

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
}

export interface FakeFreshdesk {
  readonly url: string;
  readonly apiKey: string;
  readonly state: FakeFreshdeskState;
  readonly requests: RecordedRequest[];
  /** The next `n` API requests fail with `status` (e.g. 503). */
  failNext(n: number, status: number): void;
  /** While down, every API request gets 503. */
  setDown(down: boolean): void;
  /** The next request waits this long before answering (provokes client timeouts). */
  delayNext(ms: number): void;
  /**
   * The next request (or `times` requests) gets 429 with this Retry-After: seconds, or any
   * text such as an HTTP date. Like Freshdesk, the 429 reports 0 calls remaining; `headers`
   * adds to or overrides what it sends (e.g. a `date` to measure an HTTP date against).
   */
  rateLimitNext(
    retryAfter: number | string,
    options?: { times?: number; headers?: Record<string, string> },
  ): void;
  /** The next write is carried out but its response never arrives (the connection drops). */
  dropResponseOfNextWrite(): void;
  /** Calls allowed per minute (default: plenty), reflected in X-RateLimit-* headers. */
  setBudget(perMinute: number): void;
  /** Ticket search sees a ticket only this long after it was created, as Freshdesk's index lags. */
  setSearchLag(ms: number): void;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
};

const validation = (field: string, message: string, code = 'invalid_value') => ({
  description: 'Validation failed',
  errors: [{ field, message, code }],
});

export async function startFakeFreshdesk(
  options: { apiKey?: string; now?: () => number } = {},
): Promise<FakeFreshdesk> {
  const apiKey = options.apiKey ?? 'fd-test-key-0123456789';
  const now = options.now ?? Date.now;
  const state = new FakeFreshdeskState(now);
  const requests: RecordedRequest[] = [];
  let failures: { n: number; status: number } = { n: 0, status: 503 };
  let down = false;
  let delay = 0;
  let limitNext: { retryAfter: string; times: number; headers: Record<string, string> } | undefined;
  let dropNextWrite = false;
  let budget = 10_000;
  let searchLagMs = 0;
  let window = { start: now(), used: 0 };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const status = await answer(req, res, url, body, raw);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, body, status });
  });

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: unknown,
    raw: string,
  ): Promise<number> {
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      if (dropNextWrite && req.method !== 'GET' && status < 300) {
        dropNextWrite = false;
        res.destroy();
        return 0;
      }
      json(res, status, payload, { ...rateHeaders(), ...headers });
      return status;
    };
    if (delay) {
      const ms = delay;
      delay = 0;
      await new Promise((r) => setTimeout(r, ms));
    }
    const [user] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    if (user !== apiKey) {
      return send(401, {
        code: 'invalid_credentials',
        message: 'You have to be logged in to perform this action.',
      });
    }
    if (down) return send(503, undefined);
    if (failures.n > 0) {
      failures.n -= 1;
      return send(failures.status, undefined);
    }
    if (limitNext !== undefined) {
      const { retryAfter, headers } = limitNext;
      limitNext.times -= 1;
      if (limitNext.times <= 0) limitNext = undefined;
      return send(429, undefined, { 'x-ratelimit-remaining': '0', 'retry-after': retryAfter, ...headers });
    }
    if (now() - window.start >= 60_000) window = { start: now(), used: 0 };
    if (window.used >= budget) {
      return send(429, undefined, {
        'retry-after': String(Math.ceil((window.start + 60_000 - now()) / 1000)),
      });
    }
    window.used += 1;
    if ((req.method === 'POST' || req.method === 'PUT') && raw && typeof body === 'string') {
      return send(400, validation('', 'Request body has invalid json format', 'invalid_json'));
    }
    return route(req.method ?? 'GET', url, body as Record<string, unknown> | undefined, send);
  }

  function rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-total': String(budget),
      'x-ratelimit-remaining': String(Math.max(0, budget - window.used)),
      'x-ratelimit-used-currentrequest': '1',
    };
  }

  function withRequester(t: FakeTicket) {
    return { ...t, requester: state.contacts.get(t.requester_id) };
  }

  function page<T>(
    items: T[],
    url: URL,
    send: (s: number, p?: unknown, h?: Record<string, string>) => number,
  ) {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const pageNo = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const more = items.length > pageNo * perPage;
    return send(200, slice, more ? { link: `<${url.pathname}?page=${pageNo + 1}>; rel="next"` } : {});
  }

  function route(
    method: string,
    url: URL,
    body: Record<string, unknown> | undefined,
    send: (s: number, p?: unknown, h?: Record<string, string>) => number,
  ): number {
    const path = url.pathname.replace(/^\/api\/v2/, '');
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/search/tickets') return search(url, send);
    if (method === 'GET' && path === '/tickets' && url.searchParams.has('email')) {
      // Filtering by requester: Freshdesk refuses an address it has no contact for.
      const email = url.searchParams.get('email') ?? '';
      const contact = [...state.contacts.values()].find((c) => c.email === email);
      if (!contact) return send(400, validation('email', 'There is no contact matching the given email'));
      const since = url.searchParams.get('updated_since') ?? '';
      const list = [...state.tickets.values()]
        .filter((t) => t.requester_id === contact.id && t.updated_at >= since)
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
      return page(list, url, send);
    }
    if (method === 'GET' && path === '/tickets') {
      const since = url.searchParams.get('updated_since') ?? '';
      const list = [...state.tickets.values()]
        .filter((t) => t.updated_at >= since)
        .sort((a, b) => a.updated_at.localeCompare(b.updated_at));
      return page(list, url, send);
    }
    if (method === 'POST' && path === '/tickets') {
      if (!body?.email && !body?.requester_id)
        return send(
          400,
          validation('requester_id', 'Please fill at least 1 of email, requester_id', 'missing_field'),
        );
      if (typeof body.subject !== 'string' || !body.subject)
        return send(400, validation('subject', 'It should be a/an String', 'missing_field'));
      if (typeof body.description !== 'string')
        return send(400, validation('description', 'It should be a/an String', 'missing_field'));
      if (![2, 3, 4, 5].includes(Number(body.status)))
        return send(400, validation('status', 'It should be one of these values: 2,3,4,5'));
      if (![1, 2, 3, 4].includes(Number(body.priority)))
        return send(400, validation('priority', 'It should be one of these values: 1,2,3,4'));
      const ticket = state.addTicket({
        subject: body.subject,
        description: body.description,
        email: String(body.email),
        tags: (body.tags as string[]) ?? [],
        priority: Number(body.priority),
      });
      ticket.status = Number(body.status);
      return send(201, withRequester(ticket));
    }
    m = /^\/tickets\/(\d+)$/.exec(path);
    if (m) {
      const ticket = state.tickets.get(Number(m[1]));
      if (!ticket) return send(404, undefined);
      if (method === 'GET') {
        return send(200, url.searchParams.get('include') === 'requester' ? withRequester(ticket) : ticket);
      }
      if (method === 'PUT') {
        if (body?.tags) ticket.tags = body.tags as string[];
        state.touch(ticket);
        return send(200, ticket);
      }
    }
    m = /^\/tickets\/(\d+)\/(reply|notes)$/.exec(path);
    if (m && method === 'POST') {
      const id = Number(m[1]);
      if (!state.tickets.has(id)) return send(404, undefined);
      if (typeof body?.body !== 'string' || !body.body)
        return send(400, validation('body', 'It should be a/an String', 'missing_field'));
      const kind = m[2] === 'reply' ? 'reply' : 'note';
      const isPrivate = kind === 'note' ? body.private !== false : false;
      return send(201, state.addConversation(id, kind, body.body, isPrivate));
    }
    m = /^\/tickets\/(\d+)\/conversations$/.exec(path);
    if (m && method === 'GET') {
      return page(state.answersOn(Number(m[1])), url, send);
    }
    if (method === 'GET' && path === '/solutions/categories') return send(200, state.categories);
    m = /^\/solutions\/categories\/(\d+)\/folders$/.exec(path);
    if (m && method === 'GET') {
      return send(
        200,
        state.folders.filter((f) => f.category_id === Number(m?.[1])),
      );
    }
    m = /^\/solutions\/folders\/(\d+)\/articles$/.exec(path);
    if (m && method === 'GET') {
      return page(
        state.articles.filter((a) => a.folder_id === Number(m?.[1])),
        url,
        send,
      );
    }
    m = /^\/solutions\/articles\/(\d+)$/.exec(path);
    if (m && method === 'GET') {
      const article = state.articles.find((a) => a.id === Number(m?.[1]));
      return article ? send(200, article) : send(404, undefined);
    }
    return send(404, undefined);
  }

  /** GET /search/tickets?query="tag:'…'": the one query xerofix sends, over the lagging index. */
  function search(url: URL, send: (s: number, p?: unknown, h?: Record<string, string>) => number) {
    const tag = /^"tag:'([^'"]+)'"$/.exec(url.searchParams.get('query') ?? '')?.[1];
    if (!tag) return send(400, validation('query', 'Invalid query: expected "tag:\'…\'"', 'invalid_value'));
    const indexed = [...state.tickets.values()].filter(
      (t) => now() - Date.parse(t.created_at) >= searchLagMs && t.tags.includes(tag),
    );
    const pageNo = Number(url.searchParams.get('page') ?? 1);
    return send(200, { results: indexed.slice((pageNo - 1) * 30, pageNo * 30), total: indexed.length });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    state,
    requests,
    failNext: (n, status) => {
      failures = { n, status };
    },
    setDown: (value) => {
      down = value;
    },
    delayNext: (ms) => {
      delay = ms;
    },
    rateLimitNext: (retryAfter, limitOptions = {}) => {
      limitNext = {
        retryAfter: String(retryAfter),
        times: limitOptions.times ?? 1,
        headers: limitOptions.headers ?? {},
      };
    },
    dropResponseOfNextWrite: () => {
      dropNextWrite = true;
    },
    setSearchLag: (ms) => {
      searchLagMs = ms;
    },
    setBudget: (perMinute) => {
      budget = perMinute;
      window = { start: now(), used: 0 };
    },
    close: () => closeNow(server),
  };
}
