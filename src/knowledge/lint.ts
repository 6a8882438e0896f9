import { createMatcher } from '../core/match.js';
import type { KnowledgeIndex } from './schema.js';

// Checks a built index for what the schema cannot see: every example an article gives must be
// diagnosed as that article's own entry, and entries should be findable from free text.

export interface LintFinding {
  readonly level: 'error' | 'warning';
  readonly entry: string;
  readonly message: string;
}

export function lintIndex(index: KnowledgeIndex): LintFinding[] {
  const findings: LintFinding[] = [];
  const matcher = createMatcher(index);
  for (const entry of index.entries) {
    if (!entry.examples.length)
      findings.push({ level: 'warning', entry: entry.id, message: 'no examples: add a paste it must match' });
    if (!entry.match.phrases.length)
      findings.push({
        level: 'warning',
        entry: entry.id,
        message: 'no phrases: free-text questions cannot find it',
      });
    for (const example of entry.examples) {
      const d = matcher.diagnose(example);
      if (d.entry !== entry.id) {
        const got = d.entry ?? `no answer (${d.kind === 'abstain' ? d.reason : ''})`;
        findings.push({
          level: 'error',
          entry: entry.id,
          message: `example ${JSON.stringify(example.slice(0, 80))} is diagnosed as ${got}`,
        });
      }
    }
  }
  return findings;
}
