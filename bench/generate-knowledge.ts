import type { KnowledgeFile } from '../src/knowledge/source-files.js';

// A synthetic knowledge base of N articles for the scaling benchmark: realistic shapes
// (statuses, Detail codes, OAuth codes, phrases, sections), deterministic content.

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'invoice payment contact account journal tax rate currency bank feed sync order refund credit note item stock tracking category region branch payroll employee leave timesheet report ledger period lock budget quote purchase bill supplier customer webhook batch attachment folder file project task expense claim receipt asset depreciation'.split(
    ' ',
  );
const VERBS =
  'fails rejected missing duplicated stuck delayed wrong blank ignored mismatched skipped locked'.split(' ');
const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503];

export function generateKnowledge(count: number, seed = 42): KnowledgeFile[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const files: KnowledgeFile[] = [];
  for (let i = 0; i < count; i++) {
    const a = pick(WORDS);
    const b = pick(WORDS);
    const v = pick(VERBS);
    const id = `synthetic-${i}-${a}-${b}`;
    const detail = `${a[0]?.toUpperCase()}${a.slice(1)}${b[0]?.toUpperCase()}${b.slice(1)}${v[0]?.toUpperCase()}${v.slice(1)}${i}`;
    files.push({
      name: `${id}.md`,
      content: `---
title: ${a} ${b} ${v} (${i})
provider: xero
entries:
  - id: ${id}
    title: ${a} ${b} ${v}
    match:
      statuses: [${pick(STATUSES)}]
      details: [${detail}]
      patterns: ["${a} ${b} ${v} code ${i}"]
      phrases: ["${a} ${b} ${v}", "${b} ${a} keeps getting ${v}", "xero ${a} ${v} after ${pick(WORDS)}"]
    examples: ['{"Status":400,"Detail":"${detail}"}']
---

## ${id}

### What it means

The ${a} ${b} was ${v} by Xero because of rule ${i}.

### Likely causes

- The ${a} has a ${pick(WORDS)} that Xero does not accept.
- The ${b} changed in Xero after it was synced.

### How to fix it

1. Open the ${a} in the plugin.
2. Correct the ${b} and save.
3. Sync again.
`,
    });
  }
  return files;
}
