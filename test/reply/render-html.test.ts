import { describe, expect, it } from 'vitest';
import { buildReply } from '../../src/reply/model.js';
import { renderAgentNoteHtml, renderReplyHtml } from '../../src/reply/render-html.js';
import { shippedIndex, shippedMatcher } from '../support/knowledge.js';

const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
const replyFor = (paste: string, probe?: { verdict: string; sentence: string; entry: string | null }) =>
  buildReply(shippedMatcher().diagnose(paste), shippedIndex(), probe);

describe('Freshdesk HTML', () => {
  it('gives the customer numbered fix steps with the knowledge base’s emphasis as tags', () => {
    const html = renderReplyHtml(replyFor(PASTE_401));
    expect(html).toMatch(/<ol><li>/);
    expect(html).toContain('<strong>Authorise</strong>');
    expect(html).not.toContain('**');
  });

  it('escapes whatever was pasted or probed, so a ticket cannot inject markup into a note', () => {
    const paste = `${PASTE_401} <script>alert(1)</script> <img src=x onerror=alert(2)>`;
    const html = renderAgentNoteHtml(
      replyFor(paste, { verdict: 'tenant-forbidden', sentence: 'Org "<b>Acme</b>" refused', entry: null }),
      paste,
    );
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toMatch(/Live check:.*tenant-forbidden/);
  });

  it('tells the agent plainly when nothing matched, without fix steps', () => {
    const html = renderAgentNoteHtml(replyFor('how do I change my invoice logo?'));
    expect(html).toMatch(/No knowledge entry matched/);
    expect(html).not.toMatch(/<ol>/);
  });
});
