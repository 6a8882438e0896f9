import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { healthOf, VERDICT_CODES } from '../core/verdict-codes.js';
import { OPEN_TICKET_JOB } from '../freshdesk/surface.js';
import { escapeHtml } from '../reply/escape-html.js';
import { truncate } from '../reply/truncate.js';
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
    tile('Questions, last 30 days', String(asked)),
    tile('Answered', percent(answered, asked), `${answered} of ${asked}`),
    tile('Found helpful', percent(up, up + down), `${up} up · ${down} down`),
    tile('Broken connections now', String(brokenNow), `of ${data.connections.length}`),
  ].join('')}</div>`;

  const outcomes = stackedDayBars({
    id: 'outcomes',
    summary: `Questions per day over the last ${WINDOW_DAYS} days: ${answered} answered, ${declined} declined, ${escalated} escalated.`,
    days: data.days,
    series: [
      { key: 'answered', label: 'Answered', colour: COLOURS.answered },
      { key: 'declined', label: 'Declined (no answer)', colour: COLOURS.declined },
      { key: 'escalated', label: 'Escalated (ticket asked for)', colour: COLOURS.escalated },
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
        summary: `The answers given most over the last ${WINDOW_DAYS} days: ${data.top.map((t) => `${titleOf(t.entry)}, ${t.count}`).join('; ')}.`,
        colour: COLOURS.escalated,
        valueLabel: 'Answers',
        extraHeaders: ['Helpful', 'Not helpful'],
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
    : '<p class="muted">No answers given yet.</p>';

  const votes =
    up + down
      ? splitBar({
          id: 'votes',
          summary: `${up} votes up and ${down} down on answers over the last ${WINDOW_DAYS} days: ${percent(up, up + down)} found helpful.`,
          parts: [
            { key: 'up', label: 'Helpful (voted up)', colour: COLOURS.up, value: up },
            { key: 'down', label: 'Not helpful (voted down)', colour: COLOURS.down, value: down },
          ],
        })
      : '<p class="muted">Nobody has voted on an answer in this time.</p>';

  const gapItems = data.newestGaps
    .map(
      (g) =>
        `<li><span class="muted">${when(g.createdAt)} · ${escapeHtml(SURFACE_NAMES[g.surface] ?? g.surface)}</span><br><code>${escapeHtml(truncate(g.paste.replace(/\s+/g, ' '), 120))}</code></li>`,
    )
    .join('');
  const gaps = `<p>${declined} question${declined === 1 ? '' : 's'} in the last ${WINDOW_DAYS} days had no answer.</p>${gapItems ? `<p class="muted">Newest not yet turned into an article:</p><ul>${gapItems}</ul>` : ''}<p><a href="/gaps">All knowledge gaps</a></p>`;

  const changesByDay = new Map(data.changes.map((c) => [c.day, c]));
  const health = dayLines({
    id: 'health',
    summary: `Connections probed per day over the last ${WINDOW_DAYS} days, by their worst result that day: ${data.health.reduce((n, d) => n + d.broken, 0)} broken connection-days, ${data.changes.reduce((n, c) => n + c.broke, 0)} breaks, ${data.changes.reduce((n, c) => n + c.recovered, 0)} recoveries.`,
    days: data.days,
    series: [
      { key: 'healthy', label: 'Working', colour: COLOURS.healthy },
      { key: 'broken', label: 'Broken', colour: COLOURS.broken },
      { key: 'unclear', label: 'Could not tell', colour: COLOURS.unclear },
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
      { key: 'broke', label: 'Broke' },
      { key: 'recovered', label: 'Recovered' },
    ],
  });

  const card = (title: string, body: string) => `<section class="card"><h2>${title}</h2>${body}</section>`;
  return `${tiles}
${card('Questions per day', `<p class="muted">Every question asked in Slack, Freshdesk, the console and <code>xerofix ticket open</code>, by what became of it. UTC days.</p>${outcomes}`)}
<div class="grid">
${card('Answers given most', top)}
${card('Were the answers helpful?', votes)}
</div>
${card('Questions nothing answered', gaps)}
${card('Connection health', `<p class="muted">Each probed connection counts once a day, by its worst result. A gap in a line is a day with no probes. <a href="/status">All connections</a></p>${health}`)}`;
}
