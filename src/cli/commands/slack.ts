import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import { loadConfig } from '../../config.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { packageRoot } from '../package.js';

/** The address the template uses wherever Slack needs to reach xerofix. */
export const PLACEHOLDER = 'https://xerofix.example.com';

const placeholderUrl = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(PLACEHOLDER);

/**
 * The template with its placeholder address replaced by `publicUrl`, or, for Socket Mode (where
 * Slack opens the connection and needs no request URLs), with every URL field left out. The
 * template's own header (how to fill the placeholder in by hand) is replaced by one that fits.
 */
export function renderManifest(template: string, target: { publicUrl?: string; socket: boolean }): string {
  const body = template.replace(/^(?:#.*\r?\n)+/, '');
  const doc = parseDocument(body);
  const base = target.publicUrl?.replace(/\/+$/, '');
  visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.value) || !placeholderUrl(pair.value.value)) return undefined;
      if (target.socket) return visit.REMOVE;
      if (base) pair.value.value = `${base}${pair.value.value.slice(PLACEHOLDER.length)}`;
      return undefined;
    },
  });
  if (target.socket) doc.setIn(['settings', 'socket_mode_enabled'], true);
  const header = target.socket
    ? [
        '# Slack app manifest for xerofix in Socket Mode: no request URLs, Slack connects out to the app.',
        '# Paste it at api.slack.com/apps → Create New App → From a manifest, then create an app-level',
        '# token with connections:write and set it as SLACK_APP_TOKEN.',
      ]
    : [
        `# Slack app manifest for xerofix at ${base}.`,
        '# Paste it at api.slack.com/apps → Create New App → From a manifest.',
      ];
  return `${header.join('\n')}\n${doc.toString()}`;
}

/** `slack manifest`: prints the Slack app manifest for this installation, ready to paste into Slack. */
export async function slackManifest(io: CliIo, options: { socket?: boolean }): Promise<number> {
  const socket = Boolean(options.socket);
  const config = loadConfig(io.env);
  if (!config.http.publicUrlSet && !socket) {
    throw new CliError(
      'set PUBLIC_URL to the https address Slack can reach, or pass --socket for Socket Mode',
      78,
    );
  }
  // The template ships beside dist/ (package.json "files"), so an installed package has it.
  const template = readFileSync(join(packageRoot(), 'slack', 'manifest.yml'), 'utf8');
  io.stdout.write(
    renderManifest(template, {
      socket,
      ...(config.http.publicUrlSet ? { publicUrl: config.http.publicUrl } : {}),
    }),
  );
  return 0;
}
