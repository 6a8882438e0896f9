import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

const USAGE = 'Usage: xerofix slack manifest [--socket]';
const PLACEHOLDER = 'https://xerofix.example.com';

// The manifest ships next to dist/ so an installed package can print it.
const MANIFEST = fileURLToPath(new URL('../../../../slack/manifest.yml', import.meta.url));

/** Prints the Slack app manifest with PUBLIC_URL filled in, ready to paste into Slack. */
export async function slackCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'manifest') throw new CliError(USAGE);
  const socket = rest.includes('--socket');
  const config = loadConfig(io.env);
  if (!config.PUBLIC_URL && !socket) {
    throw new CliError(
      'set PUBLIC_URL to the https address Slack can reach, or pass --socket for Socket Mode',
      78,
    );
  }
  let manifest = readFileSync(MANIFEST, 'utf8');
  if (config.PUBLIC_URL) manifest = manifest.replaceAll(PLACEHOLDER, config.PUBLIC_URL.replace(/\/+$/, ''));
  if (socket) manifest = manifest.replace('socket_mode_enabled: false', 'socket_mode_enabled: true');
  io.stdout.write(manifest);
  return 0;
}
