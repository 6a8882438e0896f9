import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { entrySchema } from '../../src/core/knowledge-schema.js';
import { ticketDescriptionHtml } from '../../src/freshdesk/open-ticket.js';
import { alertLead, alertTicketNote, connectionAlert } from '../../src/reply/connection-alert.js';
import type { ReplyKnowledge } from '../../src/reply/model.js';
import { replyForVerdict, summariseVerdict } from '../../src/reply/verdict-reply.js';
import { verdictSentence } from '../../src/reply/verdict-wording.js';
import { alertMessage } from '../../src/slack/alert-message.js';

// From a verdict (a code and the facts behind it) to what people read, on a small knowledge of
// its own: one entry that a verdict confirms, so content edits to the shipped articles cannot
// move these tests.

const knowledge: ReplyKnowledge = {
  entries: [
    entrySchema.parse({
      id: 'demo-forbidden',
      title: 'Demo: the organisation refused access',
      provider: 'xero',
      article: 'Demo article',
      confirmedBy: ['tenant-forbidden'],
      match: {},
      meaning: 'The organisation refused access.',
      causes: ['Access was removed.'],
      steps: ['Demo-step: reconnect with an adviser.'],
      ifFails: [],
      prevention: 'Keep one adviser connected.',
    }),
  ],
  abstainRules: [],
};

describe('a verdict in words', () => {
  it('names the organisation the probe found, and the wait a rate limit asks for', () => {
    expect(verdictSentence('tenant-forbidden', { tenantName: 'Acme Ltd' })).toContain('"Acme Ltd"');
    expect(verdictSentence('tenant-forbidden')).toContain('your Xero organisation');
    expect(verdictSentence('rate-limited', { retryAfterSeconds: 3600, rateLimitProblem: 'day' })).toMatch(
      /daily limit.*3600 seconds/,
    );
  });

  it('says so, rather than failing, for a stored code this version does not know', () => {
    expect(verdictSentence('from-the-future')).toContain('"from-the-future"');
    expect(replyForVerdict({ code: 'from-the-future' }, knowledge)).toEqual({
      probe: { verdict: 'from-the-future', sentence: verdictSentence('from-the-future'), entry: null },
    });
  });
});

describe('replyForVerdict', () => {
  it('pairs a verdict that confirms an entry with that entry’s fix, the live check on top', () => {
    const { probe, reply } = replyForVerdict(
      { code: 'tenant-forbidden', entry: 'demo-forbidden', tenantName: 'Acme Ltd' },
      knowledge,
    );
    expect(probe).toEqual({
      verdict: 'tenant-forbidden',
      sentence: verdictSentence('tenant-forbidden', { tenantName: 'Acme Ltd' }),
      entry: 'demo-forbidden',
    });
    expect(reply?.steps).toEqual(['Demo-step: reconnect with an adviser.']);
    expect(reply?.probe).toEqual(probe);
  });

  it('asks the knowledge which entry a bare code confirms, and gives no fix when none does', () => {
    expect(summariseVerdict({ code: 'tenant-forbidden' }, knowledge).entry).toBe('demo-forbidden');
    expect(replyForVerdict({ code: 'xero-unavailable' }, knowledge).reply).toBeUndefined();
    // A verdict that says it confirms nothing is taken at its word.
    expect(replyForVerdict({ code: 'tenant-forbidden', entry: null }, knowledge).reply).toBeUndefined();
  });
});

/** Every `text` string in a tree of Slack blocks. */
const textsOf = (node: unknown): string[] =>
  typeof node !== 'object' || node === null
    ? []
    : Object.entries(node).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : textsOf(v)));

describe('the "connection broke" alert', () => {
  const alert = connectionAlert(
    {
      customer: 'ops@acme.test',
      organisation: 'Acme Ltd',
      verdict: 'tenant-forbidden',
      entry: 'demo-forbidden',
    },
    knowledge,
  );

  it('says the same in the Slack channel and on the ticket opened for the customer', () => {
    const lead = alertLead('ops@acme.test (Acme Ltd)');
    const slack = textsOf(alertMessage(alert).blocks).join('\n').replace(/\*/g, '');
    const ticket = parse(
      ticketDescriptionHtml({
        email: 'ops@acme.test',
        subject: 's',
        note: alertTicketNote(alert),
        ...(alert.reply ? { reply: alert.reply } : {}),
      }),
    ).textContent;
    expect(slack).toContain(lead);
    expect(ticket).toContain(lead);
    expect(slack).toContain(alert.probe.sentence);
    expect(ticket).toContain(alert.probe.sentence);
    expect(ticket).toContain('Demo-step: reconnect with an adviser.');
  });

  it('carries the live check in the ticket note itself when no entry gives a fix', () => {
    const bare = connectionAlert(
      { customer: 'ops@acme.test', organisation: null, verdict: 'xero-unavailable', entry: null },
      knowledge,
    );
    expect(bare.reply).toBeUndefined();
    expect(alertTicketNote(bare)).toContain(verdictSentence('xero-unavailable'));
  });
});
