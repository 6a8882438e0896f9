/**
 * How long a 429 asks us to wait, from its Retry-After header (RFC 9110 §10.2.3): either a
 * number of seconds or an HTTP date. A date is measured against the response's own Date
 * header when it has one, so a clock that is off on either side does not stretch or shrink
 * the wait; otherwise against our clock. A date already past means "now" (0).
 *
 * Returns undefined when the header is absent or unreadable; the caller picks the default.
 */
export function retryAfterMs(header: unknown, at: { now: number; serverDate?: unknown }): number | undefined {
  const value = single(header)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const when = parseHttpDate(value, at.now);
  if (when === undefined) return undefined;
  const base = parseHttpDate(single(at.serverDate)?.trim() ?? '', at.now) ?? at.now;
  return Math.max(0, when - base);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// The three forms RFC 9110 §5.6.7 says a recipient must accept; every one of them is UTC.
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
const RFC_850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
const ASCTIME = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/** Milliseconds since the epoch for an HTTP date, or undefined if it is not one. */
export function parseHttpDate(text: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(m[3], m[2], m[1], m[4], m[5], m[6]);
  m = RFC_850.exec(text);
  if (m) return utc(String(fullYear(Number(m[3]), now)), m[2], m[1], m[4], m[5], m[6]);
  m = ASCTIME.exec(text);
  if (m) return utc(m[6], m[1], m[2], m[3], m[4], m[5]);
  return undefined;
}

/** A two-digit year more than 50 years ahead is the most recent past one (RFC 9110 §5.6.7). */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = thisYear - (thisYear % 100) + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

function utc(...parts: (string | undefined)[]): number | undefined {
  const [year, month, day, hour, minute, second] = parts;
  const mon = MONTHS.indexOf((month ?? '').toLowerCase());
  const [y, d, h, min, s] = [year, day, hour, minute, second].map((part) => Number(part?.trim()));
  if (mon < 0 || ![y, d, h, min, s].every(Number.isInteger)) return undefined;
  const [yy, dd, hh, mm, ss] = [y, d, h, min, s] as [number, number, number, number, number];
  if (dd < 1 || hh > 23 || mm > 59 || ss > 60) return undefined;
  const ms = Date.UTC(yy, mon, dd, hh, mm, ss);
  // Date.UTC rolls 31 February over into March; a real date does not.
  return new Date(Date.UTC(yy, mon, dd)).getUTCMonth() === mon ? ms : undefined;
}

/** Header values may arrive as a list; the first is the one that counts. */
function single(header: unknown): string | undefined {
  if (Array.isArray(header)) return single(header[0]);
  if (typeof header === 'string') return header;
  if (typeof header === 'number') return String(header);
  return undefined;
}
