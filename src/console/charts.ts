import { escapeHtml } from '../reply/escape-html.js';
import { cutAt } from '../reply/truncate.js';
import { CHART_WORDS as SAY } from '../reply/wording-console.js';

// Charts drawn on the server as inline SVG: the console's content security policy allows no
// script and no other origin, and a picture that is plain markup needs neither. Every chart is
// an image with a one-sentence title for screen readers, followed by its numbers as a table
// (in a <details>), so nothing is only in the picture. Each bar and point carries data-series
// and data-day, and a <title> that browsers show on hover.

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
}

export interface DayChart {
  /** Unique on the page; also the chart's data-chart attribute. */
  readonly id: string;
  /** What the chart shows, said in one sentence (its accessible name). */
  readonly summary: string;
  /** UTC days, YYYY-MM-DD, oldest first; every day of the window, with data or not. */
  readonly days: readonly string[];
  readonly series: readonly Series[];
  /** Numbers per day and series key; a day missing here had nothing to count. */
  readonly values: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** More columns for the numbers table only (e.g. how many broke that day). */
  readonly extraColumns?: readonly { readonly key: string; readonly label: string }[];
}

// Drawings scale with the page. The text sizes live in the console's CSS (svg.chart-days text,
// svg.chart-ranked text) and grow on narrow screens, where a chart is drawn at about half its
// size, so the labels stay readable on a phone; on a desktop a chart stops growing at 52rem.
const W = 640;
const H = 260;
const LEFT = 44;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 40;
/** Ranked and split bars sit in half-width cards: drawn narrower. */
const RANKED_W = 600;
const PLOT_W = W - LEFT - RIGHT;
const PLOT_H = H - TOP - BOTTOM;
const MONTHS = SAY.months;

/** "2026-05-01" → "May 1". */
export const dayLabel = (day: string) =>
  `${MONTHS[Number(day.slice(5, 7)) - 1] ?? ''} ${Number(day.slice(8, 10))}`;

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A round top for the y axis and its step (1, 2 or 5 times a power of ten): at most five gridlines. */
export function axisOf(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const tenth = 10 ** Math.floor(Math.log10(max)) / 10;
  const step =
    [1, 2, 5, 10, 20, 50].map((m) => m * tenth).find((s) => s >= 1 && max / s <= 5) ?? Math.ceil(max / 5);
  return { top: Math.ceil(max / step) * step, step };
}

function frame(
  chart: { id: string; summary: string },
  kind: 'days' | 'ranked',
  size: { width: number; height: number },
  inner: string,
): string {
  const id = escapeHtml(chart.id);
  return `<svg class="chart chart-${kind}" data-chart="${id}" viewBox="0 0 ${size.width} ${size.height}" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif"><title id="${id}-title">${escapeHtml(chart.summary)}</title>${inner}</svg>`;
}

function axes(days: readonly string[], top: number, step: number): string {
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    const y = TOP + PLOT_H - (v / top) * PLOT_H;
    parts.push(
      `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y}" y2="${y}" stroke="#e3e6ea"/><text x="${LEFT - 8}" y="${y}" dominant-baseline="middle" text-anchor="end" fill="#5f6368">${num(v)}</text>`,
    );
  }
  const slot = PLOT_W / Math.max(1, days.length);
  days.forEach((day, i) => {
    // Every seventh day, counted back from today, so the newest day is always labelled.
    if ((days.length - 1 - i) % 7 !== 0) return;
    const x = LEFT + i * slot + slot / 2;
    parts.push(`<text x="${x}" y="${H - 8}" text-anchor="middle" fill="#5f6368">${dayLabel(day)}</text>`);
  });
  return parts.join('');
}

export function legend(series: readonly Series[]): string {
  return `<ul class="legend">${series
    .map(
      (s) =>
        `<li><span class="swatch" style="background:${escapeHtml(s.colour)}"></span>${escapeHtml(s.label)}</li>`,
    )
    .join('')}</ul>`;
}

function dayTable(chart: DayChart): string {
  const columns = [
    ...chart.series.map((s) => ({ key: s.key, label: s.label })),
    ...(chart.extraColumns ?? []),
  ];
  const rows = chart.days
    .map((day) => {
      const v = chart.values.get(day);
      const cells = columns.map((c) => `<td class="num">${num(v?.[c.key] ?? 0)}</td>`).join('');
      return `<tr><th scope="row">${day}</th>${cells}</tr>`;
    })
    .join('');
  return `<details><summary>${SAY.numbersByDay}</summary><table><caption class="sr-only">${escapeHtml(chart.summary)}</caption><thead><tr><th scope="col">${SAY.day}</th>${columns.map((c) => `<th scope="col" class="num">${escapeHtml(c.label)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></details>`;
}

/** One bar per day, its series stacked in order from the bottom. */
export function stackedDayBars(chart: DayChart): string {
  const totals = chart.days.map((d) =>
    chart.series.reduce((sum, s) => sum + (chart.values.get(d)?.[s.key] ?? 0), 0),
  );
  const { top, step } = axisOf(Math.max(0, ...totals));
  const slot = PLOT_W / Math.max(1, chart.days.length);
  const width = Math.max(2, slot * 0.7);
  const bars: string[] = [];
  chart.days.forEach((day, i) => {
    let base = TOP + PLOT_H;
    for (const s of chart.series) {
      const n = chart.values.get(day)?.[s.key] ?? 0;
      if (n <= 0) continue;
      const h = (n / top) * PLOT_H;
      base -= h;
      bars.push(
        `<rect class="bar" data-series="${escapeHtml(s.key)}" data-day="${day}" x="${(LEFT + i * slot + (slot - width) / 2).toFixed(1)}" y="${base.toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" fill="${escapeHtml(s.colour)}"><title>${dayLabel(day)}: ${num(n)} ${escapeHtml(s.label.toLowerCase())}</title></rect>`,
      );
    }
  });
  return `<figure>${frame(chart, 'days', { width: W, height: H }, axes(chart.days, top, step) + bars.join(''))}${legend(chart.series)}${dayTable(chart)}</figure>`;
}

/**
 * One line per series with a point for each day that had data; a day without any breaks the
 * line rather than drawing a made-up value across it.
 */
export function dayLines(chart: DayChart): string {
  const present = chart.days.map((d) => chart.values.get(d));
  const max = Math.max(0, ...present.flatMap((v) => (v ? chart.series.map((s) => v[s.key] ?? 0) : [])));
  const { top, step } = axisOf(max);
  const slot = PLOT_W / Math.max(1, chart.days.length);
  const xOf = (i: number) => (LEFT + i * slot + slot / 2).toFixed(1);
  const yOf = (n: number) => (TOP + PLOT_H - (n / top) * PLOT_H).toFixed(1);
  const drawn: string[] = [];
  for (const s of chart.series) {
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1)
        drawn.push(
          `<polyline points="${run.join(' ')}" fill="none" stroke="${escapeHtml(s.colour)}" stroke-width="2"/>`,
        );
      run = [];
    };
    chart.days.forEach((day, i) => {
      const v = present[i];
      if (!v) {
        flush();
        return;
      }
      const n = v[s.key] ?? 0;
      run.push(`${xOf(i)},${yOf(n)}`);
      drawn.push(
        `<circle class="point" data-series="${escapeHtml(s.key)}" data-day="${day}" cx="${xOf(i)}" cy="${yOf(n)}" r="3.5" fill="${escapeHtml(s.colour)}"><title>${dayLabel(day)}: ${num(n)} ${escapeHtml(s.label.toLowerCase())}</title></circle>`,
      );
    });
    flush();
  }
  return `<figure>${frame(chart, 'days', { width: W, height: H }, axes(chart.days, top, step) + drawn.join(''))}${legend(chart.series)}${dayTable(chart)}</figure>`;
}

export interface RankedItem {
  readonly label: string;
  readonly value: number;
  /** HTML for the numbers table's first cell (a link, say); the escaped label when absent. */
  readonly cellHtml?: string;
  /** More cells for the numbers table, already HTML. */
  readonly extraCells?: readonly string[];
}

/** Horizontal bars, largest first as given, each labelled above its bar. */
export function rankedBars(chart: {
  readonly id: string;
  readonly summary: string;
  readonly items: readonly RankedItem[];
  readonly colour: string;
  readonly valueLabel: string;
  readonly extraHeaders?: readonly string[];
}): string {
  const row = 46;
  const height = Math.max(1, chart.items.length) * row + 4;
  const max = Math.max(1, ...chart.items.map((i) => i.value));
  const room = RANKED_W - 60;
  const bars = chart.items
    .map((item, i) => {
      const y = i * row;
      const width = Math.max(2, (item.value / max) * room);
      const label = item.label.length > 52 ? `${cutAt(item.label, 51)}…` : item.label;
      return `<text x="0" y="${y + 18}" fill="#1d2733">${escapeHtml(label)}</text><rect class="bar" data-series="${escapeHtml(chart.id)}" x="0" y="${y + 26}" width="${width.toFixed(1)}" height="14" rx="2" fill="${escapeHtml(chart.colour)}"><title>${escapeHtml(item.label)}: ${num(item.value)}</title></rect><text x="${(width + 8).toFixed(1)}" y="${y + 33}" dominant-baseline="middle" fill="#5f6368">${num(item.value)}</text>`;
    })
    .join('');
  const headers = [chart.valueLabel, ...(chart.extraHeaders ?? [])]
    .map((h) => `<th scope="col" class="num">${escapeHtml(h)}</th>`)
    .join('');
  const rows = chart.items
    .map(
      (item) =>
        `<tr><th scope="row">${item.cellHtml ?? escapeHtml(item.label)}</th><td class="num">${num(item.value)}</td>${(item.extraCells ?? []).map((c) => `<td class="num">${c}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<figure>${frame(chart, 'ranked', { width: RANKED_W, height }, bars)}<details><summary>${SAY.numbers}</summary><table><caption class="sr-only">${escapeHtml(chart.summary)}</caption><thead><tr><th scope="col">${SAY.entry}</th>${headers}</tr></thead><tbody>${rows}</tbody></table></details></figure>`;
}

/** One bar split in proportion, e.g. 👍 against 👎. */
export function splitBar(chart: {
  readonly id: string;
  readonly summary: string;
  readonly parts: readonly (Series & { readonly value: number })[];
}): string {
  const total = chart.parts.reduce((sum, p) => sum + p.value, 0);
  let x = 0;
  const rects = chart.parts
    .map((p) => {
      if (p.value <= 0) return '';
      const width = (p.value / total) * RANKED_W;
      const rect = `<rect class="bar" data-series="${escapeHtml(p.key)}" x="${x.toFixed(1)}" y="0" width="${width.toFixed(1)}" height="28" fill="${escapeHtml(p.colour)}"><title>${escapeHtml(p.label)}: ${num(p.value)}</title></rect>`;
      x += width;
      return rect;
    })
    .join('');
  const inner = total ? rects : `<rect x="0" y="0" width="${RANKED_W}" height="28" fill="#e3e6ea"/>`;
  const rows = chart.parts
    .map((p) => `<tr><th scope="row">${escapeHtml(p.label)}</th><td class="num">${num(p.value)}</td></tr>`)
    .join('');
  return `<figure>${frame(chart, 'ranked', { width: RANKED_W, height: 28 }, inner)}${legend(chart.parts)}<details><summary>${SAY.numbers}</summary><table><caption class="sr-only">${escapeHtml(chart.summary)}</caption><tbody>${rows}</tbody></table></details></figure>`;
}
