import { describe, expect, it } from 'vitest';
import { cutAt, truncate } from '../../src/reply/truncate.js';

// The one truncator, used by Slack (3000-character sections, 200-character quotes), the Freshdesk
// note (a 100 KB paste) and the console. Whatever the limit, the cut falls between graphemes.

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The kept part is whole graphemes of the original, from its start. */
function expectWholeGraphemes(original: string, kept: string) {
  const all = graphemes(original);
  const mine = graphemes(kept);
  expect(mine).toEqual(all.slice(0, mine.length));
  expect(kept).not.toMatch(LONE_SURROGATE);
}

describe('cutting text to a length', () => {
  const cases: Array<[string, string]> = [
    ['emoji', '😀'.repeat(40)],
    ['letters with combining accents', 'e\u0301a\u0308o\u0302'.repeat(30)],
    ['flags', '🇳🇿🇦🇺🇬🇧'.repeat(10)],
    ['family emoji joined by ZWJ', 'ab👨‍👩‍👧‍👦'.repeat(10)],
    ['skin-tone modifiers', 'x👍🏽'.repeat(20)],
    ['a mix', 'Ünïcödé 😀 e\u0301 🇳🇿 👩‍💻 — 漢字'.repeat(5)],
    ['Windows line ends (CR LF is one grapheme)', 'Status 401\r\nDetail: TokenExpired\r\n'.repeat(5)],
    ['plain Latin-1 beside accents and controls', 'café\u00ad naïve e\u0301\t\u0007ÿ\u02ff\u0300x'.repeat(5)],
  ];

  it.each(cases)('never splits %s, whatever the limit', (_name, text) => {
    for (let max = 0; max <= text.length; max++) {
      const kept = cutAt(text, max);
      expect(kept.length).toBeLessThanOrEqual(max);
      expectWholeGraphemes(text, kept);
      // It keeps as much as fits: the next grapheme would not.
      const next = graphemes(text)[graphemes(kept).length] ?? '';
      if (kept.length < text.length) expect(kept.length + next.length).toBeGreaterThan(max);
    }
  });

  it.each(cases)(
    'shortens %s to the limit with a visible note, never splitting a grapheme',
    (_name, text) => {
      const long = text.repeat(5);
      for (let max = 45; max < 120; max++) {
        const out = truncate(long, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).toMatch(/… \(shortened; [\d,]+ characters in all\)$/);
        expectWholeGraphemes(long, out.slice(0, out.indexOf('…')));
      }
    },
  );

  it('cuts a hostile cluster of thousands of accents at a code point rather than dropping all of it', () => {
    const zalgo = `a${'\u0301'.repeat(5000)}`;
    const out = cutAt(zalgo, 100);
    expect(out.length).toBe(100);
    expect(out).not.toMatch(LONE_SURROGATE);
  });

  it('never leaves half an entity in text that is already escaped', () => {
    const escaped = '&lt;&gt;&amp;&#39;'.repeat(100);
    for (let max = 50; max < 90; max++) {
      const kept = truncate(escaped, max, { keepEntities: true }).split('…')[0] ?? '';
      expect(kept).toMatch(/^(&lt;|&gt;|&amp;|&#39;)*$/);
    }
  });

  it('leaves short text alone and reports the length it was asked to', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('y'.repeat(5000), 100)).toMatch(/^y+… \(shortened; 5,000 characters in all\)$/);
    expect(truncate('y'.repeat(5000), 100, { total: 4321 })).toMatch(/4,321 characters in all\)$/);
  });

  it('still says it shortened when the limit leaves no room for text', () => {
    const out = truncate('z'.repeat(500), 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out.startsWith('…')).toBe(true);
  });

  it('cuts a 1 MB text quickly: only the neighbourhood of the cut is examined', () => {
    const big = 'e\u0301😀'.repeat(350_000);
    const start = performance.now();
    truncate(big, 3000);
    expect(performance.now() - start).toBeLessThan(50);
  });
});
