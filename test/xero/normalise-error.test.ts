import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XeroClient } from 'xero-node';
import { XerofixError } from '../../src/errors/xerofix-error.js';
import { XeroCallError } from '../../src/xero/errors.js';
import { createXeroNodeGateway } from '../../src/xero/gateway.js';
import { HttpFailure, normaliseXeroError } from '../../src/xero/normalise-error.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { type FakeXero, startFakeXero } from '../support/fake-xero/server.js';

// The three shapes xero-node 20 fails with, each produced for real against the fake Xero.

// openid-client as xero-node itself loads it (it is xero-node's dependency, not ours).
type IssuerClass = new (meta: object) => { Client: new (meta: object) => XeroClient['openIdClient'] };
const fromXeroNode = createRequire(createRequire(import.meta.url).resolve('xero-node'));
const { Issuer } = fromXeroNode('openid-client') as { Issuer: IssuerClass };

const CLIENT = 'CLIENT-NORMALISE-0000000000000001';
let fake: FakeXero;
let secret: string;

beforeAll(async () => {
  fake = await startFakeXero();
  secret = fake.state.addApp(CLIENT);
  fake.state.addTenant('t1', 'Org One');
  createXeroNodeGateway({ identityUrl: fake.url, apiUrl: fake.url, timeoutMs: 500 });
});
afterAll(async () => {
  await fake.close();
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('normalising xero-node errors', () => {
  it('reads the JSON string a generated API method rejects with', async () => {
    const { tokens } = fake.state.createGrant(CLIENT, ['t1'], ['accounting.settings.read']);
    fake.setTenantMode('t1', 'rate-limited');
    const client = new XeroClient();
    client.setTokenSet({ access_token: tokens.access_token });
    const raw = await rejection(client.accountingApi.getOrganisations('t1'));
    expect(typeof raw).toBe('string');
    const err = normaliseXeroError(raw, 'GET Organisation');
    expect(err).toMatchObject({
      code: 'xero.rate-limited',
      retryable: true,
      retryAfterSeconds: 42,
      status: 429,
      rateLimitProblem: 'minute',
      context: { operation: 'GET Organisation', status: 429, rateLimitProblem: 'minute' },
    });
    expect(err).toBeInstanceOf(XerofixError);
    // The message kept its wording from before codes were dotted: the CLI prints it.
    expect(err.message).toMatch(/^Xero call failed \(rate-limited\) during GET Organisation with HTTP 429/);
    fake.setTenantMode('t1', 'ok');
  });

  it('reads the AxiosError the token helper rejects with', async () => {
    const raw = await rejection(new XeroClient().refreshWithRefreshToken(CLIENT, secret, 'no-such-token'));
    expect((raw as Error).name).toBe('AxiosError');
    expect(normaliseXeroError(raw)).toMatchObject({
      code: 'xero.invalid-grant',
      // The refresh token stays refused: only the customer reconnecting helps.
      retryable: false,
      retryAfterSeconds: undefined,
      status: 400,
      oauthError: 'invalid_grant',
    });
  });

  it("reads openid-client's OPError without carrying its unredacted Basic header along", async () => {
    const issuer = new Issuer({
      issuer: 'https://identity.xero.com',
      token_endpoint: `${fake.url}/connect/token`,
    });
    const client = new XeroClient();
    client.openIdClient = new issuer.Client({ client_id: CLIENT, client_secret: secret });
    client.setTokenSet({ access_token: 'x', refresh_token: 'no-such-token' });
    const raw = await rejection(client.refreshToken());
    const leaky = (
      raw as { response?: { req?: { getHeader(n: string): unknown } } }
    ).response?.req?.getHeader('authorization');
    expect(String(leaky)).toMatch(/^Basic /); // the hazard this normaliser exists for
    const err = normaliseXeroError(raw, 'refresh');
    expect(err).toMatchObject({ code: 'xero.invalid-grant', retryable: false, status: 400 });
    expect(err.cause).toBeUndefined();
    const seen = [err.message, JSON.stringify(err), JSON.stringify({ ...err })];
    expectNoSecrets(seen, [secret, Buffer.from(`${CLIENT}:${secret}`).toString('base64')]);
  });

  it('tells a timeout from a refused connection', async () => {
    const client = new XeroClient();
    client.setTokenSet({ access_token: 'x' });
    fake.state.addTenant('t-hang', 'Hang', 'hang');
    const { tokens } = fake.state.createGrant(CLIENT, ['t-hang'], ['accounting.settings.read']);
    client.setTokenSet({ access_token: tokens.access_token });
    expect(
      normaliseXeroError(await rejection(client.accountingApi.getOrganisations('t-hang'))),
    ).toMatchObject({
      code: 'xero.timeout',
      retryable: true,
    });
    expect(
      normaliseXeroError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }),
    ).toMatchObject({ code: 'xero.network', retryable: true });
  });

  it('maps Xero 401 details and plain-text 5xx to stable codes', () => {
    const problem = (status: number, detail: string) =>
      new HttpFailure(status, { Status: status, Detail: detail }, {});
    expect(normaliseXeroError(problem(401, 'TokenExpired: token expired at 03/10/2026'))).toMatchObject({
      code: 'xero.token-expired',
      retryable: false,
    });
    expect(normaliseXeroError(problem(401, 'AuthorizationUnsuccessful')).code).toBe(
      'xero.unauthorized-scope',
    );
    expect(normaliseXeroError(problem(401, 'AuthenticationUnsuccessful')).code).toBe('xero.unauthenticated');
    expect(normaliseXeroError(problem(403, 'AuthenticationUnsuccessful'))).toMatchObject({
      code: 'xero.forbidden',
      retryable: false,
    });
    const outage = normaliseXeroError(new HttpFailure(503, 'The Organisation is offline', {}));
    expect(outage).toMatchObject({
      code: 'xero.unavailable',
      detail: 'The Organisation is offline',
      retryable: true,
      context: { status: 503, detail: 'The Organisation is offline' },
    });
    expect(normaliseXeroError(outage)).toBe(outage);
    const dated = new HttpFailure(429, '', { 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
    expect(normaliseXeroError(dated).retryAfterSeconds).toBeGreaterThanOrEqual(88);
    expect(outage).toBeInstanceOf(XeroCallError);
  });
});
