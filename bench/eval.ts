import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import type { LabelledExample } from '../src/core/knowledge-schema.js';
import type { Diagnosis } from '../src/core/types.js';
import { readSources } from '../src/knowledge/build.js';
import { readKnowledgeFiles } from '../src/knowledge/source-files.js';
import { readClosingLines, withClosingLines } from '../src/learn/closing-lines.js';
import { crossValidate, type HeldOutResult, isReal } from '../src/learn/cross-validate.js';
import { DECLINE, readErrorQuestions } from '../src/learn/error-questions.js';
import { keptAnswers, variantSlice } from '../src/learn/kept-answers.js';
import { replayRounds } from '../src/learn/replay-rounds.js';
import { DECLINED, NEAR_MISS, type Scorecard, scorecard } from '../src/learn/scorecard.js';
import { readWrappings, withWrappings } from '../src/learn/wrappings.js';
import { createBaselineMatcher } from './baseline-matcher.js';
import { lockboxed } from './lockbox.js';

// npm run eval: the accuracy figure that counts. Grouped k-fold cross-validation over the real
// pastes in knowledge/examples (folds by source), beside the rule-based matcher xerofix shipped
// before (the baseline) on the same pastes in the same run.
//   --folds N          number of folds (default 5)
//   --repeats N        repeat the cross-validation over N cuts of the sources into folds (default 3)
//                      and print the spread: one moved item re-cuts every fold, and the figure with it
//   --without-lockbox  leave the lockbox sources out entirely (used while tuning)
//   --lockbox          fit on everything but the lockbox, judge the lockbox once
//   --errors           list the pastes the model got wrong (cross-validation or --unseen)
//   --unseen FILE      judge a new round of pastes (YAML: items with text and label) with the model
//                      fitted on everything, before anyone reads them; then they join the corpus
//   --forward          replay the rounds of pastes in the order they were collected: each round
//                      judged by a model fitted on the rounds before it (the estimate for new text)

const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
    'without-lockbox': { type: 'boolean' },
    lockbox: { type: 'boolean' },
    errors: { type: 'boolean' },
    unseen: { type: 'string' },
    forward: { type: 'boolean' },
  },
});
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const all = readSources(readKnowledgeFiles(root('knowledge')));
const entryIds = new Set(all.entries.map((e) => e.id));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

let examples = all.examples;
if (values['without-lockbox']) examples = examples.filter((e) => !(isReal(e) && lockboxed(e)));
const sources = { ...all, examples };

function show(name: string, card: Scorecard) {
  console.log(`\n${name}: ${card.items} real pastes, accuracy ${pct(card.accuracy)}`);
  console.log(
    `  near-misses answered ${card.nearMissesAnswered}/${card.nearMisses} (${pct(card.nearMissesAnswered / Math.max(1, card.nearMisses))}), wrong-entry answers ${card.wrongEntry}/${card.entryItems}, ECE answers ${card.eceAnswers.toFixed(3)}, ECE all ${card.eceAll.toFixed(3)}`,
  );
  const labels = Object.entries(card.perLabel).sort(
    ([a], [b]) => Number(!entryIds.has(a)) - Number(!entryIds.has(b)) || a.localeCompare(b),
  );
  console.table(
    Object.fromEntries(labels.map(([l, r]) => [l, { items: r.items, accuracy: pct(r.accuracy) }])),
  );
  const cols = [...entryIds, DECLINED];
  console.log('  confusion (rows: label, columns: answer)');
  console.table(
    Object.fromEntries(
      [...entryIds, NEAR_MISS].map((g) => [
        g,
        Object.fromEntries(cols.map((c) => [c, card.confusion[g]?.[c] ?? 0])),
      ]),
    ),
  );
}

// The misses, one block each: label -> answer (or why it declined), confidence, where the paste lives.
function listMisses(judged: Array<{ example: LabelledExample; diagnosis: Diagnosis }>) {
  for (const r of judged.filter(
    (r) => (entryIds.has(r.example.label) ? r.example.label : null) !== r.diagnosis.entry,
  )) {
    const d = r.diagnosis;
    console.log(
      `\n[${r.example.label} -> ${d.entry ?? (d.kind === 'abstain' ? `${d.reason}:${d.pointsTo ?? d.candidate?.id ?? ''}` : '')} ${d.confidence}] ${r.example.file}:${r.example.line}\n  ${r.example.text.slice(0, 300).replace(/\n/g, '\n  ')}`,
    );
  }
}

const judgedOn = (items: LabelledExample[]) => {
  const baseline = createBaselineMatcher(sources);
  return items.map((example) => ({ example, diagnosis: baseline.diagnose(example.text) }));
};

// The same cross-validation over other cuts of the sources into folds (the first cut is the one
// above and the one the tests hold): how much of the figure is the cut rather than the matcher.
function showSpread(folds: number, repeats: number, first: Scorecard) {
  const cards = [first];
  for (let r = 1; r < repeats; r++)
    cards.push(
      scorecard(crossValidate(sources, folds, undefined, undefined, undefined, `cut ${r}`), entryIds),
    );
  const spread = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `mean ${pct(mean)}, ${pct(Math.min(...xs))} to ${pct(Math.max(...xs))}`;
  };
  console.log(`\nover ${repeats} cuts into ${folds} folds:`);
  console.log(`  accuracy ${spread(cards.map((c) => c.accuracy))}`);
  console.log(
    `  near-misses answered ${spread(cards.map((c) => c.nearMissesAnswered / Math.max(1, c.nearMisses)))}`,
  );
  const labels = Object.keys(first.perLabel).filter((l) => entryIds.has(l));
  for (const l of labels) console.log(`  ${l} ${spread(cards.map((c) => c.perLabel[l]?.accuracy ?? 0))}`);
}

/** What customers put around an error, which must not change the answer: closing requests for
 *  help (src/learn/closing-lines.ts), e-mails, screens of log and an agent's words passing the
 *  paste on (src/learn/wrappings.ts).
 *  Each comes as a held-out set nobody tuned on and a set read while tuning. */
function variantSets() {
  const sets = [];
  for (const name of ['held-out', 'read-while-tuning']) {
    const lines = readClosingLines(readFileSync(root(`test/fixtures/closing-lines/${name}.txt`), 'utf8'));
    sets.push({
      what: 'with a closing line added ("What do I do?")',
      name,
      count: lines.length,
      of: withClosingLines(lines),
    });
  }
  const wrappings = [
    ['email-wrappings', 'inside an e-mail (greeting, signature, disclaimer)'],
    ['log-contexts', 'inside a screen of log (routine lines around the error)'],
    ['relay-framings', 'passed on by an agent ("customer says: …")'],
  ];
  for (const [folder, what] of wrappings)
    for (const name of ['held-out', 'read-while-tuning']) {
      const wrappers = readWrappings(readFileSync(root(`test/fixtures/${folder}/${name}.txt`), 'utf8'));
      sets.push({ what: what as string, name, count: wrappers.length, of: withWrappings(wrappers) });
    }
  return sets;
}

function showVariants(results: readonly HeldOutResult[], sets: ReturnType<typeof variantSets>) {
  let from = 0;
  let heading = '';
  for (const { what, name, count } of sets) {
    if (what !== heading) console.log(`\n${what}, held-out pastes the model got right:`);
    heading = what;
    const f = keptAnswers(variantSlice(results, from, count), entryIds);
    from += count;
    console.log(
      `  ${name} set (${count}): answers kept ${pct(f.entriesKept)} of ${f.entriesRight} pastes, near-misses still declined ${pct(f.nearMissesKept)} of ${f.nearMissesDeclined}`,
    );
  }
}

/** Questions that name an error (src/learn/error-questions.ts), judged by the model fitted on
 *  every real paste: the held-out set nobody tuned on, and the set read while tuning. */
async function showErrorQuestions() {
  const { createMatcher } = await import('../src/core/match.js');
  const { fitModel } = await import('../src/learn/fit.js');
  const matcher = createMatcher({ ...sources, model: fitModel(sources) });
  console.log('\nquestions that name an error, judged by the model fitted on every real paste:');
  for (const name of ['held-out', 'read-while-tuning']) {
    const file = `test/fixtures/error-questions/${name}.txt`;
    const questions = readErrorQuestions(readFileSync(root(file), 'utf8'));
    const unknown = questions.filter((q) => q.label !== DECLINE && !entryIds.has(q.label));
    if (unknown.length) throw new Error(`${file}:${unknown[0]?.line}: "${unknown[0]?.label}" is no entry`);
    const judged = questions.map((q) => ({ example: q, diagnosis: matcher.diagnose(q.text) }));
    const asking = judged.filter((j) => entryIds.has(j.example.label));
    const other = judged.filter((j) => !entryIds.has(j.example.label));
    const right = (js: typeof judged) =>
      js.filter((j) => j.diagnosis.entry === (entryIds.has(j.example.label) ? j.example.label : null)).length;
    console.log(
      `  ${name} set (${questions.length}): ${pct(scorecard(judged, entryIds).accuracy)} right; questions about an entry's error answered right ${right(asking)}/${asking.length}, other questions declined ${right(other)}/${other.length}`,
    );
    // Only the tuning set's misses are listed: the held-out set stays unread, or it is not held out.
    if (values.errors && name === 'read-while-tuning')
      for (const j of judged.filter((j) => !right([j])))
        console.log(
          `    [${j.example.label} -> ${j.diagnosis.entry ?? 'declined'} ${j.diagnosis.confidence}] ${j.example.text}`,
        );
  }
}

const started = Date.now();
if (values.unseen) {
  const file = values.unseen;
  const raw = parse(readFileSync(file, 'utf8')) as {
    items?: Array<{ text: string; label: string; source?: string }>;
  };
  const unknown = (raw.items ?? []).filter(
    (i) => !all.entries.some((e) => e.id === i.label) && !all.abstainRules.some((r) => r.id === i.label),
  );
  if (unknown.length)
    throw new Error(
      `${file}: labels that are no class: ${[...new Set(unknown.map((i) => i.label))].join(', ')}`,
    );
  const items = (raw.items ?? []).map((i, n) => ({ ...i, group: i.source ?? `${file}#${n}`, file, line: n }));
  const { createMatcher } = await import('../src/core/match.js');
  const { fitModel } = await import('../src/learn/fit.js');
  const matcher = createMatcher({ ...all, model: fitModel(all) });
  const judged = items.map((example) => ({ example, diagnosis: matcher.diagnose(example.text) }));
  show(`learned model on ${file} (never seen)`, scorecard(judged, entryIds));
  show('baseline (rules) on the same', scorecard(judgedOn(items), entryIds));
  if (values.errors) listMisses(judged);
} else if (values.forward) {
  const replay = replayRounds(sources);
  const rows = replay.rounds.map(({ round, trainedOn, results }) => {
    const card = scorecard(results, entryIds);
    const rules = scorecard(judgedOn(results.map((r) => r.example)), entryIds);
    const entryRight = results.filter(
      (r) => entryIds.has(r.example.label) && r.diagnosis.entry === r.example.label,
    ).length;
    return [
      `round ${round}`,
      {
        'fitted on': trainedOn,
        pastes: card.items,
        accuracy: pct(card.accuracy),
        'entry pastes right': `${entryRight}/${card.entryItems}`,
        'near-misses answered': `${card.nearMissesAnswered}/${card.nearMisses}`,
        rules: pct(rules.accuracy),
      },
    ] as const;
  });
  console.log('\neach round judged by a model fitted on the rounds before it:');
  console.table(Object.fromEntries(rows));
  const results = replay.rounds.flatMap((r) => r.results);
  show('learned model, every round replayed in order', scorecard(results, entryIds));
  show('baseline (rules), same pastes', scorecard(judgedOn(results.map((r) => r.example)), entryIds));
  if (replay.withoutRound)
    console.log(`\n${replay.withoutRound} real pastes have no round and were left out`);
  if (values.errors) listMisses(results);
} else if (values.lockbox) {
  const box = all.examples.filter((e) => isReal(e) && lockboxed(e));
  const { createMatcher } = await import('../src/core/match.js');
  const { fitModel } = await import('../src/learn/fit.js');
  const training = { ...all, examples: all.examples.filter((e) => !(isReal(e) && lockboxed(e))) };
  const matcher = createMatcher({ ...training, model: fitModel(training) });
  const judged = box.map((example) => ({ example, diagnosis: matcher.diagnose(example.text) }));
  show('learned model on the lockbox (fitted without it)', scorecard(judged, entryIds));
  show('baseline (rules) on the lockbox', scorecard(judgedOn(box), entryIds));
} else {
  const folds = Number(values.folds);
  const repeats = Math.max(1, Number(values.repeats));
  const sets = variantSets();
  const variantsOf = (text: string) => sets.flatMap((set) => set.of(text));
  const results = crossValidate(sources, folds, undefined, undefined, undefined, '', variantsOf);
  const card = scorecard(results, entryIds);
  show(`learned model, grouped ${folds}-fold cross-validation`, card);
  showVariants(results, sets);
  show('baseline (rules), same pastes', scorecard(judgedOn(results.map((r) => r.example)), entryIds));
  await showErrorQuestions();
  if (repeats > 1) showSpread(folds, repeats, card);
  if (values.errors) listMisses(results);
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
