import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadedAtStart, readSourceTree } from '../support/folder-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

// `xerofix diagnose` answers from the built index; its cold start is one of the measured speed
// figures. What only building, serving or the store needs must stay off its load path.
describe('what `xerofix diagnose` loads before it answers', () => {
  const files = readSourceTree(SRC);
  const loaded = [
    ...new Set([...loadedAtStart(files, 'cli/bin.ts'), ...loadedAtStart(files, 'cli/commands/diagnose.ts')]),
  ];

  it('is not the knowledge builder: no YAML parser, no model fitting, no article parser', () => {
    expect(
      loaded.filter((m) => m === 'yaml' || m.startsWith('learn/') || m === 'knowledge/build.ts'),
    ).toEqual([]);
    expect(loaded).toContain('knowledge/built-index.ts');
  });

  it('is not the server, the store or a client of Slack, Freshdesk or Xero', () => {
    const heavy = ['@slack/bolt', 'xero-node', 'express', 'better-sqlite3', 'pg', 'kysely', 'axios', 'pino'];
    expect(
      loaded.filter((m) => heavy.includes(m) || /^(server|store|slack|freshdesk|xero)\//.test(m)),
    ).toEqual([]);
  });

  it('follows static imports and stops at dynamic ones', () => {
    const sample = new Map([
      [
        'cli/a.ts',
        "import { b } from './b.js';\nexport async function run() { await import('../server/s.js'); }\n",
      ],
      ['cli/b.ts', "import YAML from 'yaml';\nimport type { T } from '../learn/t.js';\n"],
      ['server/s.ts', "import express from 'express';\n"],
    ]);
    expect([...loadedAtStart(sample, 'cli/a.ts')].sort()).toEqual(['cli/a.ts', 'cli/b.ts', 'yaml']);
  });
});
