import { describe, expect, it } from 'vitest';
import { buildReply, type ProbeSummary, type Reply } from '../../src/reply/model.js';
import { renderAgentNoteHtml, renderReplyHtml } from '../../src/reply/render-html.js';
import { tinyIndex, tinyMatcher } from '../support/tiny-knowledge.js';

const matcher = tinyMatcher();
const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
const SCRIPT = `<script>alert(1)</script> <img src=x onerror=alert(2)> "quoted" 'single'`;
const replyFor = (paste: string, probe?: ProbeSummary): Reply =>
  buildReply(matcher.diagnose(paste), tinyIndex(), probe);

/** Tags an attacker would want; none may appear as markup. */
const INJECTED = /<script|<img|<b>|onerror=alert\(2\)>/;

describe('the customer’s Freshdesk reply', () => {
  it('gives the title as a heading, then the meaning, the numbered steps and only then the causes, each under its heading', () => {
    const reply = replyFor(PASTE_401);
    const html = renderReplyHtml(reply);
    expect(html.startsWith(`<h3>${reply.title}</h3>\n<p><strong>What it means</strong></p>\n<p>`)).toBe(true);
    const at = (needle: string) => html.indexOf(needle);
    expect(at('<strong>How to fix it</strong></p>\n<ol><li>')).toBeGreaterThan(at('What it means'));
    expect(at('<strong>Likely causes</strong></p>\n<ul><li>')).toBeGreaterThan(at('If that does not work'));
    expect(html.match(/How to fix it<\/strong><\/p>\n<ol>.*?<\/ol>/)?.[0].match(/<li>/g)).toHaveLength(
      reply.steps.length,
    );
    expect(at('If that does not work')).toBeGreaterThan(at('How to fix it'));
  });

  it('keeps "how to keep it from happening again" and the escalation in the customer’s reply', () => {
    const reply = replyFor(PASTE_401);
    const html = renderReplyHtml(reply);
    expect(html).toContain('<p><strong>Keep it from happening again</strong></p>');
    expect(html.indexOf('Getting help')).toBeGreaterThan(html.indexOf('Keep it from happening again'));
    // How xerofix decided is for the agent's note, not the customer.
    expect(html).not.toContain('HTTP status 401');
  });

  it('turns the knowledge base’s **bold** and `code` into tags, never leaving the markers', () => {
    const html = renderReplyHtml(replyFor(PASTE_401));
    expect(html).toContain('<strong>Authorise</strong>');
    expect(html).toContain('<code>401 Unauthorized</code>');
    expect(html).not.toContain('**');
    expect(html).not.toContain('`');
  });

  it('keeps markup inside a code span literal', () => {
    const html = renderReplyHtml({ ...replyFor(PASTE_401), meaning: 'Run `**not bold**` now' });
    expect(html).toContain('<code>**not bold**</code>');
  });

  it('links the article only when its source is http(s)', () => {
    const reply = replyFor(PASTE_401);
    expect(renderReplyHtml({ ...reply, source: 'https://kb.example/a?x=1&y="2"' })).toContain(
      '<a href="https://kb.example/a?x=1&amp;y=&quot;2&quot;">',
    );
    expect(renderReplyHtml({ ...reply, source: 'javascript:alert(1)' })).not.toContain('<a ');
  });

  it('escapes knowledge text, so a poisoned article cannot add markup to a customer reply', () => {
    const poisoned: Reply = {
      ...replyFor(PASTE_401),
      title: SCRIPT,
      meaning: SCRIPT,
      causes: [SCRIPT],
      steps: [`**${SCRIPT}**`],
      probe: { verdict: 'x', sentence: SCRIPT, entry: null },
    };
    const html = renderReplyHtml(poisoned);
    expect(html).not.toMatch(INJECTED);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&quot;quoted&quot;');
    expect(html).toContain('&#39;single&#39;');
  });
});

describe('the agent’s private note', () => {
  it('says what xerofix suggests, how sure it is and why', () => {
    const reply = replyFor(PASTE_401);
    const html = renderAgentNoteHtml(reply);
    expect(html).toContain(`xerofix suggests:</strong> ${reply.title}`);
    expect(html).toContain(
      `<p><strong>Evidence</strong></p>\n<p>Confidence ${Math.round(reply.confidence * 100)}%</p>`,
    );
    expect(html).toMatch(/Evidence.*\n.*\n<ul><li>HTTP status 401<\/li>/);
  });

  it('escapes a pasted <script> and a probed organisation name', () => {
    const paste = `${PASTE_401} ${SCRIPT}`;
    const html = renderAgentNoteHtml(
      replyFor(paste, { verdict: 'tenant-forbidden', sentence: 'Org "<b>Acme</b>" refused', entry: null }),
      paste,
    );
    expect(html).not.toMatch(INJECTED);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toMatch(/Live check:.*tenant-forbidden/);
  });

  it('never gives pasted text knowledge markup', () => {
    const reply: Reply = {
      ...replyFor(PASTE_401),
      evidence: ['phrase "**loud**"'],
      facts: [{ label: 'Detail', value: '`run me`' }],
    };
    const html = renderAgentNoteHtml(reply);
    expect(html).not.toContain('<strong>loud</strong>');
    expect(html).not.toContain('<code>run me</code>');
  });

  it('tells the agent plainly when nothing matched, with the reason and no fix steps', () => {
    const reply = replyFor('how do I change my invoice logo?');
    const html = renderAgentNoteHtml(reply);
    expect(html).toMatch(/no knowledge entry matched/);
    expect(html).toContain(reply.meaning);
    expect(html).not.toMatch(/<ol>/);
  });

  it('quotes a 100 KB paste shortened, visibly, without splitting an emoji', () => {
    const paste = `${PASTE_401} ${'😀'.repeat(50_000)}`;
    const html = renderAgentNoteHtml(replyFor(paste), paste);
    const quoted = html.match(/<pre>([\s\S]*)<\/pre>/)?.[1] ?? '';
    expect(quoted.length).toBeLessThan(4200);
    expect(quoted).toMatch(/shortened; 100,\d{3} characters in all/);
    expect(quoted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
