import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow, readBody } from '../loopback.js';

// A loopback stand-in for Slack: the Web API (POST /api/<method>, form or JSON bodies, bearer
// token checked) and response_url endpoints (POST /respond/<id>) that can be made to expire.

export interface ApiCall {
  readonly method: string;
  readonly token: string | undefined;
  readonly args: Record<string, unknown>;
}

export interface Responded {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly responses: Responded[];
  /** A fresh response_url; `expire` makes it answer 404 like a used-up one. */
  responseUrl(): string;
  expire(url: string): void;
  /** Messages conversations.replies returns for a thread root ts. */
  setThread(ts: string, messages: Record<string, unknown>[]): void;
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
  let next = 0;

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await readBody(req);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path.startsWith('/respond/')) {
      const id = path.slice('/respond/'.length);
      if (expired.has(id)) return json(404, { ok: false, error: 'expired_url' });
      responses.push({ id, body: JSON.parse(raw || '{}') });
      return json(200, { ok: true });
    }
    if (!path.startsWith('/api/')) return json(404, { ok: false });
    const method = path.slice('/api/'.length);
    const args = parseArgs(req, raw);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    calls.push({ method, token, args });
    if (token !== options.botToken) return json(200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return json(200, { ok: true, user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: 'T1', user: 'xerofix' });
      case 'chat.postMessage':
        return json(200, { ok: true, channel: args.channel, ts: `${Date.now() / 1000}` });
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
    setThread: (ts, messages) => threads.set(ts, messages),
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
