import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { Logger } from '../runtime/logger.js';
import { type FieldError, FreshdeskError, type FreshdeskErrorCode } from './errors.js';
import { type RateLimitSeen, RatePacer } from './rate-pacer.js';
import { retryAfterMs } from './retry-after.js';
import { tagQuery, ticketSearchSchema } from './search.js';
import {
  articleSchema,
  type Conversation,
  categorySchema,
  conversationSchema,
  folderSchema,
  type NewTicket,
  type SolutionArticle,
  type SolutionCategory,
  type SolutionFolder,
  type Ticket,
  ticketSchema,
} from './types.js';

export interface FreshdeskClientOptions {
  /** https://acme.freshdesk.com */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly log?: Pick<Logger, 'warn' | 'info'>;
  /** Injected so tests need not wait out Retry-After. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock the pacer reckons waits with; injected along with `sleep` in tests. */
  readonly now?: () => number;
  /** Retries after a 429 (all methods) or a 5xx/timeout (GET only). */
  readonly maxRetries?: number;
  /**
   * The longest Retry-After worth waiting in-process; longer ones go back to the job queue
   * (and so does every other call while that wait lasts).
   */
  readonly maxWaitSeconds?: number;
}

export interface FreshdeskClient {
  getTicket(id: number): Promise<Ticket>;
  listConversations(ticketId: number): Promise<Conversation[]>;
  createTicket(ticket: NewTicket): Promise<Ticket>;
  reply(ticketId: number, bodyHtml: string): Promise<void>;
  addNote(ticketId: number, bodyHtml: string, options: { private: boolean }): Promise<void>;
  /** Adds tags, keeping the agent's: an update replaces the list, so it is read and merged. */
  addTags(ticketId: number, tags: readonly string[]): Promise<void>;
  listTicketsUpdatedSince(iso: string): Promise<Ticket[]>;
  /** Tickets with this tag, by Freshdesk's search (its index can lag a new ticket by a while). */
  searchTicketsByTag(tag: string): Promise<Ticket[]>;
  /** The requester's tickets updated since `iso`, read from the tickets themselves (no index). */
  listRequesterTickets(email: string, iso: string): Promise<Ticket[]>;
  listCategories(): Promise<SolutionCategory[]>;
  listFolders(categoryId: number): Promise<SolutionFolder[]>;
  listArticles(folderId: number): Promise<SolutionArticle[]>;
  getArticle(id: number): Promise<SolutionArticle>;
  /** The last X-RateLimit-Total/Remaining seen, for metrics. */
  rateLimit(): RateLimitSeen | undefined;
}

const PER_PAGE = 100;
const MAX_PAGES = 10;
const STATUS_CODES: Record<number, FreshdeskErrorCode> = {
  400: 'freshdesk.validation',
  401: 'freshdesk.auth',
  403: 'freshdesk.forbidden',
  404: 'freshdesk.not-found',
  409: 'freshdesk.validation',
};

type Method = 'GET' | 'POST' | 'PUT';

export function createFreshdeskClient(options: FreshdeskClientOptions): FreshdeskClient {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = (options.maxWaitSeconds ?? 120) * 1000;
  const now = options.now ?? Date.now;
  const pacer = new RatePacer(sleep, now, options.log);
  const http: AxiosInstance = axios.create({
    baseURL: `${options.baseUrl.replace(/\/+$/, '')}/api/v2`,
    timeout: options.timeoutMs,
    auth: { username: options.apiKey, password: 'X' },
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    validateStatus: () => true,
    maxRedirects: 0,
  });

  async function call(method: Method, path: string, params?: object, data?: object): Promise<AxiosResponse> {
    for (let attempt = 0; ; attempt++) {
      const held = pacer.heldForMs();
      // Another call was told to wait longer than we would: this one goes back to the queue too.
      if (held > maxWaitMs) throw rateLimited(method, path, held, undefined);
      await pacer.beforeCall();
      const sentAt = now();
      let res: AxiosResponse;
      try {
        res = await http.request({ method, url: path, params, data });
      } catch (err) {
        const code =
          axios.isAxiosError(err) && /ECONNABORTED|ETIMEDOUT/.test(err.code ?? '')
            ? 'freshdesk.timeout'
            : 'freshdesk.network';
        // Only a read is retried here: a POST may have landed, and the job queue decides.
        if (method === 'GET' && attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new FreshdeskError({ code, method, path });
      }
      if (res.status === 429) {
        const waitMs = waitAsked(res);
        // Held for every call, this one's retry included: the pacer does the waiting.
        pacer.throttled(waitMs);
        if (attempt < maxRetries && waitMs <= maxWaitMs) {
          options.log?.warn('Freshdesk rate limit reached; waiting', {
            path,
            retryAfterSeconds: waitMs / 1000,
          });
          continue;
        }
        throw rateLimited(method, path, waitMs, 429);
      }
      pacer.observe(res.headers as Record<string, unknown>, sentAt);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status >= 500 || res.status === 408) {
        if (method === 'GET' && attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new FreshdeskError({ code: 'freshdesk.server', method, path, status: res.status });
      }
      throw apiError(method, path, res);
    }
  }

  /**
   * The server's Retry-After. Freshdesk always sends one with a 429; without a readable one
   * we wait out what is left of the minute window (its budget resets each minute), or a whole
   * minute when the pacer cannot tell, and at least a second so a retry never spins.
   */
  function waitAsked(res: AxiosResponse): number {
    const asked = retryAfterMs(res.headers['retry-after'], { now: now(), serverDate: res.headers.date });
    return asked ?? Math.max(MIN_DEFAULT_WAIT_MS, pacer.windowLeftMs() ?? DEFAULT_WAIT_MS);
  }

  async function one<T extends z.ZodType>(
    schema: T,
    method: Method,
    path: string,
    params?: object,
    data?: object,
  ) {
    const res = await call(method, path, params, data);
    const parsed = schema.safeParse(res.data);
    if (!parsed.success)
      throw new FreshdeskError({ code: 'freshdesk.bad-response', method, path, status: res.status });
    return parsed.data as z.infer<T>;
  }

  /** Every page (up to MAX_PAGES): stops at a short page or when no Link header offers more. */
  async function all<T extends z.ZodType>(
    schema: T,
    path: string,
    params: object = {},
  ): Promise<z.infer<T>[]> {
    const out: z.infer<T>[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await call('GET', path, { ...params, page, per_page: PER_PAGE });
      const parsed = schema.array().safeParse(res.data);
      if (!parsed.success)
        throw new FreshdeskError({ code: 'freshdesk.bad-response', method: 'GET', path, status: res.status });
      out.push(...(parsed.data as z.infer<T>[]));
      if (parsed.data.length < PER_PAGE || !res.headers.link) break;
    }
    return out;
  }

  return {
    getTicket: (id) => one(ticketSchema, 'GET', `/tickets/${id}`, { include: 'requester' }),
    listConversations: (ticketId) => all(conversationSchema, `/tickets/${ticketId}/conversations`),
    createTicket: (ticket) => one(ticketSchema, 'POST', '/tickets', undefined, { ...ticket }),
    reply: async (ticketId, body) => {
      await call('POST', `/tickets/${ticketId}/reply`, undefined, { body });
    },
    addNote: async (ticketId, body, { private: isPrivate }) => {
      // Sent explicitly: copies of Freshdesk's docs disagree on the default.
      await call('POST', `/tickets/${ticketId}/notes`, undefined, { body, private: isPrivate });
    },
    addTags: async (ticketId, tags) => {
      const ticket = await one(ticketSchema, 'GET', `/tickets/${ticketId}`);
      const merged = [...new Set([...ticket.tags, ...tags])];
      if (merged.length === ticket.tags.length) return;
      await call('PUT', `/tickets/${ticketId}`, undefined, { tags: merged });
    },
    listTicketsUpdatedSince: (iso) =>
      all(ticketSchema, '/tickets', { updated_since: iso, order_by: 'updated_at', order_type: 'asc' }),
    searchTicketsByTag: async (tag) =>
      (await one(ticketSearchSchema, 'GET', '/search/tickets', { query: tagQuery(tag) })).results,
    listRequesterTickets: (email, iso) =>
      all(ticketSchema, '/tickets', {
        email,
        updated_since: iso,
        order_by: 'created_at',
        order_type: 'desc',
      }),
    listCategories: () => all(categorySchema, '/solutions/categories'),
    listFolders: (categoryId) => all(folderSchema, `/solutions/categories/${categoryId}/folders`),
    listArticles: (folderId) => all(articleSchema, `/solutions/folders/${folderId}/articles`),
    getArticle: (id) => one(articleSchema, 'GET', `/solutions/articles/${id}`),
    rateLimit: () => pacer.last(),
  };
}

const backoffMs = (attempt: number) => 250 * 2 ** attempt;
const DEFAULT_WAIT_MS = 60_000;
const MIN_DEFAULT_WAIT_MS = 1_000;

const rateLimited = (method: string, path: string, waitMs: number, status: 429 | undefined) =>
  new FreshdeskError({
    code: 'freshdesk.rate-limited',
    method,
    path,
    status,
    retryAfterSeconds: Math.ceil(waitMs / 1000),
  });

function apiError(method: string, path: string, res: AxiosResponse): FreshdeskError {
  const body = (res.data ?? {}) as { description?: unknown; errors?: unknown; message?: unknown };
  const fieldErrors: FieldError[] = Array.isArray(body.errors)
    ? body.errors.map((e: Record<string, unknown>) => ({
        field: String(e.field ?? ''),
        message: String(e.message ?? ''),
        code: String(e.code ?? ''),
      }))
    : [];
  const description =
    typeof body.description === 'string'
      ? body.description
      : typeof body.message === 'string'
        ? body.message
        : undefined;
  return new FreshdeskError({
    code: STATUS_CODES[res.status] ?? 'freshdesk.validation',
    method,
    path,
    status: res.status,
    description,
    fieldErrors,
  });
}
