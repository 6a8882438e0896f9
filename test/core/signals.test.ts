import { describe, expect, it } from 'vitest';
import { extractSignals, identifierParts } from '../../src/core/signals.js';

describe('extractSignals reads the same facts from every rendering of a Xero 401', () => {
  const renderings: Record<string, string> = {
    'plain JSON':
      '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful","Instance":"5c1d0f6e-2b7a-4c1e-9a55-0d1f3e0b9a11"}',
    'smart quotes with the status run into a word (the seed title)':
      '“Type”:null,”Title”:”Unauthorized”,”Status”: Forbidden401,”Detail”:”AuthenticationUnsuccessful”',
    'escaped JSON inside a string':
      '"body": "{\\"Title\\":\\"Unauthorized\\",\\"Status\\":401,\\"Detail\\":\\"AuthenticationUnsuccessful\\"}"',
    'double-escaped JSON':
      '{\\\\\\"Title\\\\\\":\\\\\\"Unauthorized\\\\\\",\\\\\\"Status\\\\\\":401,\\\\\\"Detail\\\\\\":\\\\\\"AuthenticationUnsuccessful\\\\\\"}',
    'Ruby hash':
      '{"Type"=>nil, "Title"=>"Unauthorized", "Status"=>401, "Detail"=>"AuthenticationUnsuccessful"}',
    'Python repr':
      "{'Type': None, 'Title': 'Unauthorized', 'Status': 401, 'Detail': 'AuthenticationUnsuccessful'}",
    'HTML-escaped':
      '{&quot;Title&quot;:&quot;Unauthorized&quot;,&quot;Status&quot;:401,&quot;Detail&quot;:&quot;AuthenticationUnsuccessful&quot;}',
    'Slack code fence': '```{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}```',
    'lower-case keys': '{"title":"Unauthorized","status":401,"detail":"AuthenticationUnsuccessful"}',
    'a WordPress log line':
      '[12-Mar-2025 09:14:02 UTC] Xeroom: invoice push failed: {"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful","Extensions":{}}',
  };

  for (const [name, paste] of Object.entries(renderings)) {
    it(`reads status 401 and Detail AuthenticationUnsuccessful from ${name}`, () => {
      const s = extractSignals(paste);
      expect(s.statuses).toContain(401);
      expect(s.detailCodes).toContain('AuthenticationUnsuccessful');
    });
  }
});

describe('extractSignals', () => {
  it('splits a TokenExpired Detail into its code and keeps the full text', () => {
    const s = extractSignals(
      '{"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 02/20/2025 08:32:50"}',
    );
    expect(s.detailCodes).toEqual(['TokenExpired']);
    expect(s.details[0]).toBe('TokenExpired: token expired at 02/20/2025 08:32:50');
  });

  it('reads the status, OAuth error and host from Xero sign-in error page text', () => {
    const page =
      '<html><body><h1>Sorry, something went wrong</h1><p>Go back and try again.</p><p>Error code: 500</p><p>Error: unauthorized_client : Invalid redirect_uri</p><a href="https://login.xero.com/identity/connect/authorize?client_id=x">retry</a></body></html>';
    const s = extractSignals(page);
    expect(s.statuses).toEqual([500]);
    expect(s.oauthErrors).toEqual(['unauthorized_client']);
    expect(s.oauthErrorDescription).toBe('Invalid redirect_uri');
    expect(s.hosts).toContain('login.xero.com');
    expect(s.endpoints).toContain('login.xero.com/identity/connect/authorize');
  });

  it('reads the status from a Guzzle exception message', () => {
    const s = extractSignals(
      'GuzzleHttp\\Exception\\ClientException: Client error: `GET https://api.xero.com/api.xro/2.0/Invoices` resulted in a `401 Unauthorized` response',
    );
    expect(s.statuses).toEqual([401]);
    expect(s.titles).toContain('Unauthorized');
    expect(s.endpoints).toContain('api.xero.com/api.xro/2.0/Invoices'.toLowerCase());
  });

  it('reads the OAuth error from a token endpoint body', () => {
    const s = extractSignals('Request failed with status code 400 {"error":"invalid_grant"}');
    expect(s.statuses).toEqual([400]);
    expect(s.oauthErrors).toEqual(['invalid_grant']);
  });

  it('reads a status in parentheses from a Python SDK exception', () => {
    const s = extractSignals('xero_python.exceptions.http_status_exceptions.UnauthorizedException: (401)');
    expect(s.statuses).toEqual([401]);
  });

  it('keeps what it can from a payload cut off mid-string', () => {
    const s = extractSignals('{"Type":null,"Title":"Forbidden","Status":403,"Detail":"Authenticati');
    expect(s.statuses).toEqual([403]);
    expect(s.titles).toEqual(['Forbidden']);
  });

  it('finds the correlation id and the error instance', () => {
    const s = extractSignals(
      'xero-correlation-id: 0d2c4f55-8c1e-4a57-b8d5-2f0a7b3c9e10\n{"Title":"Forbidden","Status":403,"Instance":"a1b2c3d4-0000-4000-8000-000000000001"}',
    );
    expect(s.correlationId).toBe('0d2c4f55-8c1e-4a57-b8d5-2f0a7b3c9e10');
    expect(s.instance).toBe('a1b2c3d4-0000-4000-8000-000000000001');
  });

  it('does not mistake ordinary numbers in prose for HTTP statuses', () => {
    const s = extractSignals('Order 4012 for 401 widgets took (500 ms) and cost 403 dollars');
    expect(s.statuses).toEqual([]);
  });

  it('reads the status from the wordings integration platforms and HTTP clients print', () => {
    const cases: Array<[string, number]> = [
      ['The service "Xero API" returned an error (HTTP 403).', 403],
      ['HTTP Error 401 calling Xero', 401],
      ['401 Invalid authorisation credentials', 401],
      ['401 Client Error: Unauthorized for url: https://api.xero.com/api.xro/2.0/Currencies', 401],
      ['I get a 403 when I call getContacts', 403],
      ['Xero throws a 401 on every call since Monday', 401],
      ['the sync keeps failing with 403', 403],
      ['we see a 500 error on the authorise page', 500],
      ['Xero said 401 Unauthorised', 401],
    ];
    for (const [paste, status] of cases) expect(extractSignals(paste).statuses, paste).toEqual([status]);
  });

  it('does not read a count at the start of a line, or a number before a unit, as a status', () => {
    for (const paste of [
      '500 invoices failed to sync overnight',
      'We have 401 contacts and 403 items',
      'took 500 ms',
    ])
      expect(extractSignals(paste).statuses, paste).toEqual([]);
  });

  it('splits camelCase and PascalCase names into words wherever they start in a word', () => {
    expect(identifierParts('XeroUnauthorizedException at myXeroClient; aModelHub')).toEqual([
      'xero',
      'unauthorized',
      'exception',
      'my',
      'xero',
      'client',
      'model',
      'hub',
    ]);
    expect(identifierParts('a'.repeat(70_000))).toEqual([]);
  });

  it('splits an app error code in capitals into its words, and keeps protocol codes whole', () => {
    const s = extractSignals('Failed to detect missing attachments: XERO_TOKEN_EXPIRED (invalid_grant)');
    expect(s.identifierParts).toEqual(expect.arrayContaining(['xero', 'token', 'expired']));
    expect(s.tokens).toContain('invalid_grant');
    expect(s.identifierParts).not.toContain('grant');
  });

  it('reads how long a rate limit asks to wait and which limit was hit', () => {
    const headers = extractSignals(
      'HTTP/1.1 429 Too Many Requests\nRetry-After: 37\nX-Rate-Limit-Problem: minute',
    );
    expect(headers.retryAfterSeconds).toBe(37);
    expect(headers.rateLimitProblem).toBe('minute');
    const logged = extractSignals(
      '{"status":429,"headers":{"retry-after":"66975","x-rate-limit-problem":"day"}}',
    );
    expect(logged.retryAfterSeconds).toBe(66975);
    expect(logged.rateLimitProblem).toBe('day');
    expect(extractSignals('please retry after a while').retryAfterSeconds).toBeUndefined();
  });

  it('reads an OAuth 1.0a problem whose underscores Markdown ate, and only beside its mangled key', () => {
    const mangled = extractSignals(
      'oauthproblem=tokenrejected&oauthproblemadvice=The access token is not valid',
    );
    expect(mangled.oauthErrors).toContain('token_rejected');
    // Without the oauth_problem key the same run-together word is just a word.
    expect(extractSignals('the tokenrejected flag was set').oauthErrors).toEqual([]);
  });

  it('marks a paste longer than 64 KB as truncated', () => {
    expect(extractSignals('x '.repeat(40_000)).truncated).toBe(true);
    expect(extractSignals('x').truncated).toBe(false);
  });
});
