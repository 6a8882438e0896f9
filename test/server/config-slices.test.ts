import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('settings read from the environment', () => {
  it('gives Freshdesk its own public-reply confidence, no longer borrowed from Slack', () => {
    const slackOnly = loadConfig({ SLACK_AUTO_REPLY_MIN_CONFIDENCE: '0.3' });
    expect(slackOnly.slack.autoReplyMinConfidence).toBe(0.3);
    expect(slackOnly.freshdesk.publicReplyMinConfidence).toBe(0.8);
    const both = loadConfig({ FRESHDESK_PUBLIC_REPLY_MIN_CONFIDENCE: '0.95' });
    expect([both.slack.autoReplyMinConfidence, both.freshdesk.publicReplyMinConfidence]).toEqual([0.8, 0.95]);
  });

  it('keeps the env names users already have, mapped to one camelCase slice per part', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/x',
      FRESHDESK_POLL_SECONDS: '60',
      JOB_LEASE_SECONDS: '90',
      PORT: '8080',
    });
    expect(config.store.databaseUrl).toBe('postgres://db/x');
    expect(config.freshdesk.pollSeconds).toBe(60);
    expect(config.jobs.leaseSeconds).toBe(90);
    // Without PUBLIC_URL, links point at this port on localhost, and the notes can tell it was unset.
    expect([config.http.publicUrl, config.http.publicUrlSet]).toEqual(['http://localhost:8080', false]);
  });

  it('still names the env setting when a value is wrong', () => {
    expect(() => loadConfig({ FRESHDESK_PUBLIC_REPLY_MIN_CONFIDENCE: '2' })).toThrow(
      /FRESHDESK_PUBLIC_REPLY_MIN_CONFIDENCE/,
    );
  });
});
