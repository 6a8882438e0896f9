import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeCycle, folderCycles, folderEdges, readSourceTree } from '../support/folder-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

describe('the folders of src/', () => {
  it('import each other in one direction only: no folder reaches itself through another', () => {
    const edges = folderEdges(readSourceTree(SRC));
    const cycles = folderCycles(edges);
    expect(cycles.map((g) => describeCycle(edges, g)).join('\n\n')).toBe('');
  });

  it('a type-only import counts, so a cycle through types is caught too', () => {
    const files = new Map([
      ['slack/notify.ts', "import type { Opened } from '../freshdesk/open.js';\n"],
      ['freshdesk/open.ts', "export type Opened = 1;\nexport { x } from '../slack/deps.js';\n"],
      ['core/match.ts', "import { z } from 'zod';\nimport { a } from './a.js';\n"],
    ]);
    const edges = folderEdges(files);
    expect(folderCycles(edges)).toEqual([['freshdesk', 'slack']]);
    expect(describeCycle(edges, ['freshdesk', 'slack'])).toContain(
      'slack/notify.ts imports ../freshdesk/open.js',
    );
  });

  it('a dynamic import counts as well, and a one-way chain is no cycle', () => {
    const chain = new Map([
      ['cli/main.ts', "const m = await import('../server/start.js');\n"],
      ['server/start.ts', "import { match } from '../core/match.js';\n"],
      ['core/match.ts', ''],
    ]);
    expect(folderCycles(folderEdges(chain))).toEqual([]);
    const loop = new Map([...chain, ['core/match.ts', "const c = await import('../cli/main.js');\n"]]);
    expect(folderCycles(folderEdges(loop))).toEqual([['cli', 'core', 'server']]);
  });
});
