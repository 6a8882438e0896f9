import { describe, expect, it } from 'vitest';
import { buildReply, type Reply } from '../../src/reply/model.js';
import { alertMessage } from '../../src/slack/alert-message.js';
import { replyMessage } from '../../src/slack/blocks.js';
import { clip } from '../../src/slack/escape.js';
import { homeView } from '../../src/slack/home-view.js';
import { probeMessage } from '../../src/slack/probe-message.js';
import { shippedIndex, shippedMatcher } from '../support/knowledge.js';

const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
const HOSTILE = '<!channel> @here <!subteam^S1> <https://evil.example|click> & <@U123> ```break``` out';

const replyFor = (paste: string): Reply => buildReply(shippedMatcher().diagnose(paste), shippedIndex());

interface TextObject {
  type: string;
  text: string;
  verbatim?: boolean;
}

/** Every text object (plain_text or mrkdwn) anywhere in a message or view. */
function textObjects(value: unknown): TextObject[] {
  const out: TextObject[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string')
        out.push(o as unknown as TextObject);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

const mrkdwnTexts = (value: unknown) => textObjects(value).filter((t) => t.type === 'mrkdwn');

describe('Block Kit answers', () => {
  const options = { lookupId: 'lookup-1', actions: 'full', ticketsEnabled: true } as const;

  it('never lets a pasted mention, channel ping or disguised link through unescaped', () => {
    const message = replyMessage(replyFor(`${PASTE_401} ${HOSTILE}`), {
      ...options,
      paste: `${PASTE_401} ${HOSTILE}`,
    });
    const all = [message.text, ...mrkdwnTexts(message.blocks).map((t) => t.text)].join('\n');
    for (const raw of ['<!channel>', '<!subteam^S1>', '<https://evil.example', '<@U123>'])
      expect(all).not.toContain(raw);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&amp;');
  });

  it('keeps a pasted code fence from closing the block the paste is shown in', () => {
    const message = replyMessage(replyFor(PASTE_401), { ...options, paste: 'a ``` b' });
    const shown = mrkdwnTexts(message.blocks).find((t) => t.text.includes('You pasted'));
    expect(shown?.text.match(/```/g)).toHaveLength(2);
  });

  it('marks every mrkdwn text verbatim, so Slack does not turn words into mentions', () => {
    const message = replyMessage(replyFor(PASTE_401), { ...options, paste: HOSTILE });
    const texts = mrkdwnTexts(message.blocks);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.every((t) => t.verbatim === true)).toBe(true);
  });

  it('shortens a 100 KB paste visibly and stays inside Slack’s limits', () => {
    const huge = `${PASTE_401} ${'x'.repeat(100_000)}`;
    const message = replyMessage(replyFor(huge), {
      ...options,
      paste: huge,
      customers: Array.from({ length: 150 }, (_, i) => `c${i}@x.test`),
    });
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    for (const t of textObjects(message.blocks)) {
      expect(t.text.length).toBeGreaterThan(0);
      expect(t.text.length).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(message.blocks)).toMatch(/shortened; 100,\d{3} characters in all/);
    expect(JSON.stringify(message.blocks).match(/"value":"c\d+@x\.test"/g)).toHaveLength(100);
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });

  it('says plainly that nothing matched, gives no fix steps, and offers the ticket button', () => {
    const message = replyMessage(replyFor('the printer is on fire'), options);
    const text = textObjects(message.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(text).toMatch(/Nothing in the knowledge base matches/);
    expect(text).not.toMatch(/\*Fix\*/);
    const ids = JSON.stringify(message.blocks);
    expect(ids).toContain('xerofix_open_ticket');
    expect(ids).not.toContain('xerofix_share');
  });

  it('offers only the thread button and votes for a shortcut answer, and nothing when shared', () => {
    const offer = JSON.stringify(
      replyMessage(replyFor(PASTE_401), { ...options, actions: 'thread-offer', ticketsEnabled: false })
        .blocks,
    );
    expect(offer).toContain('xerofix_post_in_thread');
    expect(offer).not.toContain('xerofix_share');
    const shared = JSON.stringify(replyMessage(replyFor(PASTE_401), { ...options, actions: 'none' }).blocks);
    expect(shared).not.toContain('action_id');
  });

  it('never splits an emoji when shortening', () => {
    const text = '😀'.repeat(50);
    for (let max = 30; max < 60; max++) {
      const out = clip(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});

describe('other Slack messages', () => {
  it('escapes a customer name in a probe verdict and an alert', () => {
    const reply = replyFor(PASTE_401);
    const probe = probeMessage(
      '<!channel>@acme.test',
      { code: 'tenant-forbidden', sentence: 'Xero refused.' },
      reply,
    );
    const alert = alertMessage({
      customer: '<!here>',
      organisation: '<b>Acme</b>',
      verdict: 'tenant-forbidden',
      sentence: 'x',
      reply,
    });
    const all = [
      probe.text,
      alert.text,
      ...textObjects([probe.blocks, alert.blocks]).map((t) => t.text),
    ].join('\n');
    expect(all).not.toMatch(/<!channel>|<!here>|<b>/);
    expect(all).toContain('tenant-forbidden');
  });

  it('keeps the App Home under 100 blocks however many entries and gaps there are', () => {
    const view = homeView({
      entries: Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, title: `Entry ${i}` })),
      gaps: Array.from({ length: 30 }, () => ({
        paste: `<!channel> ${'y'.repeat(5000)}`,
        createdAt: '2026-11-28T10:00:00Z',
        reason: 'no-match',
      })),
      votes: { e1: { up: 3, down: 1 } },
      health: { healthy: 2, broken: 1, unknown: 0 },
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = textObjects(view.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(text).toContain('👍 3 · 👎 1');
    expect(text).toContain('and 260 more');
    expect(text).not.toContain('<!channel>');
  });
});
