import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeXeroState, type Grant, type TenantMode } from './state.js';

// A loopback stand-in for identity.xero.com, login.xero.com and api.xero.com, answering
// with the statuses, bodies and headers Xero uses (reference/xero.md §1–2).

export interface FakeXero {
  readonly url: string;
  readonly state: FakeXeroState;
  /** The tenants the next consent on the authorize page will grant. */
  nextConsent: { tenantIds: string[]; scopes?: string[] } | undefined;
  readonly requests: { method: string; path: string }[];
  /** Refresh tokens revoked at /connect/revocation, by app, in order. */
  readonly revocations: { clientId: string; refreshToken: string }[];
  /** When set, /connect/revocation answers with this status (and revokes nothing). */
  revocationStatus: number | undefined;
  setTenantMode(tenantId: string, mode: TenantMode): void;
  close(): Promise<void>;
}

const problem = (status: number, title: string, detail: string) => ({
  Type: null,
  Title: title,
  Status: status,
  Detail: detail,
  Instance: randomBytes(8).toString('hex'),
  Extensions: {},
});

export async function startFakeXero(now: () => number = Date.now): Promise<FakeXero> {
  const state = new FakeXeroState(now);
  const sockets = new Set<Socket>();
  const fake: FakeXero = {
    url: '',
    state,
    nextConsent: undefined,
    requests: [],
    revocations: [],
    revocationStatus: undefined,
    setTenantMode: (id, mode) => {
      const t = state.tenants.get(id);
      if (t) t.mode = mode;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      fake.requests.push({ method: req.method ?? 'GET', path: url.pathname });
      route(fake, req, res, url, Buffer.concat(chunks).toString());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function route(fake: FakeXero, req: IncomingMessage, res: ServerResponse, url: URL, body: string) {
  const key = `${req.method} ${url.pathname}`;
  if (key === 'POST /connect/token') return token(fake, req, res, new URLSearchParams(body));
  if (key === 'POST /connect/revocation') return revoke(fake, req, res, new URLSearchParams(body));
  if (key === 'GET /identity/connect/authorize') return authorize(fake, res, url);
  if (key === 'GET /connections') return connections(fake, req, res);
  if (key === 'GET /api.xro/2.0/Organisation') return organisation(fake, req, res);
  json(res, 404, problem(404, 'NotFound', 'The resource you are looking for was not found'));
}

function clientOf(fake: FakeXero, req: IncomingMessage): string | undefined {
  const basic = (req.headers.authorization ?? '').replace(/^Basic /, '');
  const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
  return id && fake.state.apps.get(id) === secret ? id : undefined;
}

function token(fake: FakeXero, req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
  const clientId = clientOf(fake, req);
  if (!clientId) return json(res, 400, { error: 'invalid_client' });
  const grantType = form.get('grant_type');
  if (grantType === 'refresh_token') {
    const answer = fake.state.refresh(form.get('refresh_token') ?? '', clientId);
    return answer === 'invalid_grant' ? json(res, 400, { error: 'invalid_grant' }) : json(res, 200, answer);
  }
  if (grantType === 'authorization_code') {
    const code = fake.state.codes.get(form.get('code') ?? '');
    fake.state.codes.delete(form.get('code') ?? '');
    const grant = code && fake.state.grants.get(code.grantId);
    const valid =
      code && grant && code.redirectUri === form.get('redirect_uri') && fake.state.now() < code.expiresAt;
    return valid && grant
      ? json(res, 200, fake.state.issueTokens(grant))
      : json(res, 400, { error: 'invalid_grant' });
  }
  json(res, 400, { error: 'unsupported_grant_type' });
}

// RFC 7009 as Xero runs it: the app authenticates with its client credentials; a token it does
// not know is answered 200 all the same. Revoking a refresh token ends its whole grant.
function revoke(fake: FakeXero, req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
  if (fake.revocationStatus) return json(res, fake.revocationStatus, { error: 'server_error' });
  const clientId = clientOf(fake, req);
  if (!clientId) return json(res, 400, { error: 'invalid_client' });
  const refreshToken = form.get('token') ?? '';
  const record = fake.state.refreshTokens.get(refreshToken);
  const grant = record && fake.state.grants.get(record.grantId);
  if (grant && grant.clientId === clientId) grant.revoked = true;
  fake.revocations.push({ clientId, refreshToken });
  res.writeHead(200).end();
}

/** Consent is automatic: the test says beforehand which tenants the user will pick. */
function authorize(fake: FakeXero, res: ServerResponse, url: URL) {
  const q = url.searchParams;
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!fake.state.apps.has(clientId) || !fake.nextConsent) {
    res
      .writeHead(500, { 'content-type': 'text/html' })
      .end('Error: unauthorized_client : Unknown client or client not enabled');
    return;
  }
  const scopes = fake.nextConsent.scopes ?? (q.get('scope') ?? '').split(' ').filter(Boolean);
  const { grant } = fake.state.createGrant(clientId, fake.nextConsent.tenantIds, scopes);
  const code = randomBytes(16).toString('hex');
  fake.state.issued.add(code);
  fake.state.codes.set(code, { grantId: grant.id, redirectUri, expiresAt: fake.state.now() + 300_000 });
  const back = new URL(redirectUri);
  back.searchParams.set('code', code);
  back.searchParams.set('state', q.get('state') ?? '');
  back.searchParams.set('scope', scopes.join(' '));
  res.writeHead(302, { location: back.toString() }).end();
}

function bearer(fake: FakeXero, req: IncomingMessage, res: ServerResponse): Grant | undefined {
  const who = fake.state.authenticate(req.headers.authorization);
  if (typeof who !== 'string') return who;
  const detail =
    who === 'TokenExpired'
      ? `TokenExpired: token expired at ${new Date(fake.state.now()).toUTCString()}`
      : who;
  json(res, 401, problem(401, 'Unauthorized', detail), {
    'www-authenticate': 'Bearer error="invalid_token"',
  });
  return undefined;
}

function connections(fake: FakeXero, req: IncomingMessage, res: ServerResponse) {
  const grant = bearer(fake, req, res);
  if (!grant) return;
  const stamp = new Date(fake.state.now()).toISOString();
  const list = [...grant.tenantIds].flatMap((id) => {
    const t = fake.state.tenants.get(id);
    if (!t) return [];
    const ids = { id: `conn-${id}`, authEventId: grant.authEventId, tenantId: id };
    return [
      {
        ...ids,
        tenantType: 'ORGANISATION',
        tenantName: t.name,
        createdDateUtc: stamp,
        updatedDateUtc: stamp,
      },
    ];
  });
  json(res, 200, list);
}

function organisation(fake: FakeXero, req: IncomingMessage, res: ServerResponse) {
  const grant = bearer(fake, req, res);
  if (!grant) return;
  const tenantId = String(req.headers['xero-tenant-id'] ?? '');
  const tenant = fake.state.tenants.get(tenantId);
  if (!tenant || !grant.tenantIds.has(tenantId)) {
    return json(res, 403, problem(403, 'Forbidden', 'AuthenticationUnsuccessful'));
  }
  if (!grant.scopes.some((s) => s === 'accounting.settings' || s === 'accounting.settings.read')) {
    return json(res, 401, problem(401, 'Unauthorized', 'AuthorizationUnsuccessful'));
  }
  const now = fake.state.now();
  tenant.calls = tenant.calls.filter((t) => now - t < 60_000);
  tenant.calls.push(now);
  const overMinute = tenant.calls.length > 60;
  switch (tenant.mode) {
    case 'hang':
      return; // never answers; the client's timeout must end the wait
    case 'forbidden':
      return json(res, 403, problem(403, 'Forbidden', 'AuthenticationUnsuccessful'));
    case 'unavailable':
      res.writeHead(503, { 'content-type': 'text/plain' }).end('The Organisation is offline');
      return;
  }
  const limited = { 'rate-limited': 'minute', 'day-limited': 'day', 'app-limited': 'appminute' } as const;
  const problem429 = overMinute ? 'minute' : limited[tenant.mode as keyof typeof limited];
  if (problem429) {
    res.writeHead(429, {
      'retry-after': { minute: '42', day: '3600', appminute: '20' }[problem429],
      'x-rate-limit-problem': problem429,
      'x-minlimit-remaining': '0',
      'content-type': 'text/plain',
    });
    res.end('');
    return;
  }
  json(res, 200, {
    Id: randomBytes(8).toString('hex'),
    Status: 'OK',
    ProviderName: 'xerofix-fake',
    DateTimeUTC: `/Date(${now})/`,
    Organisations: [
      { OrganisationID: tenant.tenantId, Name: tenant.name, OrganisationType: 'COMPANY', Version: 'AU' },
    ],
  });
}
