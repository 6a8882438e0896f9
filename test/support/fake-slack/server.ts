import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow, readBody } from '../loopback.js';

// A loopback stand-in for Slack: the Web API (POST /api/<method>, form or JSON bodies, bearer
// token checked) and response_url endpoints (POST /respond/<id>) that can be made to expire.
// A method can be made to answer 429 with Retry-After, as Slack's rate limits do.
// Channel messages are kept (with their metadata) for conversations.history, and faults can
// be injected: a call carried out whose response never arrives, a response_url that hangs.

export interface ApiCall {
  readonly method: string;
  readonly token: string | undefined;
  readonly args: Record<string, unknown>;
  /** When it arrived (Date.now()). */
  readonly at: number;
  /** Answered 429 (rate limited) rather than carried out. */
  readonly rateLimited: boolean;
}

export interface Responded {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/** A message chat.postMessage put in a channel, as conversations.history returns it. */
export interface PostedMessage {
  readonly type: 'message';
  readonly ts: string;
  readonly text?: unknown;
  readonly blocks?: unknown;
  readonly thread_ts?: unknown;
  readonly metadata?: unknown;
  readonly bot_id: string;
}

export interface FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly responses: Responded[];
  /** A fresh response_url; `expire` makes it answer 404 like a used-up one. */
  responseUrl(): string;
  expire(url: string): void;
  /** The next `times` calls of `method` get HTTP 429 with this Retry-After (seconds). */
  rateLimitNext(method: string, retryAfter: number | string, times?: number): void;
  /** The next call of `method` gets this HTTP status (a 5xx outage, a 4xx Slack will not take). */
  failNext(method: string, status: number): void;
  /** Messages conversations.replies returns for a thread root ts. */
  setThread(ts: string, messages: Record<string, unknown>[]): void;
  /** Messages posted in a channel so far, oldest first. */
  posted(channel: string): PostedMessage[];
  /** The next call of `method` is carried out, but the connection drops before its response. */
  dropResponseOfNext(method: string): void;
  /** Posts to this response_url are held open, unanswered and unrecorded, until `unhang`. */
  hang(url: string): void;
  /** How many posts to this response_url are being held open now. */
  held(url: string): number;
  /** Drops the held posts (they never arrived) and answers later ones as usual. */
  unhang(url: string): void;
  /** Wait until a predicate over calls/responses holds (listeners finish after the ack). */
  waitFor<T>(probe: () => T | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export const BOT_USER_ID = 'UXEROFIXBOT';
export const BOT_ID = 'BXEROFIX';

export async function startFakeSlack(options: { botToken: string }): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: Responded[] = [];
  const expired = new Set<string>();
  const threads = new Map<string, Record<string, unknown>[]>();
  const limited = new Map<string, { retryAfter: string; times: number }>();
  const failing = new Map<string, number>();
  const channels = new Map<string, PostedMessage[]>();
  const drops = new Set<string>();
  const hanging = new Map<string, IncomingMessage[]>();
  let next = 0;
  let seq = 0;
  // Unique and increasing, like Slack's: two posts in one millisecond must not share a ts.
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await readBody(req);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path.startsWith('/respond/')) {
      const id = path.slice('/respond/'.length);
      const held = hanging.get(id);
      if (held) return void held.push(req);
      if (expired.has(id)) return json(404, { ok: false, error: 'expired_url' });
      responses.push({ id, body: JSON.parse(raw || '{}') });
      return json(200, { ok: true });
    }
    if (!path.startsWith('/api/')) return json(404, { ok: false });
    const method = path.slice('/api/'.length);
    const args = parseArgs(req, raw);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const limit = limited.get(method);
    if (limit) {
      if (--limit.times <= 0) limited.delete(method);
      calls.push({ method, token, args, at: Date.now(), rateLimited: true });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': limit.retryAfter });
      return res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    calls.push({ method, token, args, at: Date.now(), rateLimited: false });
    const failWith = failing.get(method);
    if (failWith !== undefined) {
      failing.delete(method);
      return res.writeHead(failWith, { 'content-type': 'text/plain' }).end('Slack is having trouble');
    }
    if (token !== options.botToken) return json(200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return json(200, { ok: true, user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: 'T1', user: 'xerofix' });
      case 'chat.postMessage': {
        const message: PostedMessage = {
          type: 'message',
          ts: nextTs(),
          text: args.text,
          blocks: args.blocks,
          thread_ts: args.thread_ts,
          metadata: args.metadata,
          bot_id: BOT_ID,
        };
        const list = channels.get(String(args.channel)) ?? [];
        list.push(message);
        channels.set(String(args.channel), list);
        if (drops.delete(method)) return res.destroy();
        return json(200, { ok: true, channel: args.channel, ts: message.ts });
      }
      case 'conversations.history':
        return json(200, history(channels.get(String(args.channel)) ?? [], args));
      case 'conversations.replies':
        return json(200, { ok: true, messages: threads.get(String(args.ts)) ?? [] });
      default:
        return json(200, { ok: true });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    responseUrl: () => `${url}/respond/r${++next}`,
    expire: (u) => expired.add(u.slice(u.lastIndexOf('/') + 1)),
    rateLimitNext: (method, retryAfter, times = 1) => {
      limited.set(method, { retryAfter: String(retryAfter), times });
    },
    failNext: (method, status) => {
      failing.set(method, status);
    },
    setThread: (ts, messages) => threads.set(ts, messages),
    posted: (channel) => [...(channels.get(channel) ?? [])],
    dropResponseOfNext: (method) => {
      drops.add(method);
    },
    hang: (u) => {
      hanging.set(u.slice(u.lastIndexOf('/') + 1), []);
    },
    held: (u) => hanging.get(u.slice(u.lastIndexOf('/') + 1))?.length ?? 0,
    unhang: (u) => {
      const id = u.slice(u.lastIndexOf('/') + 1);
      for (const req of hanging.get(id) ?? []) req.socket.destroy();
      hanging.delete(id);
    },
    waitFor: async (probe, timeoutMs = 3000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > until) throw new Error('fake Slack: expected call did not arrive');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => closeNow(server),
  };
}

/**
 * conversations.history: top-level messages newest first, after `oldest`, `limit` a page with
 * a cursor for the next. Metadata only when asked for with include_all_metadata, as Slack does.
 */
function history(messages: PostedMessage[], args: Record<string, unknown>) {
  const oldest = Number(args.oldest ?? 0);
  const withMetadata = String(args.include_all_metadata) === 'true';
  const all = messages
    .filter((m) => m.thread_ts === undefined && Number(m.ts) > oldest)
    .reverse()
    .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
  const start = Number(args.cursor ?? 0);
  const limit = Math.min(1000, Number(args.limit ?? 100));
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return {
    ok: true,
    messages: page,
    has_more: more,
    response_metadata: { next_cursor: more ? String(start + limit) : '' },
  };
}

/** Web API bodies are form-encoded with JSON-encoded nested values (blocks, view). */
function parseArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw || '{}');
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
