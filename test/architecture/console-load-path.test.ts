import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadedAtStart, readSourceTree } from '../support/folder-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

// The web console reads what the store holds about every surface; it must not need a surface
// itself (a desk without Freshdesk or Slack still has its console), so its pages load no
// surface's module and no client of Slack, Freshdesk or Xero.
describe("what the web console's pages load", () => {
  const files = readSourceTree(SRC);
  const pages = [...files.keys()].filter((f) => /^console\/[^/]+-page\.ts$/.test(f));

  it('is no surface and no client of Slack, Freshdesk or Xero', () => {
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      const loaded = [...loadedAtStart(files, page)];
      const surfaces = loaded.filter(
        (m) => /^(slack|freshdesk|xero)\//.test(m) || ['@slack/bolt', 'xero-node', 'axios'].includes(m),
      );
      expect(surfaces, page).toEqual([]);
    }
  });
});
