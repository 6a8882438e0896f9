import { z } from 'zod';
import { XerofixError } from './errors/xerofix-error.js';

// The one place that reads the environment. The env names (what users put in .env) are
// validated here once, then mapped to camelCase slices, one per part of the house
// (config.slack, config.freshdesk, config.store …); each part receives only its slice.
// Each setting is optional so a newcomer can run xerofix with nothing set; the
// README says what each one turns on.

const port = z.coerce.number().int().min(0).max(65_535);
const url = z.string().url();
const seconds = z.coerce.number().int().min(0);
/** A comma-separated list ("C01,C02"), blanks dropped. */
const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** Slack's thread auto-reply and Freshdesk's public reply start from the same bar, each settable. */
const UNASKED_ANSWER_MIN_CONFIDENCE = 0.8;

/** The environment as users write it (env names); loadConfig maps it to the slices below. */
export const envSchema = z.object({
  KNOWLEDGE_DIR: z.string().min(1).default('knowledge'),
  /** Unset: each entry's threshold fitted at kb build. Set: one threshold for every entry. */
  XEROFIX_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

  PORT: port.default(3000),
  PUBLIC_URL: url.optional(),
  /** Proxies in front of xerofix whose X-Forwarded-For is believed (sign-in throttling is per client address). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/xerofix.db'),
  /**
   * SQLite only: `normal` keeps every commit through a crash or kill of the process; `full` also
   * through a power cut or OS crash, at the cost of an fsync per commit (README, Operations).
   */
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  XEROFIX_SECRET_KEY: z.string().optional(),

  XERO_CLIENT_ID: z.string().optional(),
  XERO_CLIENT_SECRET: z.string().optional(),
  XERO_SCOPES: z.string().default('openid profile email accounting.settings.read offline_access'),
  XERO_IDENTITY_URL: url.default('https://identity.xero.com'),
  XERO_LOGIN_URL: url.default('https://login.xero.com'),
  XERO_API_URL: url.default('https://api.xero.com'),
  XERO_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  KEEPER_INTERVAL_SECONDS: seconds.default(900),

  /** Signs staff in to the web console (/status, /lookup, /gaps); the console is off without it. */
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters (openssl rand -hex 24)').optional(),

  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: url.default('https://slack.com/api/'),
  SLACK_AUTO_REPLY_CHANNELS: list,
  SLACK_ALERT_CHANNEL: z.string().optional(),
  /** Only confident answers are posted unasked in a channel thread. */
  SLACK_AUTO_REPLY_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(UNASKED_ANSWER_MIN_CONFIDENCE),

  FRESHDESK_BASE_URL: url.optional(),
  FRESHDESK_API_KEY: z.string().optional(),
  FRESHDESK_WEBHOOK_SECRET: z.string().optional(),
  FRESHDESK_REPLY_MODE: z.enum(['note', 'reply']).default('note'),
  /** A public reply to the customer (FRESHDESK_REPLY_MODE=reply) needs at least this confidence. */
  FRESHDESK_PUBLIC_REPLY_MIN_CONFIDENCE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(UNASKED_ANSWER_MIN_CONFIDENCE),
  FRESHDESK_POLL_SECONDS: seconds.default(0),
  FRESHDESK_ALERT_TICKETS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  FRESHDESK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),

  /** First retry delay of a failed job (a Freshdesk answer, an alert); doubles up to 15 minutes. */
  JOB_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5_000),
  /** How long a job stays claimed by an instance that stopped answering (crashed) before another takes it. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
});

export type Env = z.infer<typeof envSchema>;

/** The settings, one camelCase slice per part of the house; built once from the environment. */
export function configFromEnv(env: Env) {
  return {
    knowledge: {
      dir: env.KNOWLEDGE_DIR,
      minConfidence: env.XEROFIX_MIN_CONFIDENCE,
    },
    log: { level: env.LOG_LEVEL },
    http: {
      port: env.PORT,
      /** Where people reach this server; links and the OAuth redirect are built from it. */
      publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      /** False when PUBLIC_URL is unset (and links fall back to localhost). */
      publicUrlSet: env.PUBLIC_URL !== undefined,
      trustProxy: env.TRUST_PROXY,
    },
    store: {
      databaseUrl: env.DATABASE_URL,
      secretKey: env.XEROFIX_SECRET_KEY,
      sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
    },
    xero: {
      clientId: env.XERO_CLIENT_ID,
      clientSecret: env.XERO_CLIENT_SECRET,
      scopes: env.XERO_SCOPES,
      identityUrl: env.XERO_IDENTITY_URL,
      loginUrl: env.XERO_LOGIN_URL,
      apiUrl: env.XERO_API_URL,
      timeoutMs: env.XERO_TIMEOUT_MS,
    },
    keeper: { intervalSeconds: env.KEEPER_INTERVAL_SECONDS },
    console: { adminToken: env.ADMIN_TOKEN },
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      autoReplyChannels: env.SLACK_AUTO_REPLY_CHANNELS,
      autoReplyMinConfidence: env.SLACK_AUTO_REPLY_MIN_CONFIDENCE,
      alertChannel: env.SLACK_ALERT_CHANNEL,
      /** Bolt's own log lines follow ours. */
      logLevel: env.LOG_LEVEL,
    },
    freshdesk: {
      baseUrl: env.FRESHDESK_BASE_URL,
      apiKey: env.FRESHDESK_API_KEY,
      webhookSecret: env.FRESHDESK_WEBHOOK_SECRET,
      replyMode: env.FRESHDESK_REPLY_MODE,
      publicReplyMinConfidence: env.FRESHDESK_PUBLIC_REPLY_MIN_CONFIDENCE,
      pollSeconds: env.FRESHDESK_POLL_SECONDS,
      alertTickets: env.FRESHDESK_ALERT_TICKETS,
      timeoutMs: env.FRESHDESK_TIMEOUT_MS,
    },
    jobs: {
      retryBaseMs: env.JOB_RETRY_BASE_MS,
      leaseSeconds: env.JOB_LEASE_SECONDS,
    },
  } as const;
}

export type Config = ReturnType<typeof configFromEnv>;
export type KnowledgeConfig = Config['knowledge'];
export type HttpConfig = Config['http'];
export type StoreConfig = Config['store'];
export type XeroConfig = Config['xero'];
export type ConsoleConfig = Config['console'];
export type SlackConfig = Config['slack'];
export type FreshdeskConfig = Config['freshdesk'];
export type JobsConfig = Config['jobs'];

export class ConfigError extends XerofixError {
  override readonly name = 'ConfigError';
  constructor(message: string) {
    super(message, { code: 'config.invalid', retryable: false });
  }
}

/** Validates the environment once; a bad value names the setting and what it should look like. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return configFromEnv(parsed.data);
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid settings (see .env.example):\n${lines.join('\n')}`);
}
