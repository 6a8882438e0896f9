import { OPEN_TICKET_JOB } from '../answer/ticket.js';
import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { healthOf, VERDICT_CODES } from '../core/verdict-codes.js';
import { escapeHtml } from '../reply/escape-html.js';
import { truncate } from '../reply/truncate.js';
import { OVERVIEW_PAGE as SAY } from '../reply/wording-console.js';
import type { DayHealthChanges } from '../store/connection-events.js';
import type { VoteSummary } from '../store/feedback.js';
import type { DayOutcomes, EntryCount, Gap } from '../store/lookups.js';
import type { DayHealth } from '../store/probe-runs.js';
import type { Store } from '../store/store.js';
import type { ConnectionSummary } from '../store/types.js';
import { answerPath } from './answer-page.js';
import { dayLines, rankedBars, splitBar, stackedDayBars } from './charts.js';
import { connectionState } from './connection-state.js';
import { SURFACE_NAMES } from './gaps-page.js';
import { when } from './layout.js';

// /overview: the page worth opening every morning — how the last 30 days went (questions by
// outcome, the answers given most, whether people found them helpful, what nothing answered)
// and how the customers' connections held up, each chart with its numbers beside it.

export const WINDOW_DAYS = 30;
const TOP_ENTRIES = 8;
const NEWEST_GAPS = 5;

export const COLOURS = {
  answered: '#1e8e3e',
  declined: '#b06000',
  escalated: '#1a73e8',
  healthy: '#1e8e3e',
  broken: '#c5221f',
  unclear: '#80868b',
  up: '#1e8e3e',
  down: '#c5221f',
} as const;

/** The window's UTC days, oldest first, ending today. */
export function windowDays(now: number, count = WINDOW_DAYS): string[] {
  const today = Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00.000Z`);
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

const CODES = VERDICT_CODES;
const VERDICT_CLASSES = {
  healthy: CODES.filter((c) => healthOf(c) === 'healthy'),
  broken: CODES.filter((c) => healthOf(c) === 'broken'),
};

export interface OverviewData {
  readonly days: readonly string[];
  readonly outcomes: readonly DayOutcomes[];
  readonly top: readonly EntryCount[];
  readonly votes: VoteSummary;
  readonly newestGaps: readonly Gap[];
  readonly health: readonly DayHealth[];
  readonly changes: readonly DayHealthChanges[];
  readonly connections: readonly ConnectionSummary[];
}

export async function loadOverview(store: Store, now: number): Promise<OverviewData> {
  const days = windowDays(now);
  const since = `${days[0]}T00:00:00.000Z`;
  const [outcomes, top, votes, newestGaps, health, changes, connections] = await Promise.all([
    store.lookups.outcomesByDay(since, OPEN_TICKET_JOB),
    store.lookups.topEntries(since, TOP_ENTRIES),
    store.feedback.votesSince(since),
    store.lookups.openGaps(NEWEST_GAPS),
    store.probeRuns.healthByDay(since, VERDICT_CLASSES),
    store.events.healthChangesByDay(since),
    store.connections.list(),
  ]);
  return { days, outcomes, top, votes, newestGaps, health, changes, connections };
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');
const tile = (label: string, value: string, note = '') =>
  `<div class="tile"><span class="muted">${escapeHtml(label)}</span><strong>${escapeHtml(value)}</strong>${note ? `<span class="muted">${escapeHtml(note)}</span>` : ''}</div>`;

export function overviewBody(data: OverviewData, index: KnowledgeIndex): string {
  const sum = (key: 'answered' | 'declined' | 'escalated') => data.outcomes.reduce((n, d) => n + d[key], 0);
  const answered = sum('answered');
  const declined = sum('declined');
  const escalated = sum('escalated');
  const asked = answered + declined + escalated;
  const { up, down } = data.votes.total;
  const states = data.connections.map((c) => connectionState(c).state);
  const brokenNow = states.filter((s) => s === 'broken').length;
  const titleOf = (id: string) => index.entries.find((e) => e.id === id)?.title ?? id;

  const tiles = `<div class="tiles">${[
    tile(SAY.tiles.questions(WINDOW_DAYS), String(asked)),
    tile(SAY.tiles.answered, percent(answered, asked), SAY.tiles.ofTotal(answered, asked)),
    tile(SAY.tiles.helpful, percent(up, up + down), SAY.tiles.votes(up, down)),
    tile(SAY.tiles.brokenNow, String(brokenNow), SAY.tiles.ofConnections(data.connections.length)),
  ].join('')}</div>`;

  const outcomes = stackedDayBars({
    id: 'outcomes',
    summary: SAY.outcomes.summary(WINDOW_DAYS, answered, declined, escalated),
    days: data.days,
    series: [
      { key: 'answered', label: SAY.outcomes.answered, colour: COLOURS.answered },
      { key: 'declined', label: SAY.outcomes.declined, colour: COLOURS.declined },
      { key: 'escalated', label: SAY.outcomes.escalated, colour: COLOURS.escalated },
    ],
    values: new Map(
      data.outcomes.map((d) => [
        d.day,
        { answered: d.answered, declined: d.declined, escalated: d.escalated },
      ]),
    ),
  });

  const top = data.top.length
    ? rankedBars({
        id: 'top-entries',
        summary: SAY.top.summary(
          WINDOW_DAYS,
          data.top.map((t) => SAY.top.item(titleOf(t.entry), t.count)),
        ),
        colour: COLOURS.escalated,
        valueLabel: SAY.top.valueLabel,
        extraHeaders: [SAY.top.helpful, SAY.top.notHelpful],
        items: data.top.map((t) => {
          const v = data.votes.byEntry[t.entry] ?? { up: 0, down: 0 };
          return {
            label: titleOf(t.entry),
            value: t.count,
            cellHtml: `<a href="${escapeHtml(answerPath(t.entry))}">${escapeHtml(titleOf(t.entry))}</a>`,
            extraCells: [String(v.up), String(v.down)],
          };
        }),
      })
    : `<p class="muted">${escapeHtml(SAY.top.none)}</p>`;

  const votes =
    up + down
      ? splitBar({
          id: 'votes',
          summary: SAY.votes.summary(WINDOW_DAYS, up, down, percent(up, up + down)),
          parts: [
            { key: 'up', label: SAY.votes.up, colour: COLOURS.up, value: up },
            { key: 'down', label: SAY.votes.down, colour: COLOURS.down, value: down },
          ],
        })
      : `<p class="muted">${escapeHtml(SAY.votes.none)}</p>`;

  const gapItems = data.newestGaps
    .map(
      (g) =>
        `<li><span class="muted">${when(g.createdAt)} · ${escapeHtml(SURFACE_NAMES[g.surface] ?? g.surface)}</span><br><code>${escapeHtml(truncate(g.paste.replace(/\s+/g, ' '), 120))}</code></li>`,
    )
    .join('');
  const gaps = `<p>${escapeHtml(SAY.gaps.unanswered(declined, WINDOW_DAYS))}</p>${gapItems ? `<p class="muted">${escapeHtml(SAY.gaps.newest)}</p><ul>${gapItems}</ul>` : ''}<p><a href="/gaps">${escapeHtml(SAY.gaps.all)}</a></p>`;

  const changesByDay = new Map(data.changes.map((c) => [c.day, c]));
  const health = dayLines({
    id: 'health',
    summary: SAY.health.summary(
      WINDOW_DAYS,
      data.health.reduce((n, d) => n + d.broken, 0),
      data.changes.reduce((n, c) => n + c.broke, 0),
      data.changes.reduce((n, c) => n + c.recovered, 0),
    ),
    days: data.days,
    series: [
      { key: 'healthy', label: SAY.health.healthy, colour: COLOURS.healthy },
      { key: 'broken', label: SAY.health.broken, colour: COLOURS.broken },
      { key: 'unclear', label: SAY.health.unclear, colour: COLOURS.unclear },
    ],
    values: new Map(
      data.health.map((d) => [
        d.day,
        {
          healthy: d.healthy,
          broken: d.broken,
          unclear: d.unclear,
          broke: changesByDay.get(d.day)?.broke ?? 0,
          recovered: changesByDay.get(d.day)?.recovered ?? 0,
        },
      ]),
    ),
    extraColumns: [
      { key: 'broke', label: SAY.health.broke },
      { key: 'recovered', label: SAY.health.recovered },
    ],
  });

  const card = (title: string, body: string) =>
    `<section class="card"><h2>${escapeHtml(title)}</h2>${body}</section>`;
  return `${tiles}
${card(SAY.outcomes.heading, `<p class="muted">${escapeHtml(SAY.outcomes.note)} <code>xerofix ticket open</code>${escapeHtml(SAY.outcomes.noteTail)}</p>${outcomes}`)}
<div class="grid">
${card(SAY.top.heading, top)}
${card(SAY.votes.heading, votes)}
</div>
${card(SAY.gaps.heading, gaps)}
${card(SAY.health.heading, `<p class="muted">${escapeHtml(SAY.health.note)} <a href="/status">${escapeHtml(SAY.health.all)}</a></p>${health}`)}`;
}
