import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { createMatcher, type Matcher } from '../src/core/match.js';
import { buildIndex } from '../src/knowledge/build.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import type { KnowledgeIndex } from '../src/knowledge/schema.js';
import { type LabelledPaste, readDevSet } from './dev-set.js';
import { generateKnowledge } from './generate-knowledge.js';
import { fmt, percentile, timeEach } from './stats.js';

// npm run bench: diagnose latency and throughput on the labelled development set, beside a
// plain fuse.js search of the same pastes over the same knowledge text, on the shipped
// knowledge and on a generated 1,000-article one; then the CLI's cold start beside a bare
// `node` start measured in the same run.

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

type Labelled = LabelledPaste;

function devSet(): Labelled[] {
  const set = readDevSet(root('test/fixtures'));
  if (!set.length) throw new Error('no test/fixtures/dev-set*.jsonl found');
  return set;
}

function plainFuse(index: KnowledgeIndex) {
  const fuse = new Fuse(index.entries, {
    keys: ['title', 'meaning', 'causes', 'steps', 'match.phrases', 'examples'],
    includeScore: true,
    ignoreLocation: true,
  });
  return (text: string) => {
    const top = fuse.search(text, { limit: 1 })[0];
    return top && (top.score ?? 1) <= 0.6 ? top.item.id : null;
  };
}

function accuracy(set: Labelled[], answer: (t: string) => string | null) {
  let right = 0;
  let nearMissAnswered = 0;
  for (const p of set) {
    const got = answer(p.text);
    if (got === p.entry) right++;
    if (p.entry === null && got !== null) nearMissAnswered++;
  }
  return { accuracy: right / set.length, nearMissAnswered };
}

// plain fuse.js is slow on long pastes over large knowledge, so it runs once over a sample of
// the set (every k-th paste, warm-up included); per-paste percentiles stay comparable.
function measure(
  label: string,
  set: Labelled[],
  matcher: Matcher,
  baseline: (t: string) => string | null,
  sample: number,
) {
  const texts = set.map((p) => p.text);
  const sampled = set.filter((_, i) => i % Math.max(1, Math.round(set.length / sample)) === 0);
  const ours = timeEach(texts, (t) => matcher.diagnose(t), ROUNDS);
  const fuse = timeEach(
    sampled.map((p) => p.text),
    baseline,
    1,
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const row = (name: string, xs: number[], n: number, acc: ReturnType<typeof accuracy>) => ({
    knowledge: label,
    engine: name,
    pastes: n,
    'p50 / paste': fmt(percentile(xs, 50)),
    'p99 / paste': fmt(percentile(xs, 99)),
    'pastes / s': Math.round(xs.length / (sum(xs) / 1000)),
    accuracy: `${(acc.accuracy * 100).toFixed(1)}%`,
    'near-misses answered': acc.nearMissAnswered,
  });
  const oursRow = row(
    'xerofix',
    ours,
    set.length,
    accuracy(set, (t) => matcher.diagnose(t).entry),
  );
  const fuseRow = row('plain fuse.js', fuse, sampled.length, accuracy(sampled, baseline));
  return {
    rows: [oursRow, fuseRow],
    ratio: percentile(fuse, 50) / percentile(ours, 50),
    p99: percentile(ours, 99),
  };
}

function coldStart(paste: string) {
  const runs = 10;
  const time = (args: string[]) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { cwd: root(''), encoding: 'utf8' });
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r.status !== 0) throw new Error(`cold start run failed: ${r.stderr}`);
    }
    return percentile(samples, 50);
  };
  const bare = time(['-e', '']);
  const cli = time([root('bin/xerofix.js'), 'diagnose', '--json', paste]);
  return { bare, cli };
}

const set = devSet();
const shipped = buildIndex(readKnowledgeFiles(root('knowledge')));
const large = buildIndex([...readKnowledgeFiles(root('knowledge')), ...generateKnowledge(1000)]);
console.log(
  `development set: ${set.length} pastes (${set.filter((p) => p.entry === null).length} near-misses), ${ROUNDS} rounds\n`,
);

const small = measure(
  `shipped (${shipped.entries.length} entries)`,
  set,
  createMatcher(shipped),
  plainFuse(shipped),
  set.length,
);
const big = measure(
  `generated (${large.entries.length} entries)`,
  set,
  createMatcher(large),
  plainFuse(large),
  40,
);
console.table([...small.rows, ...big.rows]);
console.log(
  `plain fuse.js p50 / xerofix p50: ${small.ratio.toFixed(1)}x on shipped, ${big.ratio.toFixed(1)}x on 1,000 articles`,
);
console.log(
  `xerofix p99: ${fmt(small.p99)} shipped (target ≤ 1 ms), ${fmt(big.p99)} with 1,000 articles (target ≤ 5 ms)`,
);

const cold = coldStart('{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}');
console.log(
  `cold start p50: xerofix diagnose ${fmt(cold.cli)} vs bare node ${fmt(cold.bare)} (${(cold.cli / cold.bare).toFixed(1)}x; target ≤ 400 ms)`,
);

// Calibration: of the answers given at each confidence, how many were right.
const calibrationMatcher = createMatcher(shipped);
const buckets = new Map<string, { answered: number; right: number }>();
for (const p of set) {
  const d = calibrationMatcher.diagnose(p.text);
  if (d.entry === null) continue;
  const low = Math.min(0.9, Math.floor(d.confidence * 10) / 10);
  const key = `${low.toFixed(1)}–${(low + 0.1).toFixed(1)}`;
  const b = buckets.get(key) ?? { answered: 0, right: 0 };
  b.answered++;
  if (d.entry === p.entry) b.right++;
  buckets.set(key, b);
}
console.log('calibration (answers only):');
console.table(
  [...buckets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([confidence, b]) => ({
      confidence,
      answered: b.answered,
      correct: `${((b.right / b.answered) * 100).toFixed(0)}%`,
    })),
);
