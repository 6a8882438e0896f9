import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { Logger } from '../secrets/log.js';
import { type FieldError, FreshdeskError, type FreshdeskErrorCode } from './errors.js';
import { type RateLimitSeen, RatePacer } from './rate-pacer.js';
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
  /** Retries after a 429 (all methods) or a 5xx/timeout (GET only). */
  readonly maxRetries?: number;
  /** The longest Retry-After worth waiting in-process; longer ones go back to the job queue. */
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
  400: 'validation',
  401: 'auth',
  403: 'forbidden',
  404: 'not-found',
  409: 'validation',
};

type Method = 'GET' | 'POST' | 'PUT';

export function createFreshdeskClient(options: FreshdeskClientOptions): FreshdeskClient {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 120;
  const pacer = new RatePacer(sleep, options.log);
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
      await pacer.beforeCall();
      let res: AxiosResponse;
      try {
        res = await http.request({ method, url: path, params, data });
      } catch (err) {
        const code =
          axios.isAxiosError(err) && /ECONNABORTED|ETIMEDOUT/.test(err.code ?? '') ? 'timeout' : 'network';
        // Only a read is retried here: a POST may have landed, and the job queue decides.
        if (method === 'GET' && attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new FreshdeskError({ code, method, path });
      }
      pacer.observe(res.headers as Record<string, unknown>);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 429) {
        const retryAfter = retryAfterSeconds(res.headers['retry-after']);
        if (attempt < maxRetries && retryAfter <= maxWait) {
          options.log?.warn('Freshdesk rate limit reached; waiting', { path, retryAfterSeconds: retryAfter });
          await sleep(retryAfter * 1000);
          continue;
        }
        throw new FreshdeskError({
          code: 'rate-limited',
          method,
          path,
          status: 429,
          retryAfterSeconds: retryAfter,
        });
      }
      if (res.status >= 500 || res.status === 408) {
        if (method === 'GET' && attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new FreshdeskError({ code: 'server', method, path, status: res.status });
      }
      throw apiError(method, path, res);
    }
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
    if (!parsed.success) throw new FreshdeskError({ code: 'bad-response', method, path, status: res.status });
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
        throw new FreshdeskError({ code: 'bad-response', method: 'GET', path, status: res.status });
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
    listCategories: () => all(categorySchema, '/solutions/categories'),
    listFolders: (categoryId) => all(folderSchema, `/solutions/categories/${categoryId}/folders`),
    listArticles: (folderId) => all(articleSchema, `/solutions/folders/${folderId}/articles`),
    getArticle: (id) => one(articleSchema, 'GET', `/solutions/articles/${id}`),
    rateLimit: () => pacer.last(),
  };
}

const backoffMs = (attempt: number) => 250 * 2 ** attempt;

function retryAfterSeconds(header: unknown): number {
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : 60;
}

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
    code: STATUS_CODES[res.status] ?? 'validation',
    method,
    path,
    status: res.status,
    description,
    fieldErrors,
  });
}
