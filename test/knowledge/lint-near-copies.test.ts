import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/core/signals.js';
import { contentStems } from '../../src/core/stem.js';
import { buildIndex } from '../../src/knowledge/build.js';
import { lintIndex } from '../../src/knowledge/lint.js';
import { NEAR_COPY_FROM, nearCopyFindings } from '../../src/knowledge/lint-near-copies.js';
import { readKnowledgeFiles } from '../../src/knowledge/source-files.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';

const example = (text: string, label: string, line = 1) => ({
  text,
  label,
  file: `examples/${label}.yml`,
  line,
});

describe('kb lint on near copies under two labels', () => {
  it('warns at both places when one report is filed under an entry and a near-miss class', () => {
    const files = readKnowledgeFiles(KNOWLEDGE_DIR);
    const report =
      'Calling the Journals endpoint for a user without the reporting role, Xero answers that the user is not permitted to access this resource';
    files.push({
      name: 'examples/zz-near-copy.yml',
      content: [
        'label: xero-other',
        'examples:',
        `  - text: "${report}"`,
        `  - text: "${report.replace('Calling', 'When calling')}, although other endpoints work"`,
      ].join('\n'),
    });
    files.push({
      name: 'examples/zz-near-copy-403.yml',
      content: ['label: xero-403-forbidden', 'examples:', `  - text: "${report}."`].join('\n'),
    });
    const findings = lintIndex(buildIndex(files), files).filter((f) => /reads almost like/.test(f.message));
    expect(findings.every((f) => f.level === 'warning')).toBe(true);
    // Each finding names one place and points at the other; which is which follows file order.
    const pairs = findings.map((f) =>
      [`${f.file}:${f.line}`, /example of \S+ in (\S+)/.exec(f.message)?.[1]].sort().join(' & '),
    );
    // The copy that differs by a full stop, and the reworded one.
    expect(pairs).toContain('examples/zz-near-copy-403.yml:3 & examples/zz-near-copy.yml:3');
    expect(pairs).toContain('examples/zz-near-copy-403.yml:3 & examples/zz-near-copy.yml:4');
  });

  it('says nothing of near copies under one label, short pastes, or different reports', () => {
    expect(
      nearCopyFindings([
        example(
          'the refresh token expired overnight and the Xero sync stopped again',
          'xero-401-unauthorized',
        ),
        example('the refresh token expired overnight and the Xero sync stopped', 'xero-401-unauthorized'),
        example('401 Unauthorized', 'xero-401-unauthorized'),
        example('401 Unauthorized', 'xero-403-forbidden'),
        example(
          'the redirect uri in the request does not match the registered one',
          'xero-500-cannot-connect',
        ),
      ]),
    ).toEqual([]);
  });

  it('finds exactly the pairs a comparison of every pair finds', () => {
    const words =
      'token expired tenant header missing redirect uri invalid client secret rate limit organisation role user xero sync invoice contact payroll report'.split(
        ' ',
      );
    const labels = ['a', 'b', 'c'];
    const stems = (t: string) => new Set(contentStems(tokenize(t.toLowerCase())));
    const bruteForce = (xs: ReturnType<typeof example>[]) => {
      const pairs = new Set<string>();
      for (let i = 0; i < xs.length; i++)
        for (let j = 0; j < i; j++) {
          const a = stems((xs[i] as ReturnType<typeof example>).text);
          const b = stems((xs[j] as ReturnType<typeof example>).text);
          if (a.size < 6 || b.size < 6 || xs[i]?.label === xs[j]?.label) continue;
          const shared = [...a].filter((w) => b.has(w)).length;
          if (shared / (a.size + b.size - shared) >= NEAR_COPY_FROM) pairs.add(`${i}-${j}`);
        }
      return pairs;
    };
    // A few base reports, each example one of them with a word dropped or added, so near copies
    // (and pairs just under the line) are common rather than rare.
    const base = fc.uniqueArray(fc.constantFrom(...words), { minLength: 6, maxLength: 14 });
    const variant = fc.record({
      of: fc.nat(),
      drop: fc.option(fc.nat(), { nil: undefined }),
      add: fc.option(fc.constantFrom(...words), { nil: undefined }),
      label: fc.constantFrom(...labels),
    });
    fc.assert(
      fc.property(
        fc.array(base, { minLength: 1, maxLength: 4 }),
        fc.array(variant, { minLength: 2, maxLength: 40 }),
        (bases, drawn) => {
          const xs = drawn.map((d, i) => {
            const ws = [...(bases[d.of % bases.length] as string[])];
            if (d.drop !== undefined) ws.splice(d.drop % ws.length, 1);
            if (d.add !== undefined && !ws.includes(d.add)) ws.push(d.add);
            return example(ws.join(' '), d.label, i + 1);
          });
          const found = new Set(
            nearCopyFindings(xs).map((f) => {
              const other = Number(/:(\d+) \(/.exec(f.message)?.[1]) - 1;
              return `${(f.line as number) - 1}-${other}`;
            }),
          );
          expect(found).toEqual(bruteForce(xs));
        },
      ),
      { numRuns: 300 },
    );
  });
});
