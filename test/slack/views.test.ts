import { describe, expect, it } from 'vitest';
import { replyForEntry } from '../../src/reply/model.js';
import { summariseVerdict } from '../../src/reply/verdict-reply.js';
import { verdictSentence } from '../../src/reply/verdict-wording.js';
import { alertMessage } from '../../src/slack/alert-message.js';
import { homeView } from '../../src/slack/home-view.js';
import { probeMessage } from '../../src/slack/probe-message.js';
import { usageMessage } from '../../src/slack/usage.js';
import { shippedIndex } from '../support/knowledge.js';

const HOSTILE = '<!channel> @here <!subteam^S1> <https://evil.example|click> &';
const RAW_CONTROLS = ['<!channel>', '<!here>', '<!subteam^S1>', '<https://evil.example', '<b>'];

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
/** What Slack parses for mentions and links: the fallback and every mrkdwn object. */
const parsedText = (message: { text?: string; blocks?: unknown }) =>
  [message.text ?? '', ...mrkdwnTexts(message.blocks).map((t) => t.text)].join('\n');

/** The checks every message here must pass, whatever it says. */
function expectSlackSafe(message: { text?: string; blocks?: unknown }, maxBlocks: number) {
  const blocks = message.blocks as unknown[];
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const t of textObjects(blocks)) {
    expect(t.text.trim().length).toBeGreaterThan(0);
    expect(t.text.length).toBeLessThanOrEqual(3000);
  }
  expect(mrkdwnTexts(blocks).filter((t) => t.verbatim !== true)).toEqual([]);
  const parsed = parsedText(message);
  for (const raw of RAW_CONTROLS) expect(parsed).not.toContain(raw);
}

const xero401 = () => {
  const summary = {
    verdict: 'tenant-disconnected',
    sentence: 'Acme disconnected the app.',
    entry: 'xero-401-unauthorized',
  };
  const reply = replyForEntry('xero-401-unauthorized', shippedIndex(), summary);
  if (!reply) throw new Error('the shipped knowledge base lost xero-401-unauthorized');
  return { summary, reply };
};

describe('App Home', () => {
  const busy = () =>
    homeView({
      entries: Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, title: `Entry ${i}` })),
      gaps: Array.from({ length: 30 }, (_, i) => ({
        paste: `${HOSTILE} gap-${i} ${'y'.repeat(5000)}`,
        createdAt: '2026-11-28T10:00:00Z',
        reason: 'no-match',
      })),
      votes: { e1: { up: 3, down: 1 } },
      health: { healthy: 2, broken: 1, unknown: 0 },
    });

  it('stays under 100 blocks however many entries and gaps the store holds', () => {
    const view = busy();
    expect(view.type).toBe('home');
    expectSlackSafe(view, 100);
  });

  it('says how many entries it left out', () => {
    const text = parsedText(busy());
    expect(text).toContain('Entry 0');
    expect(text).toMatch(/and \d+ more/);
    const shown = (text.match(/\*Entry \d+\*/g) ?? []).length;
    expect(text).toContain(`and ${300 - shown} more`);
  });

  it('shows how each entry was rated, counting none as zero', () => {
    const text = parsedText(busy());
    expect(text).toContain('👍 3 · 👎 1');
    expect(text).toContain('👍 0 · 👎 0');
  });

  it('shows at most ten gaps, each paste escaped and cut to 200 characters', () => {
    const gaps = mrkdwnTexts(busy().blocks).filter((t) => t.text.includes('gap-'));
    expect(gaps).toHaveLength(10);
    for (const g of gaps) {
      const quoted = g.text.split('\n> ')[1] ?? '';
      expect(quoted.length).toBeLessThanOrEqual(200);
      expect(quoted).toContain('&lt;!channel&gt;');
      expect(quoted).toMatch(/shortened; [\d,]+ characters in all/);
    }
  });

  it('keeps a many-line paste on one quoted line', () => {
    const view = homeView({
      entries: [],
      gaps: [
        { paste: 'line one\n> line two\n\nline three', createdAt: '2026-11-28T10:00:00Z', reason: null },
      ],
      votes: {},
      health: { healthy: 0, broken: 0, unknown: 0 },
    });
    const gap = mrkdwnTexts(view.blocks).find((t) => t.text.includes('line one'));
    expect(gap?.text.split('\n')).toHaveLength(2);
    expect(gap?.text).toContain('&gt; line two');
  });

  it('says so when every question was answered, instead of sending an empty section', () => {
    const view = homeView({
      entries: [],
      gaps: [],
      votes: {},
      health: { healthy: 0, broken: 0, unknown: 0 },
    });
    expectSlackSafe(view, 100);
    expect(parsedText(view)).toContain('None yet.');
  });

  it('shows connection health counts', () => {
    expect(parsedText(busy())).toMatch(/2 healthy.*1 broken.*0 unknown/);
  });
});

describe('connection alert', () => {
  it('warns that a healthy connection broke, naming the customer, verdict and fix', () => {
    const { summary, reply } = xero401();
    const message = alertMessage({
      customer: 'ops@acme.test',
      organisation: 'Acme Ltd',
      probe: summary,
      reply,
    });
    expectSlackSafe(message, 50);
    const text = parsedText(message);
    expect(text).toMatch(/healthy.*broken/);
    expect(text).toContain('ops@acme.test (Acme Ltd)');
    expect(text).toContain('tenant-disconnected');
    expect(text).toContain('Acme disconnected the app.');
    expect(text).toMatch(/\*How to fix it\*\n1\. /);
    expect(text).toContain('*Keep it from happening again*');
    expect(message.text).toContain('ops@acme.test');
  });

  it('never lets a customer or organisation name ping the channel', () => {
    const message = alertMessage({
      customer: '<!here>',
      organisation: `<b>Acme</b> ${HOSTILE}`,
      probe: { verdict: 'tenant-forbidden', sentence: HOSTILE, entry: null },
    });
    expectSlackSafe(message, 50);
    expect(parsedText(message)).toContain('&lt;!here&gt;');
  });

  it('still warns, without a fix, when the verdict confirms no knowledge entry', () => {
    const message = alertMessage({
      customer: 'a@b.test',
      organisation: null,
      probe: { verdict: 'xero-unavailable', sentence: 'Xero is down.', entry: null },
    });
    expectSlackSafe(message, 50);
    expect(parsedText(message)).not.toContain('*How to fix it*');
    expect(parsedText(message)).toContain('xero-unavailable');
  });
});

describe('probe verdict', () => {
  it('shows the customer, the verdict code, the sentence and the fix it confirms', () => {
    const { summary, reply } = xero401();
    const message = probeMessage('ops@acme.test', summary, reply);
    expectSlackSafe(message, 50);
    const text = parsedText(message);
    expect(text).toContain('ops@acme.test');
    expect(text).toContain('`tenant-disconnected`');
    expect(text).toContain('Acme disconnected the app.');
    expect(text).toContain(`*${reply.title}*`);
    expect(text).toMatch(/\*How to fix it\*\n1\. /);
    // The message opens with the live check; the answer below does not repeat it.
    const blocks = parsedText({ blocks: message.blocks });
    expect(blocks.split('Acme disconnected the app.')).toHaveLength(2);
  });

  it('words a probe’s own verdict (a code and facts) the way the reply layer does', () => {
    const verdict = { code: 'healthy', entry: null, tenantName: 'Acme Ltd' };
    const message = probeMessage('ops@acme.test', summariseVerdict(verdict));
    expect(parsedText(message)).toContain('`healthy`');
    expect(parsedText(message)).toContain(verdictSentence('healthy', verdict));
    expect(parsedText(message)).toContain('"Acme Ltd"');
    expect(parsedText(message)).not.toContain('*How to fix it*');
  });

  it('never lets a customer key or a sentence ping the channel', () => {
    const message = probeMessage(`${HOSTILE}@acme.test`, {
      verdict: 'tenant-forbidden',
      sentence: HOSTILE,
      entry: null,
    });
    expectSlackSafe(message, 50);
    expect(parsedText(message)).toContain('&lt;!channel&gt;');
    expect(parsedText(message)).toContain('&amp;@acme.test');
  });
});

describe('usage', () => {
  it('explains every way to ask, with its placeholders visible rather than read as links', () => {
    const message = usageMessage();
    expectSlackSafe(message, 50);
    const text = parsedText(message);
    expect(text).toContain('/xerofix &lt;pasted error&gt;');
    expect(text).toContain('/xerofix probe &lt;customer&gt;');
    expect(text).toContain('/xerofix help');
    expect(text).toContain('Diagnose this error');
    expect(text).not.toMatch(/<[^>]*>/);
  });
});
