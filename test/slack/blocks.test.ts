import { describe, expect, it } from 'vitest';
import { buildReply, type Reply } from '../../src/reply/model.js';
import { replyMessage } from '../../src/slack/blocks.js';
import { clip, codeBlock, escapeMrkdwn, knowledgeToMrkdwn } from '../../src/slack/escape.js';
import { Actions } from '../../src/slack/ids.js';
import { shippedIndex, shippedMatcher } from '../support/knowledge.js';

const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
const HOSTILE = '<!channel> @here <!subteam^S1> <https://evil.example|click> & <@U123> ```break``` out';
const RAW_CONTROLS = ['<!channel>', '<!subteam^S1>', '<https://evil.example', '<@U123>', '& '];

const replyFor = (paste: string): Reply => buildReply(shippedMatcher().diagnose(paste), shippedIndex());
const answer = () => replyFor(PASTE_401);
const noAnswer = () => replyFor('the printer is on fire');

interface TextObject {
  type: string;
  text: string;
  verbatim?: boolean;
}

interface Element {
  type: string;
  action_id: string;
  value?: string;
  text?: TextObject;
  placeholder?: TextObject;
  options?: { text: TextObject; value: string }[];
}

/** Every object anywhere in a message, depth first. */
function objects(value: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return out;
}

const textObjects = (value: unknown) =>
  objects(value).filter(
    (o) => (o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string',
  ) as unknown as TextObject[];
const mrkdwnTexts = (value: unknown) => textObjects(value).filter((t) => t.type === 'mrkdwn');
const interactive = (value: unknown) =>
  objects(value).filter((o) => typeof o.action_id === 'string') as unknown as Element[];
/** What Slack parses for mentions and links: the fallback and every mrkdwn object (plain_text is shown as is). */
const allText = (message: { text: string; blocks?: unknown }) =>
  [message.text, ...mrkdwnTexts(message.blocks).map((t) => t.text)].join('\n');

const full = { lookupId: 'lookup-1', actions: 'full', ticketsEnabled: true } as const;

describe('a diagnosis in Block Kit', () => {
  it('never lets a pasted <!channel>, group ping or disguised link reach Slack unescaped', () => {
    const message = replyMessage(replyFor(`${PASTE_401} ${HOSTILE}`), {
      ...full,
      paste: `${PASTE_401} ${HOSTILE}`,
    });
    const text = allText(message);
    for (const raw of RAW_CONTROLS) expect(text).not.toContain(raw);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;https://evil.example|click&gt;');
    expect(text).toContain('&amp;');
  });

  it('escapes knowledge text too, in case an article or its evidence carries control characters', () => {
    const real = answer();
    const tainted: Reply = {
      ...real,
      title: HOSTILE,
      meaning: HOSTILE,
      causes: [HOSTILE],
      steps: [HOSTILE],
      ifFails: [HOSTILE],
      evidence: [HOSTILE],
      probe: { verdict: HOSTILE, sentence: HOSTILE, entry: null },
    };
    const message = replyMessage(tainted, full);
    const text = allText(message);
    for (const raw of RAW_CONTROLS) expect(text).not.toContain(raw);
    // The title may stay raw only where Slack parses nothing: the plain_text header.
    const raw = textObjects(message.blocks).filter((t) => t.text.includes('<!channel>'));
    expect(raw.map((t) => t.type)).toEqual(['plain_text']);
  });

  it('marks every mrkdwn text verbatim, so Slack cannot turn a pasted @here into a mention', () => {
    for (const reply of [answer(), noAnswer()]) {
      const message = replyMessage(reply, { ...full, paste: HOSTILE });
      const texts = mrkdwnTexts(message.blocks);
      expect(texts.length).toBeGreaterThan(2);
      expect(texts.filter((t) => t.verbatim !== true)).toEqual([]);
      expect(texts.some((t) => t.text.includes('@here'))).toBe(true);
    }
  });

  it('shows the paste in a code block a pasted fence cannot close', () => {
    const message = replyMessage(answer(), { ...full, paste: 'before ``` after ` and ````' });
    const shown = mrkdwnTexts(message.blocks).find((t) => t.text.includes('You pasted'));
    expect(shown?.text.match(/```/g)).toHaveLength(2);
    expect(shown?.text).toMatch(/```[^`]*before[^`]*after[^`]*```$/);
  });

  it('shortens a 100 KB paste visibly and stays inside every Slack limit', () => {
    const huge = `${PASTE_401} ${'x'.repeat(100_000)}`;
    const message = replyMessage(replyFor(huge), { ...full, paste: huge });
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    for (const t of textObjects(message.blocks)) {
      expect(t.text.length).toBeGreaterThan(0);
      expect(t.text.length).toBeLessThanOrEqual(3000);
    }
    const shown = mrkdwnTexts(message.blocks).find((t) => t.text.includes('You pasted'));
    expect(shown?.text.length).toBeLessThanOrEqual(520);
    expect(shown?.text).toMatch(/shortened; 100,\d{3} characters in all/);
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });

  it('shortens knowledge sections that would pass 3000 characters instead of letting Slack reject them', () => {
    const long: Reply = { ...answer(), steps: Array.from({ length: 60 }, () => '**Authorise** '.repeat(20)) };
    const message = replyMessage(long, full);
    for (const t of textObjects(message.blocks)) expect(t.text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(message.blocks)).toMatch(/shortened; [\d,]+ characters in all/);
  });

  it('gives an answer its title, then each section under its heading in the reply model’s order, fallback and confidence', () => {
    const reply = answer();
    const message = replyMessage(reply, full);
    const header = objects(message.blocks).find((o) => o.type === 'header') as { text: TextObject };
    expect(header.text).toMatchObject({ type: 'plain_text', text: reply.title });
    const text = mrkdwnTexts(message.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(text).toMatch(/^\*What it means\*\nXero no longer accepts/);
    expect(text).toMatch(/\*How to fix it\*\n1\. .+\n2\. /);
    const at = (needle: string) => text.indexOf(needle);
    const order = [
      '*What it means*',
      '*How to fix it*',
      '*If that does not work*',
      '*Likely causes*',
      '*Keep it from happening again*',
      '*Getting help*',
      '*Source:*',
      '*Evidence:*',
      '*Details from the paste:*',
    ].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain(`Confidence ${Math.round(reply.confidence * 100)}%`);
    expect(text).toContain('HTTP status 401');
    expect(message.text).toContain(reply.title);
  });

  it('turns the knowledge base’s **bold** into Slack bold and leaves `code` alone', () => {
    const text = mrkdwnTexts(replyMessage(answer(), full).blocks)
      .map((t) => t.text)
      .join('\n');
    expect(text).toContain('*Authorise*');
    expect(text).not.toContain('**');
    expect(text).toContain('`401 Unauthorized`');
  });

  it('links the article only when its source is a plain http(s) URL', () => {
    const linked = allText(replyMessage({ ...answer(), source: 'https://kb.example/a?x=1&y=2' }, full));
    expect(linked).toContain('<https://kb.example/a?x=1&amp;y=2|Read the full article>');
    for (const source of ['javascript:alert(1)', 'https://kb.example/a|phish', 'https://kb.example/a>b']) {
      const text = allText(replyMessage({ ...answer(), source }, full));
      expect(text).not.toContain('Read the full article');
    }
  });

  it('shows a live check’s verdict when the reply carries one', () => {
    const reply = buildReply(shippedMatcher().diagnose(PASTE_401), shippedIndex(), {
      verdict: 'tenant-disconnected',
      sentence: 'The organisation disconnected the app.',
      entry: 'xero-401-unauthorized',
    });
    const text = allText(replyMessage(reply, full));
    expect(text).toContain('tenant-disconnected');
    expect(text).toContain('The organisation disconnected the app.');
  });

  it('never sends an empty section when a list is empty', () => {
    const bare: Reply = { ...answer(), causes: [], ifFails: [], evidence: [], escalation: '' };
    const message = replyMessage(bare, full);
    for (const t of textObjects(message.blocks)) expect(t.text.trim()).not.toBe('');
    const text = allText(message);
    expect(text).not.toContain('Likely cause');
    expect(text).not.toContain('If that does not work');
  });
});

describe('a paste nothing matches', () => {
  it('says plainly that nothing matched, gives no fix steps and offers a ticket', () => {
    const message = replyMessage(noAnswer(), full);
    const text = allText(message);
    expect(text).toMatch(/Nothing in the knowledge base matches/);
    expect(text).not.toMatch(/\*Fix\*|^1\. /m);
    expect(text).toContain('open a ticket');
    const ids = interactive(message.blocks).map((e) => e.action_id);
    expect(ids).toEqual([Actions.openTicket]);
    expect(interactive(message.blocks)[0]?.value).toBe('lookup-1');
  });

  it('offers no buttons at all when tickets are off and nothing else applies', () => {
    const message = replyMessage(noAnswer(), { ...full, ticketsEnabled: false });
    expect(interactive(message.blocks)).toEqual([]);
    expect(message.blocks?.some((b) => b.type === 'actions')).toBe(false);
  });

  it('gives advice on a known non-connection error as what to do, not as a numbered fix', () => {
    const reply = replyFor(
      'ValidationException: A validation exception occurred, Email address must be valid',
    );
    expect(reply.kind).toBe('no-answer');
    const text = allText(replyMessage(reply, full));
    expect(text).toContain('*What to do*');
    expect(text).not.toMatch(/\*Fix\*|^1\. /m);
  });
});

describe('buttons and the probe picker', () => {
  it('offers share, ticket and both votes under a full answer, each carrying the lookup id', () => {
    const elements = interactive(replyMessage(answer(), full).blocks);
    expect(elements.map((e) => e.action_id)).toEqual([
      Actions.share,
      Actions.openTicket,
      Actions.voteUp,
      Actions.voteDown,
    ]);
    for (const e of elements) {
      expect(e.type).toBe('button');
      expect(e.value).toBe('lookup-1');
      expect(e.text?.text.length).toBeLessThanOrEqual(75);
    }
  });

  it('leaves the ticket button out when tickets are not configured', () => {
    const ids = interactive(replyMessage(answer(), { ...full, ticketsEnabled: false }).blocks).map(
      (e) => e.action_id,
    );
    expect(ids).not.toContain(Actions.openTicket);
    expect(ids).toContain(Actions.share);
  });

  it('lists the first 100 customers to probe, skipping keys too long to send back intact', () => {
    const tooLong = `${'k'.repeat(151)}@x.test`;
    const customers = [tooLong, ...Array.from({ length: 150 }, (_, i) => `c${i}@x.test`), 'c0@x.test'];
    const select = interactive(replyMessage(answer(), { ...full, customers }).blocks).find(
      (e) => e.action_id === Actions.probe,
    );
    expect(select?.type).toBe('static_select');
    expect(select?.placeholder?.text).toBe('Probe connection…');
    expect(select?.options).toHaveLength(100);
    expect(select?.options?.[0]?.value).toBe('c0@x.test');
    expect(select?.options?.[99]?.value).toBe('c99@x.test');
    for (const o of select?.options ?? []) {
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect(o.value.length).toBeLessThanOrEqual(150);
    }
  });

  it('shortens a customer’s label to 75 characters but keeps its key whole', () => {
    const key = `${'a'.repeat(120)}@x.test`;
    const select = interactive(replyMessage(answer(), { ...full, customers: [key] }).blocks).find(
      (e) => e.action_id === Actions.probe,
    );
    expect(select?.options?.[0]?.value).toBe(key);
    expect(select?.options?.[0]?.text.text.length).toBeLessThanOrEqual(75);
  });

  it('has no picker when there is nobody to probe', () => {
    const ids = interactive(replyMessage(answer(), { ...full, customers: [] }).blocks).map(
      (e) => e.action_id,
    );
    expect(ids).not.toContain(Actions.probe);
  });

  it('offers only posting in the thread and the votes under a shortcut answer', () => {
    const elements = interactive(
      replyMessage(answer(), { ...full, lookupId: 'target-9', actions: 'thread-offer' }).blocks,
    );
    expect(elements.map((e) => e.action_id)).toEqual([
      Actions.postInThread,
      Actions.voteUp,
      Actions.voteDown,
    ]);
    expect(elements.every((e) => e.value === 'target-9')).toBe(true);
  });

  it('offers the thread and a ticket, but no votes, under a shortcut paste nothing matched', () => {
    const ids = interactive(replyMessage(noAnswer(), { ...full, actions: 'thread-offer' }).blocks).map(
      (e) => e.action_id,
    );
    expect(ids).toEqual([Actions.postInThread, Actions.openTicket]);
  });

  it('offers nothing to click once an answer is shared', () => {
    const message = replyMessage(answer(), { ...full, actions: 'none' });
    expect(interactive(message.blocks)).toEqual([]);
  });

  it('offers only the votes under an automatic thread reply', () => {
    const ids = interactive(replyMessage(answer(), { ...full, actions: 'votes' }).blocks).map(
      (e) => e.action_id,
    );
    expect(ids).toEqual([Actions.voteUp, Actions.voteDown]);
  });
});

describe('escaping and shortening helpers', () => {
  it('escapes exactly &, < and >, and nothing else', () => {
    expect(escapeMrkdwn(`<a href="x">'&'</a> *b* _c_ \`d\``)).toBe(
      `&lt;a href="x"&gt;'&amp;'&lt;/a&gt; *b* _c_ \`d\``,
    );
  });

  it('never splits an emoji when shortening', () => {
    const text = '😀'.repeat(60);
    for (let max = 1; max < 120; max++) {
      const out = clip(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('never leaves half an escaped character at the cut', () => {
    const escaped = escapeMrkdwn('<>&'.repeat(200));
    for (let max = 50; max < 80; max++) {
      const kept = clip(escaped, max).split('…')[0] ?? '';
      expect(kept).toMatch(/^(&lt;|&gt;|&amp;)*$/);
    }
  });

  it('leaves short text alone and marks shortened text with its full length', () => {
    expect(clip('short', 10)).toBe('short');
    const out = clip('y'.repeat(5000), 100);
    expect(out).toHaveLength(100);
    expect(out).toMatch(/… \(shortened; 5,000 characters in all\)$/);
  });

  it('converts knowledge markup after escaping, so markup cannot smuggle in control characters', () => {
    expect(knowledgeToMrkdwn('press **<!here>** then run `a < b`')).toBe(
      'press *&lt;!here&gt;* then run `a &lt; b`',
    );
    expect(knowledgeToMrkdwn('`**literal**`')).toBe('`**literal**`');
  });

  it('keeps a code block within its budget, fences included', () => {
    const block = codeBlock(`\`\`\`${'<'.repeat(1000)}`, 500);
    expect(block.length).toBeLessThanOrEqual(500);
    expect(block.startsWith('```')).toBe(true);
    expect(block.endsWith('```')).toBe(true);
    expect(block.match(/```/g)).toHaveLength(2);
  });
});
