import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSourceTree } from '../support/folder-graph.js';
import { shownSentences } from '../support/shown-sentences.js';

// Wording a customer or agent reads lives in src/reply/ (and the knowledge), nowhere else: the
// core returns codes and facts, surfaces lay the words out. This scan finds string literals
// outside src/reply/ that read like a sentence shown to people and names them by file:line.
// It sees sentences only: a lone label ("Probe now") is kept in reply/ by review, not by this.

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/**
 * Where a sentence is not customer or agent wording, and why. A folder ends in "/". Keep it
 * short: anything a customer or an agent reads belongs in src/reply/ instead.
 */
const NOT_WORDING: Readonly<Record<string, string>> = {
  'reply/': 'the wording itself',
  'cli/':
    'read by the operator at a terminal; help text is commander’s, answers come through reply/render-text',
  'ops/': 'Prometheus help text, for whoever runs the server',
  'server/features.ts': 'start-up notices in the log: which setting turns a surface on, for the operator',
  'store/': 'errors and SQL for the operator (a database that will not open, a wrong key)',
  'knowledge/': 'kb build, lint and feedback export, for the people who maintain the articles',
  'core/knowledge-schema.ts': 'validation messages kb lint shows to the article’s author',
  'slack/replay-guard.ts':
    'a 401 body answered to a replayed or mis-stamped Slack request, never shown to a person',
  // Until the declined-reply explanations move to reply/ (issue 14, helper H3): drop this then.
};

const allowed = (at: string) =>
  Object.keys(NOT_WORDING).some((p) => (p.endsWith('/') ? at.startsWith(p) : at.startsWith(`${p}:`)));

describe('wording a customer or agent reads', () => {
  it('lives in src/reply/: no sentence-like string elsewhere in src/ but the explained exceptions', () => {
    const found = shownSentences(readSourceTree(SRC), []).filter((s) => !allowed(s.at));
    expect(found.map((s) => `${s.at}  ${s.text}`).join('\n')).toBe('');
  });

  it('is found in a page, a notice or a template with markup, and named by file and line', () => {
    const files = new Map([
      [
        'console/page.ts',
        [
          "const a = 'Nothing to fix.';",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a sample module
          'const b = `<p class="muted">Probe it again later to find ${"out"}.</p>`;',
          "const c = { text: 'Which customer? Use the probe command.' };",
        ].join('\n'),
      ],
    ]);
    expect(shownSentences(files, []).map((s) => s.at)).toEqual([
      'console/page.ts:1',
      'console/page.ts:2',
      'console/page.ts:3',
    ]);
  });

  it('leaves out what only operators read, comments, imports, labels and skipped folders', () => {
    const files = new Map([
      [
        'slack/job.ts',
        [
          '// A comment is a sentence, and not wording.',
          "import { x } from './Some module path.js';",
          "deps.log.warn('Freshdesk rate limit nearly used up.', {});",
          "throw new Error('The store could not be opened.');",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a sample module
          'const e = new XeroCallError(`Xero refused the call to ${url}.`);',
          "const label = 'Probe now';",
          "const id = 'tenant-forbidden';",
        ].join('\n'),
      ],
      ['reply/wording.ts', "export const S = 'This is the wording itself.';"],
    ]);
    expect(shownSentences(files, ['reply'])).toEqual([]);
  });
});
