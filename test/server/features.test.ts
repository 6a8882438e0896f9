import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { missingFeatureNotes } from '../../src/server/features.js';

describe('what the server says is off', () => {
  it('names the settings for every feature that is off when nothing is set', () => {
    const notes = missingFeatureNotes(loadConfig({})).join('\n');
    for (const setting of ['SLACK_SIGNING_SECRET', 'FRESHDESK_BASE_URL', 'XERO_CLIENT_ID', 'PUBLIC_URL']) {
      expect(notes).toContain(setting);
    }
    // The embedded store generates a console token, so the console is not reported off.
    expect(notes).not.toContain('ADMIN_TOKEN');
  });

  it('says the console is off on a shared database until ADMIN_TOKEN is set', () => {
    const shared = { DATABASE_URL: 'postgres://db.example/xerofix' };
    expect(missingFeatureNotes(loadConfig(shared)).join('\n')).toMatch(/console is off: set ADMIN_TOKEN/);
    const withToken = loadConfig({ ...shared, ADMIN_TOKEN: 'a-long-enough-admin-token' });
    expect(missingFeatureNotes(withToken).join('\n')).not.toContain('ADMIN_TOKEN');
  });

  it('stays quiet about Slack and Freshdesk once they are configured', () => {
    const notes = missingFeatureNotes(
      loadConfig({
        SLACK_SIGNING_SECRET: 's',
        SLACK_BOT_TOKEN: 't',
        SLACK_ALERT_CHANNEL: 'C1',
        FRESHDESK_BASE_URL: 'https://acme.freshdesk.com',
        FRESHDESK_API_KEY: 'k',
        FRESHDESK_WEBHOOK_SECRET: 'w',
      }),
    ).join('\n');
    expect(notes).not.toMatch(/Slack|Freshdesk/);
  });
});
