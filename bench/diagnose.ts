import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import type { KnowledgeIndex } from '../src/core/knowledge-schema.js';
import { createMatcher } from '../src/core/match.js';
import { buildIndex } from '../src/knowledge/build.js';
import { readKnowledgeFiles } from '../src/knowledge/source-files.js';
import { isReal } from '../src/learn/cross-validate.js';
import { createBaselineMatcher } from './baseline-matcher.js';
import { generateKnowledge } from './generate-knowledge.js';
import { fmt, percentile, timeEach } from './stats.js';

// npm run bench: diagnose latency and throughput on the real pastes of knowledge/examples,
// beside the rule-based matcher xerofix shipped before and a plain fuse.js search of the same
// pastes, on the shipped knowledge and on a generated 1,000-article one; kb build's time for
// both; then the CLI's cold start beside a bare `node` start, all measured in the same run.
// Accuracy is not reported here: it is npm run eval's cross-validated figure (timing the
// shipped model on pastes it was fitted on says nothing about accuracy).

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

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

// plain fuse.js is slow on long pastes over large knowledge, so it runs once over a sample of
// the pastes (every k-th, warm-up included); per-paste percentiles stay comparable.
function measure(label: string, texts: string[], engines: Array<[string, (t: string) => unknown, number]>) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return engines.map(([engine, run, sample]) => {
    const sampled = texts.filter((_, i) => i % Math.max(1, Math.round(texts.length / sample)) === 0);
    const xs = timeEach(sampled, run, engine === 'plain fuse.js' ? 1 : ROUNDS);
    return {
      knowledge: label,
      engine,
      pastes: sampled.length,
      p50: percentile(xs, 50),
      p99: percentile(xs, 99),
      perSecond: Math.round(xs.length / (sum(xs) / 1000)),
    };
  });
}

/**
 * Cold starts, interleaved (bare node, the bundled CLI, the unbundled one, then again) so a
 * slow spell on this shared machine hits all three alike; medians of each.
 */
function coldStart(paste: string) {
  const runs = 15;
  const commands = {
    bare: ['-e', ''],
    cli: [root('bin/xerofix.js'), 'diagnose', '--json', paste],
    unbundled: [root('dist/src/cli/bin.js'), 'diagnose', '--json', paste],
  };
  const samples = { bare: [] as number[], cli: [] as number[], unbundled: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { cwd: root(''), encoding: 'utf8' });
      samples[name].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r.status !== 0) throw new Error(`cold start run failed: ${r.stderr}`);
    }
  }
  return {
    bare: percentile(samples.bare, 50),
    cli: percentile(samples.cli, 50),
    unbundled: percentile(samples.unbundled, 50),
  };
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const files = readKnowledgeFiles(root('knowledge'));
const shippedBuild = timed(() => buildIndex(files));
const largeBuild = timed(() => buildIndex([...files, ...generateKnowledge(1000)]));
const shipped = shippedBuild.value;
const large = largeBuild.value;
const texts = shipped.examples.filter(isReal).map((e) => e.text);
console.log(`real pastes: ${texts.length} (knowledge/examples), ${ROUNDS} rounds\n`);

const ours = { shipped: createMatcher(shipped), large: createMatcher(large) };
const before = { shipped: createBaselineMatcher(shipped), large: createBaselineMatcher(large) };
const rows = [
  ...measure(`shipped (${shipped.model.classes.length} classes)`, texts, [
    ['xerofix', (t) => ours.shipped.diagnose(t), texts.length],
    ['rule matcher (before)', (t) => before.shipped.diagnose(t), texts.length],
    ['plain fuse.js', plainFuse(shipped), texts.length],
  ]),
  ...measure(`generated (${large.model.classes.length} classes)`, texts, [
    ['xerofix', (t) => ours.large.diagnose(t), texts.length],
    ['rule matcher (before)', (t) => before.large.diagnose(t), texts.length],
    ['plain fuse.js', plainFuse(large), 40],
  ]),
];
console.table(rows.map((r) => ({ ...r, p50: fmt(r.p50), p99: fmt(r.p99) })));
const p50Of = (knowledge: string, engine: string) =>
  rows.find((r) => r.knowledge.startsWith(knowledge) && r.engine === engine)?.p50 ?? Number.NaN;
console.log(
  `xerofix p50 / rule matcher p50: ${(p50Of('shipped', 'xerofix') / p50Of('shipped', 'rule matcher (before)')).toFixed(2)} on shipped, ${(p50Of('generated', 'xerofix') / p50Of('generated', 'rule matcher (before)')).toFixed(2)} with 1,000 articles`,
);
console.log(
  `targets: shipped p50 ≤ 0.2 ms, p99 ≤ 1 ms; 1,000 articles p50 ≤ 2 ms. kb build: ${fmt(shippedBuild.ms)} shipped, ${fmt(largeBuild.ms)} with 1,000 articles (target ≤ 10 s)`,
);

const cold = coldStart('{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}');
console.log(
  `cold start p50: xerofix diagnose ${fmt(cold.cli)} vs bare node ${fmt(cold.bare)} (${(cold.cli / cold.bare).toFixed(1)}x; target ≤ 300 ms); unbundled (dist/src) ${fmt(cold.unbundled)} (${(cold.unbundled / cold.bare).toFixed(1)}x)`,
);
