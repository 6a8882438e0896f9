import { describe, expect, it } from 'vitest';
import { alertPayloadSchema } from '../../src/alerts/outbox.js';
import { ticketRequestSchema } from '../../src/answer/ticket.js';
import { answerPayloadSchema } from '../../src/freshdesk/webhook.js';
import { slackWorkPayloadSchema } from '../../src/slack/durable-work.js';

// Jobs outlive the version that queued them: a schema that turned away what an earlier version
// stored would bury that work on upgrade. Each shape here is what a producer has written.

describe('payload schemas of stored jobs', () => {
  it('accept the answer jobs the webhook and the poller store', () => {
    for (const via of ['webhook', 'poller'] as const)
      expect(answerPayloadSchema.parse({ ticketId: 4711, via })).toEqual({ ticketId: 4711, via });
    expect(answerPayloadSchema.safeParse({ ticketId: '4711', via: 'webhook' }).success).toBe(false);
  });

  it('accept a ticket job stored before submissions had ids, one stored Slack-shaped, and one stored today', () => {
    const before = {
      lookupId: null,
      email: 'ops@shop.example',
      subject: 'Xero connection',
      description: 'orders stopped syncing',
      slackUser: 'U1',
      notify: { channel: 'C1' },
    };
    const { slackUser: _user, notify: _notify, ...fields } = before;
    expect(ticketRequestSchema.parse(before)).toEqual({
      ...fields,
      submissionId: '',
      requestedBy: 'U1',
      replyTo: { surface: 'slack', target: { channel: 'C1' } },
    });
    const slackShaped = {
      ...before,
      submissionId: 'slack-view:V42:U1',
      lookupId: 'lk-1',
      notify: { channel: 'C1', threadTs: '1700000000.000100' },
    };
    expect(ticketRequestSchema.parse(slackShaped)).toMatchObject({
      submissionId: 'slack-view:V42:U1',
      requestedBy: 'U1',
      replyTo: { surface: 'slack', target: { channel: 'C1', threadTs: '1700000000.000100' } },
    });
    const today = {
      ...fields,
      submissionId: 'slack-view:V43:U1',
      requestedBy: 'U1',
      replyTo: { surface: 'slack', target: { channel: 'C1' } },
    };
    expect(ticketRequestSchema.parse(today)).toEqual(today);
  });

  it('accept alert jobs with and without a knowledge entry', () => {
    const alert = { eventId: 'ev-1', customer: 'ops@shop.example', verdict: 'refresh-token-invalid' };
    expect(alertPayloadSchema.parse({ ...alert, entry: 'xero-invalid-grant' }).entry).toBe(
      'xero-invalid-grant',
    );
    expect(alertPayloadSchema.parse({ ...alert, entry: null }).entry).toBeNull();
  });

  it('accept a group of Slack requests, each keeping its own task input as stored', () => {
    const work = {
      key: 'slack-work:abc',
      task: 'command',
      input: { text: 'TokenExpired', channel: 'C1' },
      target: { responseUrl: 'https://hooks.slack.com/commands/T1/1/x', channel: 'C1', user: 'U1' },
      receivedAt: 1_767_225_600_000,
    };
    expect(slackWorkPayloadSchema.parse({ items: [work, { ...work, key: 'slack-work:def' }] }).items).toEqual(
      [work, { ...work, key: 'slack-work:def' }],
    );
  });
});
