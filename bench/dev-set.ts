import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One labelled paste of the development set (test/fixtures/dev-set*.jsonl). */
export interface LabelledPaste {
  readonly id: string;
  readonly text: string;
  readonly entry: string | null;
  /** The class a near-miss is an example of (xero-rate-limited…): when the knowledge has an
   *  entry of that id, the paste should be answered by it, so the set follows the articles. */
  readonly class?: string;
  readonly kind: 'rendering' | 'free-text' | 'near-miss';
  readonly note?: string;
}

/** What the knowledge should answer: the class's entry when the knowledge has one, else the label. */
export function expectedEntry(p: LabelledPaste, entryIds: ReadonlySet<string>): string | null {
  return p.class && entryIds.has(p.class) ? p.class : p.entry;
}

export function readDevSet(fixturesDir: string): LabelledPaste[] {
  return readdirSync(fixturesDir)
    .filter((f) => /^dev-set.*\.jsonl$/.test(f))
    .sort()
    .flatMap((f) =>
      readFileSync(join(fixturesDir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as LabelledPaste),
    );
}
