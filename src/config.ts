import { z } from 'zod';

// The one place that reads the environment. Everything else receives a Config.
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

export const configSchema = z.object({
  KNOWLEDGE_DIR: z.string().min(1).default('knowledge'),
  /** Unset: each entry's threshold fitted at kb build. Set: one threshold for every entry. */
  XEROFIX_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

  PORT: port.default(3000),
  PUBLIC_URL: url.optional(),
  /** Proxies in front of xerofix whose X-Forwarded-For is believed (sign-in throttling is per client address). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/xerofix.db'),
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
  SLACK_AUTO_REPLY_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.8),

  FRESHDESK_BASE_URL: url.optional(),
  FRESHDESK_API_KEY: z.string().optional(),
  FRESHDESK_WEBHOOK_SECRET: z.string().optional(),
  FRESHDESK_REPLY_MODE: z.enum(['note', 'reply']).default('note'),
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

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment once; a bad value names the setting and what it should look like. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid settings (see .env.example):\n${lines.join('\n')}`);
}
