import { HttpFailure, headersOf, normaliseXeroError } from './normalise-error.js';

// One form POST to Xero's identity service with the app's client credentials (Basic), as the
// code exchange and the revocation make it. Plain fetch with a timeout: xero-node's versions go
// through openid-client, whose discovery is pinned to identity.xero.com and whose errors carry
// the Basic header. A failure is a XeroCallError; a success gives the parsed body.

export interface IdentityCall {
  readonly identityUrl: string;
  readonly timeoutMs: number;
  readonly clientId: string;
  readonly clientSecret: string;
}

export async function postToIdentity(
  call: IdentityCall,
  path: string,
  form: Record<string, string>,
  operation: string,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, call.identityUrl), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${call.clientId}:${call.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (err) {
    throw normaliseXeroError(
      { code: (err as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : 'ECONNREFUSED' },
      operation,
    );
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Plain-text answers (503 pages, an empty 200 from the revocation) stay text.
  }
  if (!response.ok)
    throw normaliseXeroError(new HttpFailure(response.status, body, headersOf(response)), operation);
  return body;
}
