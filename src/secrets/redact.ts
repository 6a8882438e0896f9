// Patterns for credentials that could end up in text: Authorization header values, JWTs (Xero
// access tokens are JWTs), Slack tokens, token and secret fields in JSON or forms, and OAuth codes in URLs.
// Every pattern runs in linear time: each starts at a fixed word and consumes one character
// class, so a run of look-alike text ("eyJ-eyJ-…") cannot make it retry from every position.
const AUTH_HEADER = /\b(Bearer|Basic)\s{1,8}[A-Za-z0-9._~+/=-]{8,}/gi;
const TOKEN_FIELD =
  /\b(access_token|refresh_token|id_token|client_secret)(["']?[ \t]{0,8}[:=][ \t]{0,8}["']?)[^"'&\s,}]{6,}/gi;
// Slack bot, user, app and config tokens.
const SLACK_TOKEN = /\bxox[abpre]-[A-Za-z0-9-]{8,}|\bxapp-[A-Za-z0-9-]{8,}/g;
const URL_CODE = /([?&](?:code|invite|state)=)[^&\s"']+/gi;
/** Maximal runs of the characters a JWT is made of; each run is then inspected without a regex. */
const JWT_ALPHABET_RUN = /[A-Za-z0-9_.-]{18,}/g;

/** A JWT inside one run: "eyJ" + 5 or more, ".", 5 or more, ".", signature. */
function redactJwtIn(run: string): string {
  let from = 0;
  let out = '';
  // The next two dots are found once and reused until "eyJ" passes them, so the run is read
  // a bounded number of times whatever it holds.
  let first = -1;
  let second = -1;
  for (;;) {
    const at = run.indexOf('eyJ', from);
    if (at < 0) return out + run.slice(from);
    const boundary = at === 0 || /[.-]/.test(run[at - 1] as string);
    if (first < at) {
      first = run.indexOf('.', at);
      second = first < 0 ? -1 : run.indexOf('.', first + 1);
    }
    // No two dots after this "eyJ" means none after any later one either: done, in one pass.
    if (second < 0) return out + run.slice(from);
    if (boundary && first - at >= 8 && second - first > 5) {
      let end = run.indexOf('.', second + 1);
      if (end < 0) end = run.length;
      out += `${run.slice(from, at)}[redacted-jwt]`;
      from = end;
    } else {
      out += run.slice(from, at + 3);
      from = at + 3;
    }
  }
}

/** Replaces anything that looks like a credential with a marker. */
export function redact(text: string): string {
  return text
    .replace(AUTH_HEADER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(JWT_ALPHABET_RUN, (run) => (run.includes('eyJ') ? redactJwtIn(run) : run))
    .replace(SLACK_TOKEN, '[redacted-slack-token]')
    .replace(TOKEN_FIELD, (_m, name: string, sep: string) => `${name}${sep}[redacted]`)
    .replace(URL_CODE, (_m, name: string) => `${name}[redacted]`);
}
