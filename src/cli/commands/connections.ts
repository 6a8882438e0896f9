import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../config.js';
import { Secret } from '../../secrets/secret.js';
import {
  confirmPending,
  describeSide,
  discardPending,
  type PendingConnectionSummary,
  type Revocation,
  replacementDetail,
  revokeDiscarded,
} from '../../store/pending-connections.js';
import { normaliseCustomerKey, type StoredTokenSet } from '../../store/types.js';
import { consentSettings } from '../../web/consent-settings.js';
import { MAX_INVITE_DAYS, signInvite } from '../../web/invite.js';
import { readAccessToken } from '../../xero/access-token.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { withServices } from '../services.js';

const INVITE_DAYS = 7;
/** Where an agent's decision is recorded as made. */
const DECIDED_IN = 'the CLI';

// Each action checks its arguments before the store is opened, so usage mistakes never depend
// on the key or the database.

/** A customer key as the store keeps it; empty is a usage mistake, not a lookup. */
function customerKey(customer: string): string {
  const key = customer.trim().toLowerCase();
  if (!key) throw new CliError('which customer? Give their email or customer key');
  return key;
}

export interface AddOptions {
  readonly customer?: string;
  readonly tenantId?: string;
  readonly tenantName?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly clientSecretFile?: string;
  readonly tokenFile?: string;
  readonly shared?: boolean;
}

/** `connections add`: stores a connection from a saved Xero token response. */
export async function connectionsAdd(io: CliIo, options: AddOptions): Promise<number> {
  // All missing options at once: an operator fixes the command line in one go.
  const need = [
    ['customer', options.customer],
    ['tenant-id', options.tenantId],
    ['client-id', options.clientId],
    ['token-file', options.tokenFile],
  ] as const;
  const missing: string[] = need.filter(([, value]) => !value).map(([name]) => name);
  if (!options.clientSecret && !options.clientSecretFile) missing.push('client-secret-file');
  if (missing.length) {
    const flags = missing.map((m) => `--${m}`).join(', ');
    throw new CliError(`missing ${flags} (see "xerofix connections add --help")`);
  }
  const ownership = options.shared ? 'shared' : 'owned';
  const file = readTokenFile(resolve(io.cwd, String(options.tokenFile)));
  if (ownership === 'owned' && !file.refresh_token) {
    throw new CliError(
      'the token file has no refresh_token: an owned connection needs one (or add --shared)',
    );
  }
  const clientSecret = options.clientSecretFile
    ? readSecretFile(resolve(io.cwd, options.clientSecretFile))
    : String(options.clientSecret);
  return withServices(io, async ({ store, clock }) => {
    const customerKey = normaliseCustomerKey(String(options.customer));
    const found = await store.connections.findByCustomer(customerKey);
    const before = found?.customerKey === customerKey ? found : undefined;
    const saved = await store.connections.save({
      customerKey,
      tenantId: String(options.tenantId),
      tenantName: options.tenantName ? options.tenantName : null,
      clientId: String(options.clientId),
      clientSecret: new Secret(clientSecret),
      tokenSet: new Secret(withExpiry(file, clock())),
      ownership,
    });
    if (before) {
      // An agent replacing a connection by hand is still a replacement worth a record.
      await store.events.add({
        connectionId: saved.id,
        customerKey: saved.customerKey,
        kind: 'replaced',
        verdict: 'unchecked',
        entry: null,
        detail: replacementDetail(before, saved, `by an agent in ${DECIDED_IN} (connections add)`),
      });
      io.stdout.write(`Replaced the connection for ${saved.customerKey}: it was ${describeSide(before)}.\n`);
    }
    io.stdout.write(`Stored ${ownership} connection for ${saved.customerKey} (tenant ${saved.tenantId}).\n`);
    io.stdout.write(`Check it with: xerofix probe ${saved.customerKey}\n`);
    return 0;
  });
}

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

/** `connections list`: one tab-separated line per connection, or a JSON array. */
export async function connectionsList(io: CliIo, options: { json?: boolean }): Promise<number> {
  return withServices(io, async ({ store }) => {
    const [rows, pending] = await Promise.all([store.connections.list(), store.pendingConnections.list()]);
    if (options.json) {
      const waitingFor = (id: string) => pending.find((p) => p.replaces.connectionId === id) ?? null;
      const out = rows.map((c) => ({ ...c, pendingReplacement: waitingFor(c.id) }));
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    if (!rows.length)
      io.stdout.write('No connections stored. Add one with: xerofix connections add --help\n');
    for (const c of rows) {
      const health = c.health ?? 'unchecked';
      const tenant = c.tenantName ? `${c.tenantName} (${c.tenantId})` : c.tenantId;
      io.stdout.write(`${c.customerKey}\t${c.ownership}\t${tenant}\t${health}\t${c.lastVerdict ?? '-'}\n`);
    }
    for (const p of pending) io.stdout.write(`${pendingLine(p)}\n`);
    if (pending.length) {
      // On stderr: stdout stays one tab-separated line per row for scripts.
      io.stderr.write(
        'Pending connections arrived through a connect link and would replace a stored one: check with the customer, then run xerofix connections confirm CUSTOMER (use it) or xerofix connections discard CUSTOMER (keep the stored one).\n',
      );
    }
    return 0;
  });
}

function pendingLine(p: PendingConnectionSummary): string {
  const tenant = p.tenantName ? `${p.tenantName} (${p.tenantId})` : p.tenantId;
  const under = p.replaces.customerKey === p.customerKey ? '' : ` under ${p.replaces.customerKey}`;
  return `${p.customerKey}\tpending\t${tenant}\treplaces ${describeSide(p.replaces)}${under}\treceived ${p.receivedAt}`;
}

/**
 * `connections remove CUSTOMER`: exits 1 when nothing was stored for them. A replacement that
 * waited for the removed connection goes too, and its tokens are revoked at Xero as a discard's are.
 */
export async function connectionsRemove(io: CliIo, name: string): Promise<number> {
  const customer = customerKey(name);
  return withServices(io, async ({ store, gateway }) => {
    // One transaction: a replacement waiting for a connection that is gone would linger unseen.
    const dropped = await store.atomically(async (tx) =>
      (await tx.connections.remove(customer)) ? tx.pendingConnections.takeAllFor(customer) : undefined,
    );
    if (!dropped) {
      io.stderr.write(`xerofix: no connection stored for ${customer}\n`);
      return 1;
    }
    io.stdout.write(`Removed the connection for ${customer}.\n`);
    if (dropped.length)
      io.stdout.write(`Also dropped ${dropped.length} pending connection(s) that would have replaced it.\n`);
    for (const pending of dropped) {
      const revocation = await revokeDiscarded(store, pending, (id, secret, token) =>
        gateway.revoke(id, secret, token),
      );
      reportRevocation(io, revocation, `the tokens of the pending connection to ${describeSide(pending)}`);
    }
    return 0;
  });
}

/** `connections invite CUSTOMER`: a single-use connect link, refused while it could not work. */
export async function connectionsInvite(
  io: CliIo,
  name: string,
  options: { days?: string },
): Promise<number> {
  const customer = customerKey(name);
  const days = options.days !== undefined ? Number(options.days) : INVITE_DAYS;
  if (!Number.isFinite(days) || days <= 0 || days > MAX_INVITE_DAYS)
    throw new CliError(`--days must be between 1 and ${MAX_INVITE_DAYS}`);
  // Checked before the store opens: a link that cannot work must not be sent at all.
  const config = loadConfig(io.env);
  const missing = connectFlowMissing(config);
  if (missing.length) {
    throw new CliError(
      `cannot make a connect link: ${missing.join('; ')}. Set ${missing.length > 1 ? 'them' : 'it'} for this command and the server, then run it again.`,
      78,
    );
  }
  return withServices(io, async ({ keyRing, clock }) => {
    const expiresAt = clock() + days * 86_400_000;
    const link = new URL('/xero/connect', config.http.publicUrl);
    link.searchParams.set('invite', signInvite(keyRing, { customer, expiresAt }));
    io.stdout.write(`${link.toString()}\n`);
    io.stderr.write(
      `Send this link to ${customer}; it works once and expires ${new Date(expiresAt).toISOString()}.\n`,
    );
    return 0;
  });
}

/** What keeps a connect link from working, in the settings' names; empty when nothing does. */
function connectFlowMissing(config: ReturnType<typeof loadConfig>): string[] {
  const missing: string[] = [];
  // The server turns the connect flow on exactly when it has consent settings.
  if (!consentSettings(config.xero, config.http)) {
    missing.push(
      "the Xero connect flow is off (set XERO_CLIENT_ID and XERO_CLIENT_SECRET to your Xero app's client id and secret)",
    );
  }
  if (!config.http.publicUrlSet) {
    missing.push(
      'PUBLIC_URL is not set (set it to the address customers reach this server on, e.g. https://support.example.com)',
    );
  }
  return missing;
}

/** `connections confirm CUSTOMER`: the connection that arrived replaces the stored one. */
export async function connectionsConfirm(io: CliIo, name: string): Promise<number> {
  const customer = customerKey(name);
  return withServices(io, async ({ store }) => {
    const decided = await confirmPending(store, customer, DECIDED_IN);
    if (!decided.ok) return nothingPending(io, customer);
    const { pending } = decided;
    io.stdout.write(
      `Confirmed: ${pending.customerKey} now uses ${describeSide(pending)}, replacing ${describeSide(pending.replaces)}.\n`,
    );
    io.stdout.write(`Check it with: xerofix probe ${pending.customerKey}\n`);
    return 0;
  });
}

/** `connections discard CUSTOMER`: the stored connection stays; the arrival is dropped. */
export async function connectionsDiscard(io: CliIo, name: string): Promise<number> {
  const customer = customerKey(name);
  return withServices(io, async ({ store, gateway }) => {
    const decided = await discardPending(store, customer, DECIDED_IN, (id, secret, token) =>
      gateway.revoke(id, secret, token),
    );
    if (!decided.ok) return nothingPending(io, customer);
    const { pending, revocation } = decided;
    io.stdout.write(
      `Discarded the connection to ${describeSide(pending)}; ${pending.replaces.customerKey} keeps ${describeSide(pending.replaces)}.\n`,
    );
    if (revocation) reportRevocation(io, revocation, 'its tokens');
    return 0;
  });
}

/** What became of a dropped connection's tokens at Xero; `tokens` names them ("its tokens"). */
function reportRevocation(io: CliIo, revocation: Revocation, tokens: string): void {
  const Tokens = `${tokens.charAt(0).toUpperCase()}${tokens.slice(1)}`;
  if (revocation.kind === 'revoked') io.stdout.write(`${Tokens} were revoked at Xero.\n`);
  if (revocation.kind === 'kept-for-live')
    io.stdout.write(
      `${Tokens} were not revoked at Xero: the same Xero user and app also connect ${revocation.liveCustomer}, and revoking would cut that connection off too.\n`,
    );
  if (revocation.kind === 'failed')
    io.stderr.write(
      `xerofix: Xero could not be told to revoke ${tokens} (${revocation.error}); they stay valid at Xero until they lapse after 60 days unused, or the customer removes the app in Xero's Connected Apps.\n`,
    );
}

function nothingPending(io: CliIo, customer: string): number {
  io.stderr.write(
    `xerofix: no pending connection for ${customer}. See what waits with: xerofix connections list\n`,
  );
  return 1;
}

/** `connections rekey`: re-seals every stored secret with the first key in XEROFIX_SECRET_KEY. */
export async function connectionsRekey(io: CliIo): Promise<number> {
  return withServices(io, async ({ store, keyRing }) => {
    const count =
      (await store.connections.resealWithCurrentKey()) +
      (await store.pendingConnections.resealWithCurrentKey());
    io.stdout.write(`Re-sealed ${count} connection(s) with key ${keyRing.current.id}. `);
    io.stdout.write('Once no instance needs the old key, remove it from XEROFIX_SECRET_KEY.\n');
    return 0;
  });
}
