import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One labelled paste of the development set (test/fixtures/dev-set*.jsonl). */
export interface LabelledPaste {
  readonly id: string;
  readonly text: string;
  readonly entry: string | null;
  readonly kind: 'rendering' | 'free-text' | 'near-miss';
  readonly note?: string;
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
