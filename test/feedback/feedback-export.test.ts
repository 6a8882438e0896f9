import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSources } from '../../src/knowledge/build.js';
import { feedbackLabels } from '../../src/knowledge/examples.js';
import { type ChoiceToExport, planFeedbackExport } from '../../src/knowledge/feedback-export.js';
import { formatFinding, unreviewedFeedback } from '../../src/knowledge/lint.js';
import { type KnowledgeFile, readKnowledgeFiles } from '../../src/knowledge/source-files.js';
import { redact } from '../../src/secrets/redact.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';

// Picks become examples files: one per label under examples/feedback/, marked as feedback and
// unreviewed, redacted, never a "real paste"; the next build reads them and kb lint lists them.

const shipped = readKnowledgeFiles(KNOWLEDGE_DIR).filter((f) => !f.name.startsWith('examples/feedback/'));
const labels = new Set(feedbackLabels(readSources(shipped)).map((l) => l.id));
const FILE = 'examples/feedback/xero-403-forbidden.yml';

let seq = 0;
const pick = (label: string, paste: string): ChoiceToExport => {
  seq += 1;
  return {
    lookupId: `q-${seq}`,
    label,
    paste,
    createdAt: `2025-03-${String(10 + seq).padStart(2, '0')}T09:00:00.000Z`,
  };
};
const plan = (choices: ChoiceToExport[], files: readonly KnowledgeFile[] = shipped) =>
  planFeedbackExport({ choices, files, labels, redact });
const withWrites = (files: readonly KnowledgeFile[], writes: ReadonlyMap<string, string | null>) => [
  ...files.filter((f) => !writes.has(f.name)),
  ...[...writes].flatMap(([name, content]) => (content === null ? [] : [{ name, content }])),
];

describe('exporting agents’ picks', () => {
  it('writes one file per label, each item from feedback, dated, unreviewed and without a source', () => {
    const a = pick('xero-403-forbidden', 'Acme sync: 403 Forbidden when posting invoice INV-0042');
    const b = pick('xero-403-forbidden', 'Acme sync: 403 on contacts since the role change');
    const result = plan([a, b]);
    expect([...result.writes.keys()]).toEqual([FILE]);
    const file = parse(result.writes.get(FILE) ?? '');
    expect(file.label).toBe('xero-403-forbidden');
    expect(file.examples).toEqual([
      { text: a.paste, origin: 'feedback', recorded: a.createdAt, reviewed: false },
      { text: b.paste, origin: 'feedback', recorded: b.createdAt, reviewed: false },
    ]);
    expect(result.done).toEqual([a, b]);
  });

  it('redacts a credential the stored paste still holds before it is written', () => {
    const secret = `client_secret=${'S'.repeat(32)}`;
    const result = plan([pick('xero-403-forbidden', `403 Forbidden calling Xero with ${secret}`)]);
    const text = result.writes.get(FILE) ?? '';
    expect(text).toContain('403 Forbidden calling Xero');
    expect(text).not.toContain('S'.repeat(32));
  });

  it('adds to an existing file and keeps what a person did there: reviews and comments', () => {
    const existing = `# a reviewer's note\nlabel: xero-403-forbidden\nexamples:\n  - text: Forbidden on the payroll endpoint for Acme\n    origin: feedback\n    recorded: 2025-01-02T00:00:00.000Z\n    reviewed: true # checked by Sam\n`;
    const files = [...shipped, { name: FILE, content: existing }];
    const result = plan([pick('xero-403-forbidden', 'Forbidden again after the user left the org')], files);
    const written = result.writes.get(FILE) ?? '';
    expect(written).toContain("# a reviewer's note");
    expect(written).toContain('reviewed: true # checked by Sam');
    expect(parse(written).examples.map((e: { reviewed: boolean }) => e.reviewed)).toEqual([true, false]);
  });

  it('adds nothing for a paste that already is an example of that label, and marks it done', () => {
    const known = readSources(shipped).examples.find((e) => e.label === 'xero-403-forbidden' && e.source);
    if (!known) throw new Error('the shipped knowledge has no real 403 paste');
    const again = pick('xero-403-forbidden', `  ${known.text.toUpperCase()}  `);
    const result = plan([again]);
    expect(result.writes.size).toBe(0);
    expect(result.done).toEqual([again]);
  });

  it('leaves a pick whose label the knowledge no longer has in the store, saying why', () => {
    const gone = pick('xero-entry-deleted-since', 'some paste');
    const sneaky = pick('../../etc/passwd', 'some paste');
    const result = plan([gone, sneaky]);
    expect(result.writes.size).toBe(0);
    expect(result.done).toEqual([]);
    expect(result.skipped.map((s) => s.choice)).toEqual([gone, sneaky]);
    expect(result.skipped[0]?.reason).toMatch(/no longer an entry or a near-miss class/);
  });

  it('moves an unreviewed pick when the same paste is picked again as another label', () => {
    const paste = 'Xero said 403 but it was really the proxy timing out';
    const first = plan([pick('xero-403-forbidden', paste)]);
    const files = withWrites(shipped, first.writes);
    const second = plan([pick('network-failure', paste)], files);
    expect(second.writes.get(FILE)).toBeNull(); // its only item moved: the file goes
    expect(parse(second.writes.get('examples/feedback/network-failure.yml') ?? '').examples[0].text).toBe(
      paste,
    );
  });

  it('gives files the next build reads as examples of their label, and kb lint lists until reviewed', () => {
    const paste = 'Widget sync: HTTP 403 from api.xero.com on /payroll.xro/1.0/Employees';
    const files = withWrites(shipped, plan([pick('xero-403-forbidden', paste)]).writes);
    const sources = readSources(files);
    const learnt = sources.examples.find((e) => e.text === paste);
    expect(learnt).toMatchObject({ label: 'xero-403-forbidden', origin: 'feedback', reviewed: false });
    expect(learnt?.source).toBeUndefined();
    expect(sources.leftOut).toEqual(readSources(shipped).leftOut);

    const [finding, ...more] = unreviewedFeedback(sources);
    expect(more).toEqual([]);
    expect(formatFinding(finding as NonNullable<typeof finding>)).toMatch(
      /^knowledge\/examples\/feedback\/xero-403-forbidden\.yml:\d+: warning: xero-403-forbidden: from agent feedback \(2025-03-\d\d\), not reviewed/,
    );

    const reviewed = files.map((f) =>
      f.name === FILE ? { ...f, content: f.content.replace('reviewed: false', 'reviewed: true') } : f,
    );
    expect(unreviewedFeedback(readSources(reviewed))).toEqual([]);
  });

  it('refuses an example from feedback that claims a source, with its file and line', () => {
    const content = `label: xero-403-forbidden\nexamples:\n  - text: ok one\n    origin: feedback\n  - text: claims to be real\n    origin: feedback\n    source: https://example.com/thread\n`;
    const sources = readSources([...shipped, { name: FILE, content }]);
    expect(sources.leftOut).toContainEqual({
      file: FILE,
      line: 5,
      message: expect.stringMatching(/origin: feedback has a source/),
    });
    expect(sources.examples.some((e) => e.text === 'ok one')).toBe(false);
  });
});
