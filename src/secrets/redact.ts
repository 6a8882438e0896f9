// Patterns for credentials that could end up in text: Authorization header values, JWTs (Xero
// access tokens are JWTs), Slack tokens, token and secret fields in JSON or forms, and OAuth codes in URLs.
const AUTH_HEADER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const TOKEN_FIELD =
  /\b(access_token|refresh_token|id_token|client_secret)(["']?\s*[:=]\s*["']?)[^"'&\s,}]{6,}/gi;
// Slack bot, user, app and config tokens.
const SLACK_TOKEN = /\bxox[abpre]-[A-Za-z0-9-]{8,}|\bxapp-[A-Za-z0-9-]{8,}/g;
const URL_CODE = /([?&](?:code|invite|state)=)[^&\s"']+/gi;

/** Replaces anything that looks like a credential with a marker. */
export function redact(text: string): string {
  return text
    .replace(AUTH_HEADER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(JWT, '[redacted-jwt]')
    .replace(SLACK_TOKEN, '[redacted-slack-token]')
    .replace(TOKEN_FIELD, (_m, name: string, sep: string) => `${name}${sep}[redacted]`)
    .replace(URL_CODE, (_m, name: string) => `${name}[redacted]`);
}
