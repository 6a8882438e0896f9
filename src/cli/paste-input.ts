import { MAX_PASTE_CHARS } from '../core/normalize.js';
import { CliError } from './errors.js';

// Checks what a person handed the CLI before the core sees it: empty and binary input get a
// message that says what to do; oversized input is read in part, with a warning.

export interface PasteInput {
  readonly text: string;
  readonly warning?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    decoder.decode(bytes.subarray(0, 4096 * 4));
  } catch {
    // A multi-byte character cut at the sample's end is not binary; anything else is.
    try {
      decoder.decode(bytes.subarray(0, Math.max(0, Math.min(bytes.length, 4096 * 4) - 3)));
    } catch {
      return true;
    }
  }
  let control = 0;
  const sample = bytes.subarray(0, 4096);
  for (const b of sample) if (b < 32 && b !== 9 && b !== 10 && b !== 13) control++;
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Validates one paste; `what` names it in messages ("input", "line 3"). */
export function checkPaste(raw: string | Uint8Array, what = 'input'): PasteInput {
  const bytes = typeof raw === 'string' ? undefined : raw;
  if (bytes && looksBinary(bytes)) {
    throw new CliError(`${what} looks like binary data, not text: paste the error message itself`);
  }
  const text = bytes ? Buffer.from(bytes).toString('utf8') : (raw as string);
  if (!text.trim()) {
    throw new CliError(
      `nothing to diagnose in ${what}: pass the error text as an argument or on standard input`,
    );
  }
  if (typeof raw === 'string' && raw.includes('\u0000')) {
    throw new CliError(`${what} looks like binary data, not text: paste the error message itself`);
  }
  if (text.length > MAX_PASTE_CHARS) {
    const kb = Math.ceil(text.length / 1024);
    return { text, warning: `${what} is ${kb} KB; only its first 64 KB were diagnosed` };
  }
  return { text };
}
