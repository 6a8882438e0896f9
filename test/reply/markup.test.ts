import { describe, expect, it } from 'vitest';
import { parseInline, plainInline } from '../../src/reply/markup.js';
import { inlineHtml } from '../../src/reply/render-html.js';
import { knowledgeToMrkdwn } from '../../src/slack/escape.js';

// The one reader of knowledge markup, shared by the terminal, HTML and Slack renderers.

describe('reading knowledge markup', () => {
  it('reads bold, code and links between plain text', () => {
    expect(parseInline('press **Authorise**, run `npm ci`, see [the guide](https://kb.example/g).')).toEqual([
      { kind: 'text', text: 'press ' },
      { kind: 'bold', text: 'Authorise' },
      { kind: 'text', text: ', run ' },
      { kind: 'code', text: 'npm ci' },
      { kind: 'text', text: ', see ' },
      { kind: 'link', text: 'the guide', href: 'https://kb.example/g' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps markup inside a code span literal', () => {
    expect(parseInline('`**not bold**`')).toEqual([{ kind: 'code', text: '**not bold**' }]);
  });

  it('takes unclosed, empty or many-line markers literally', () => {
    for (const text of ['an **unclosed bold', 'a lone ` backtick', '****', '``', '**two\nlines**', '`a\nb`'])
      expect(plainInline(text)).toBe(text);
  });

  it('links only plain http(s) addresses', () => {
    for (const href of ['javascript:alert(1)', 'https://kb.example/a|b', 'https://kb.example/a b', 'data:x'])
      expect(parseInline(`[label](${href})`).some((p) => p.kind === 'link')).toBe(false);
  });

  it('renders the same pieces as HTML, Slack mrkdwn and plain words, each escaped', () => {
    const text = 'press **<b>Authorise</b>** then `a < b` and [docs & more](https://kb.example/?a=1&b=2)';
    expect(inlineHtml(text)).toBe(
      'press <strong>&lt;b&gt;Authorise&lt;/b&gt;</strong> then <code>a &lt; b</code> and <a href="https://kb.example/?a=1&amp;b=2">docs &amp; more</a>',
    );
    expect(knowledgeToMrkdwn(text)).toBe(
      'press *&lt;b&gt;Authorise&lt;/b&gt;* then `a &lt; b` and <https://kb.example/?a=1&amp;b=2|docs &amp; more>',
    );
    expect(plainInline(text)).toBe(
      'press <b>Authorise</b> then a < b and docs & more (https://kb.example/?a=1&b=2)',
    );
  });
});

describe('hostile knowledge text', () => {
  const SIZE = 64 * 1024;
  const hostile: Array<[string, string]> = [
    ['backticks', '`'.repeat(SIZE)],
    ['backtick pairs across lines', '`a\n'.repeat(SIZE / 3)],
    ['unclosed bold', '**a '.repeat(SIZE / 4)],
    ['asterisks', '*'.repeat(SIZE)],
    ['brackets', '['.repeat(SIZE)],
    ['half links', '[a]('.repeat(SIZE / 4)],
    ['links with no end', '[a](https://x'.repeat(SIZE / 13)],
  ];

  const timeOf = (text: string) => {
    const start = performance.now();
    parseInline(text);
    return performance.now() - start;
  };

  it.each(hostile)('reads 64 KB of %s in linear time and loses no character', (_name, text) => {
    const half = text.slice(0, text.length / 2);
    timeOf(half); // warm up this shape
    const tHalf = Math.min(timeOf(half), timeOf(half));
    const tFull = Math.min(timeOf(text), timeOf(text));
    expect(tFull).toBeLessThan(200);
    // A quadratic scan quadruples when the input doubles; below 20 ms timer noise dominates.
    if (tFull >= 20) expect(tFull / tHalf).toBeLessThan(3.5);
    expect(parseInline(text).reduce((n, p) => n + p.text.length, 0)).toBeGreaterThan(0);
    expect(plainInline(text).length).toBeLessThanOrEqual(text.length);
  });

  it('gives back every character of plain text it does not read as markup', () => {
    const text = '`'.repeat(1001);
    expect(plainInline(text)).toBe(text);
  });
});
