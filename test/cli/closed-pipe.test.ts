import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/xerofix.js', import.meta.url));

/** Runs the CLI and closes its standard output after the first chunk, as `| head -1` does. */
function runAndCloseAfterFirstChunk(
  args: string[],
  input: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(input);
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output into a pipe that closes early (xerofix … | head)', () => {
  it('stops quietly: exit 0 and no EPIPE stack trace', async () => {
    // Far more answers than a pipe holds (64 KB), so the CLI is still writing when the reader goes.
    const paste = '{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';
    const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: i, text: paste })).join('\n');
    const r = await runAndCloseAfterFirstChunk(['diagnose', '--batch'], `${lines}\n`);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\(/);
    expect(r.code).toBe(0);
  });
});
