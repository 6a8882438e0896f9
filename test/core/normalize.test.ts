import { describe, expect, it } from 'vitest';
import { stripTags } from '../../src/core/normalize.js';

describe('stripTags', () => {
  it('keeps an address in angle brackets where it is, on its own line', () => {
    const line = 'postfix/qmgr[1180]: 4F2A81C0F3: from=<orders@shop.example.com>, size=8821';
    expect(stripTags(line)).toBe('postfix/qmgr[1180]: 4F2A81C0F3: from= orders@shop.example.com , size=8821');
    expect(stripTags('see <https://identity.xero.com/connect/token> for more')).toBe(
      'see  https://identity.xero.com/connect/token  for more',
    );
  });

  it("still turns an error page's tags into line breaks, keeping the link a tag points to", () => {
    const page = '<html><body><h1>Forbidden</h1><a href="https://login.xero.com/x">retry</a></body></html>';
    const text = stripTags(page);
    expect(text).not.toContain('<');
    expect(text).toContain('Forbidden');
    expect(text).toContain('https://login.xero.com/x');
  });
});
