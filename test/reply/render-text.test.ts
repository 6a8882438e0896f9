import { describe, expect, it } from 'vitest';
import { buildReply, type Reply } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/render-text.js';
import { tinyIndex, tinyMatcher } from '../support/tiny-knowledge.js';

const matcher = tinyMatcher();
const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
const replyFor = (paste: string): Reply => buildReply(matcher.diagnose(paste), tinyIndex());
const HINT = 'More: add --full.';

describe('the text answer', () => {
  it('answers the seed paste in a screenful: the meaning in a sentence, the steps, what next, how sure', () => {
    const reply = replyFor(PASTE_401);
    const lines = renderText(reply, { moreHint: HINT }).trimEnd().split('\n');
    expect(lines[0]).toBe(reply.title);
    expect(lines.slice(3, 5)).toEqual(['What it means:', reply.why.replace(/`/g, '')]);
    const steps = lines.indexOf('How to fix it:');
    expect(steps).toBe(6);
    expect(lines[steps + 1]).toMatch(/^ {2}1\. /);
    expect(lines.indexOf('If that does not work:')).toBeGreaterThan(steps + reply.steps.length);
    expect(lines.find((l) => l.startsWith('Evidence: '))).toMatch(
      /^Evidence: Confidence \d+%; HTTP status 401/,
    );
    expect(lines.at(-1)).toBe(HINT);
    expect(lines.filter((l) => l.trim()).length).toBeLessThanOrEqual(18);
    // The causes, the long meaning and the paste's details wait for --full.
    expect(lines.join('\n')).not.toContain('Likely causes:');
    expect(lines.join('\n')).not.toContain('Detail: AuthenticationUnsuccessful');
  });

  it('gives everything with full, and no hint', () => {
    const reply = replyFor(PASTE_401);
    const text = renderText(reply, { full: true, moreHint: HINT });
    for (const part of [
      'What it means:',
      'Likely causes:',
      'Keep it from happening again:',
      'Status: 401',
      'Source: ',
    ])
      expect(text).toContain(part);
    expect(text).not.toContain(HINT);
    expect(text.indexOf('How to fix it:')).toBeLessThan(text.indexOf('Likely causes:'));
    expect(text.indexOf('Keep it from happening again:')).toBeLessThan(text.indexOf('Getting help:'));
  });

  it("says plainly whose error another provider's paste is", () => {
    const text = renderText(
      replyFor(
        'POST https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer 400 {"error":"invalid_grant"}',
      ),
    );
    expect(text.split('\n')[0]).toBe('Not a Xero error');
    expect(text).toMatch(/comes from QuickBooks Online, not from Xero/);
    expect(text).not.toMatch(/\d\.\d{2,}|threshold/);
  });
});
