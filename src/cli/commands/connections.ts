import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { type LiveServices, openLiveServices, startupProblem } from '../../probe/services.js';
import { createLogger } from '../../secrets/log.js';
import { Secret } from '../../secrets/secret.js';
import type { StoredTokenSet } from '../../store/types.js';
import { publicBase } from '../../web/app.js';
import { signInvite } from '../../web/invite.js';
import { readAccessToken } from '../../xero/access-token.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

const USAGE = `Usage:
  xerofix connections add --customer KEY --tenant-id ID --client-id ID (--client-secret-file FILE | --client-secret SECRET) --token-file FILE [--shared] [--tenant-name NAME]
  xerofix connections list [--json]
  xerofix connections remove CUSTOMER
  xerofix connections invite CUSTOMER [--days N]
  xerofix connections rekey   (after putting a new key first in XEROFIX_SECRET_KEY)`;

const INVITE_DAYS = 7;

/** Arguments are checked before the store is opened, so usage mistakes never depend on the key. */
type Action = (args: string[], io: CliIo) => (services: LiveServices) => Promise<number>;

export async function connectionsCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const actions: Record<string, Action> = { add, list, remove, invite, rekey };
  const prepare = action ? actions[action] : undefined;
  if (!prepare) throw new CliError(`unknown or missing action "${action ?? ''}"\n${USAGE}`);
  return withServices(io, prepare(rest, io));
}

/** Opens the store for one command; operator mistakes (key, database) become plain messages. */
export async function withServices(io: CliIo, body: (s: LiveServices) => Promise<number>): Promise<number> {
  const config = loadConfig(io.env);
  const log = createLogger(config.LOG_LEVEL, (line) => io.stderr.write(line));
  let services: LiveServices;
  try {
    services = await openLiveServices(config, { cwd: io.cwd, log });
  } catch (err) {
    const problem = startupProblem(err);
    if (problem) throw new CliError(problem, 78);
    throw err;
  }
  try {
    return await body(services);
  } finally {
    await services.close();
  }
}

function options<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
}

function customerArg(args: string[], spec: NonNullable<ParseArgsConfig['options']> = {}) {
  const parsed = options(args, spec);
  const customer = parsed.positionals[0]?.trim().toLowerCase();
  if (!customer) throw new CliError(`which customer?\n${USAGE}`);
  return { customer, values: parsed.values };
}

const add: Action = (args, io) => {
  const { values } = options(args, {
    customer: { type: 'string' },
    'tenant-id': { type: 'string' },
    'tenant-name': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    // A file keeps the secret out of shell history and the process list.
    'client-secret-file': { type: 'string' },
    'token-file': { type: 'string' },
    shared: { type: 'boolean' },
  });
  const need = ['customer', 'tenant-id', 'client-id', 'token-file'] as const;
  const missing: string[] = need.filter((k) => !values[k]);
  if (!values['client-secret'] && !values['client-secret-file']) missing.push('client-secret-file');
  if (missing.length) throw new CliError(`missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
  const ownership = values.shared ? 'shared' : 'owned';
  const file = readTokenFile(resolve(io.cwd, String(values['token-file'])));
  if (ownership === 'owned' && !file.refresh_token) {
    throw new CliError(
      'the token file has no refresh_token: an owned connection needs one (or add --shared)',
    );
  }
  const clientSecret = values['client-secret-file']
    ? readSecretFile(resolve(io.cwd, String(values['client-secret-file'])))
    : String(values['client-secret']);
  return async ({ store, clock }) => {
    const saved = await store.connections.save({
      customerKey: String(values.customer),
      tenantId: String(values['tenant-id']),
      tenantName: values['tenant-name'] ? String(values['tenant-name']) : null,
      clientId: String(values['client-id']),
      clientSecret: new Secret(clientSecret),
      tokenSet: new Secret(withExpiry(file, clock())),
      ownership,
    });
    io.stdout.write(`Stored ${ownership} connection for ${saved.customerKey} (tenant ${saved.tenantId}).\n`);
    io.stdout.write(`Check it with: xerofix probe ${saved.customerKey}\n`);
    return 0;
  };
};

function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`cannot read the client secret file ${path}`);
  }
  const secret = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (!secret) throw new CliError(`the client secret file ${path} is empty`);
  return secret;
}

type TokenFile = Omit<StoredTokenSet, 'expires_at'> & { expires_at?: number; expires_in?: number };

/** Accepts a Xero token response as an integration saved it. */
function readTokenFile(path: string): TokenFile {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not valid JSON';
    throw new CliError(`token file ${path}: ${why}`);
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const access = str(data.access_token);
  if (!access) throw new CliError(`token file ${path} has no access_token`);
  return {
    access_token: access,
    refresh_token: str(data.refresh_token),
    scope: str(data.scope),
    token_type: str(data.token_type),
    expires_at: num(data.expires_at),
    expires_in: num(data.expires_in),
  };
}

/** Expiry: the file's expires_at, else the JWT's own exp, else expires_in counted from now. */
function withExpiry(file: TokenFile, now: number): StoredTokenSet {
  const { expires_in, ...rest } = file;
  const fromJwt = readAccessToken(file.access_token)?.expiresAt;
  const expiresAt =
    file.expires_at ??
    (fromJwt ? Math.floor(fromJwt / 1000) : expires_in ? Math.floor(now / 1000) + expires_in : undefined);
  return { ...rest, expires_at: expiresAt };
}

const list: Action = (args, io) => {
  const { values } = options(args, { json: { type: 'boolean' } });
  return async ({ store }) => {
    const rows = await store.connections.list();
    if (values.json) {
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (!rows.length)
      io.stdout.write('No connections stored. Add one with: xerofix connections add --help\n');
    for (const c of rows) {
      const health = c.health ?? 'unchecked';
      const tenant = c.tenantName ? `${c.tenantName} (${c.tenantId})` : c.tenantId;
      io.stdout.write(`${c.customerKey}\t${c.ownership}\t${tenant}\t${health}\t${c.lastVerdict ?? '-'}\n`);
    }
    return 0;
  };
};

const remove: Action = (args, io) => {
  const { customer } = customerArg(args);
  return async ({ store }) => {
    if (!(await store.connections.remove(customer))) {
      io.stderr.write(`xerofix: no connection stored for ${customer}\n`);
      return 1;
    }
    io.stdout.write(`Removed the connection for ${customer}.\n`);
    return 0;
  };
};

const invite: Action = (args, io) => {
  const { customer, values } = customerArg(args, { days: { type: 'string' } });
  const days = values.days ? Number(values.days) : INVITE_DAYS;
  if (!Number.isFinite(days) || days <= 0 || days > 30) throw new CliError('--days must be between 1 and 30');
  return async ({ keyRing, config, clock }) => {
    const expiresAt = clock() + days * 86_400_000;
    const link = new URL('/xero/connect', publicBase(config));
    link.searchParams.set('invite', signInvite(keyRing, { customer, expiresAt }));
    io.stdout.write(`${link.toString()}\n`);
    io.stderr.write(`Send this link to ${customer}; it expires ${new Date(expiresAt).toISOString()}.\n`);
    return 0;
  };
};

const rekey: Action = (args, io) => {
  options(args, {});
  return async ({ store, keyRing }) => {
    const count = await store.connections.resealWithCurrentKey();
    io.stdout.write(`Re-sealed ${count} connection(s) with key ${keyRing.current.id}. `);
    io.stdout.write('Once no instance needs the old key, remove it from XEROFIX_SECRET_KEY.\n');
    return 0;
  };
};
