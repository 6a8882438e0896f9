import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/core/match.js';
import { buildIndex } from '../../src/knowledge/build.js';
import { importHtmlArticle } from '../../src/knowledge/import-html.js';

const html = readFileSync(new URL('../fixtures/html/helpdesk-export.html', import.meta.url), 'utf8');

describe('importing a help-centre article exported as HTML', () => {
  const { id, markdown } = importHtmlArticle(html, {
    id: 'imported-403',
    source: 'https://help.example.com/a/1',
  });
  const [entry] = buildIndex([{ name: `${id}.md`, content: markdown }]).entries;

  it('produces an article the builder accepts, under the id given', () => {
    expect(entry?.id).toBe('imported-403');
    expect(entry?.source).toBe('https://help.example.com/a/1');
  });

  it('reads sections from headings and from questions that open a paragraph', () => {
    expect(entry?.meaning).toMatch(/refused the call/);
    expect(entry?.causes).toEqual(
      expect.arrayContaining([
        'Secret regenerated in the developer portal.',
        'Organisation removed from connected apps.',
      ]),
    );
    expect(entry?.steps).toEqual([
      'Create a new client secret for the app.',
      'Paste it into the plugin settings and press Authorise.',
    ]);
    expect(entry?.prevention).toMatch(/Not if the secret/);
  });

  it('seeds match rules from the payload in the title, so the article finds its own error', () => {
    expect(entry?.match.statuses).toEqual([403]);
    expect(entry?.match.details).toEqual(['AuthenticationUnsuccessful']);
    const matcher = createMatcher(buildIndex([{ name: 'a.md', content: markdown }]));
    expect(
      matcher.diagnose('{"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}').entry,
    ).toBe('imported-403');
  });

  it('leaves scripts out of the article text', () => {
    expect(markdown).not.toContain('trackPageView');
  });
});

describe('importing a hostile article', () => {
  const timeOf = (html: string) => {
    const start = performance.now();
    importHtmlArticle(html);
    return performance.now() - start;
  };
  const page = (run: string) =>
    `<html><body><h1>Odd page</h1><pre>a${run}b</pre><p>${run}</p><ol><li>Do it.</li></ol></body></html>`;

  it('reads a 128 KB run of spaces and newlines inside a code block in linear time', () => {
    for (const unit of [' ', '\n', ' \t', '\n \n']) {
      const full = unit.repeat(Math.ceil((128 * 1024) / unit.length));
      const half = full.slice(0, full.length / 2);
      timeOf(page(half));
      const tHalf = Math.min(timeOf(page(half)), timeOf(page(half)));
      const tFull = Math.min(timeOf(page(full)), timeOf(page(full)));
      // The old /\s+$/ trim took 24 s on 128 KB of spaces; quadratic growth quadruples, linear doubles.
      expect(tFull).toBeLessThan(400);
      if (tFull >= 25) expect(tFull / tHalf).toBeLessThan(3.5);
    }
  });

  it('still trims a code block as before: leading blank lines and trailing space go', () => {
    const { markdown } = importHtmlArticle(
      '<html><body><h1>T</h1><pre>\n\n  {"error":"invalid_grant"}  \n\n</pre><ol><li>Do it.</li></ol></body></html>',
    );
    expect(markdown).toContain('  {"error":"invalid_grant"}\n```');
  });
});
