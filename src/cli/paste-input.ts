import { MAX_PASTE_CHARS } from '../core/normalize.js';
import { CliError } from './errors.js';

// Checks what a person handed the CLI before the core sees it: empty and binary input get a
// message that says what to do; oversized input is read in part, with a warning. Bytes that are
// not UTF-8 are still text (a Windows terminal or an old log file writes Windows-1252): only
// NUL bytes or many control characters mean binary.

export interface PasteInput {
  readonly text: string;
  readonly warning?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// What Windows-1252 puts in 0x80–0x9F, where Latin-1 has control codes (€, curly quotes, dashes…);
// the five bytes it leaves undefined keep their Latin-1 meaning. Spelled out rather than asked
// of TextDecoder, which knows Windows-1252 only in Node builds with full ICU.
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] ?? c);
}

/** The byte order a UTF-16 byte-order mark announces (Notepad's "Unicode"), if there is one. */
function utf16Order(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'be';
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, order: 'le' | 'be'): string {
  const units = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
  return (order === 'be' ? units.swap16() : units).toString('utf16le');
}

/** How many bytes are looked at for control characters: enough to judge, cheap for 64 MB. */
const SAMPLE_BYTES = 4096;
const MAX_CONTROL_SHARE = 0.1;

/** Why these bytes are not text, or undefined when they are. */
export function binaryReason(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return 'it contains NUL bytes';
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let control = 0;
  // Tab, line feed, form feed, carriage return and escape (terminal colours) appear in real text.
  for (const b of sample) if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) control++;
  if (sample.length > 0 && control / sample.length > MAX_CONTROL_SHARE) {
    return 'more than a tenth of it is control characters';
  }
  return undefined;
}

/**
 * Bytes as text: UTF-16 when a byte-order mark says so, UTF-8 when they are valid UTF-8, else
 * Windows-1252, which gives every byte a character.
 */
export function decodePaste(bytes: Uint8Array): string {
  const order = utf16Order(bytes);
  if (order) return decodeUtf16(bytes, order);
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Validates one paste; `what` names it in messages ("input", "line 3"). */
export function checkPaste(raw: string | Uint8Array, what = 'input'): PasteInput {
  let text: string;
  if (typeof raw === 'string') {
    if (raw.includes('\u0000')) throw binary(what, 'it contains NUL characters');
    text = raw;
  } else {
    // UTF-16 is full of NUL bytes by design: judge it after decoding.
    const reason = utf16Order(raw) ? undefined : binaryReason(raw);
    if (reason) throw binary(what, reason);
    text = decodePaste(raw);
    if (text.includes('\u0000')) throw binary(what, 'it contains NUL characters');
  }
  if (!text.trim()) {
    throw new CliError(
      `nothing to diagnose in ${what}: pass the error text as an argument or on standard input`,
    );
  }
  if (text.length > MAX_PASTE_CHARS) {
    const kb = Math.ceil(text.length / 1024);
    return { text, warning: `${what} is ${kb} KB; only its first 64 KB were diagnosed` };
  }
  return { text };
}

function binary(what: string, reason: string): CliError {
  return new CliError(
    `${what} looks like binary data, not text (${reason}): paste the error message itself, or save it as a text file first`,
  );
}
