import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/run-cli.js';
import { runInProcess } from './in-process.js';

// `xerofix slack manifest` prints what is pasted into Slack as is: no instruction to edit it, no
// placeholder address left in it.

const PLACEHOLDER = 'xerofix.example.com';

interface Manifest {
  features: { slash_commands: { command: string; url?: string }[] };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

describe('xerofix slack manifest', () => {
  it('fills in PUBLIC_URL everywhere and drops the note about replacing the placeholder', async () => {
    const r = await runCli(['slack', 'manifest'], { env: { PUBLIC_URL: 'https://help.example.org/' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(PLACEHOLDER);
    expect(r.stdout).not.toMatch(/replace/i);
    const manifest = parse(r.stdout) as Manifest;
    expect(manifest.features.slash_commands[0]?.url).toBe('https://help.example.org/slack/events');
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://help.example.org/slack/events');
    expect(manifest.settings.interactivity.request_url).toBe('https://help.example.org/slack/events');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it.each([
    ['without PUBLIC_URL', {}],
    ['with PUBLIC_URL set', { PUBLIC_URL: 'https://help.example.org' }],
  ])('--socket %s: Socket Mode on, and no request URLs at all', async (_, env) => {
    const r = await runCli(['slack', 'manifest', '--socket'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/https?:\/\//);
    expect(r.stdout).not.toMatch(/replace/i);
    const manifest = parse(r.stdout) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: '/xerofix' });
    expect(manifest.features.slash_commands[0]).not.toHaveProperty('url');
    expect(manifest.settings.event_subscriptions).not.toHaveProperty('request_url');
    expect(manifest.settings.event_subscriptions.bot_events).toContain('message.channels');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
  });

  it('finds its template when run from src/ too, not only from dist/', async () => {
    const r = await runInProcess(['slack', 'manifest'], { env: { PUBLIC_URL: 'https://help.example.org' } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('url: https://help.example.org/slack/events');
  });

  it('asks for PUBLIC_URL or --socket when it has neither (exit 78)', async () => {
    const r = await runInProcess(['slack', 'manifest']);
    expect([r.code, r.stdout]).toEqual([78, '']);
    expect(r.stderr).toMatch(/^xerofix: set PUBLIC_URL .* or pass --socket/);
  });
});
