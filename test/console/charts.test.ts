import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import {
  axisOf,
  dayLabel,
  dayLines,
  rankedBars,
  splitBar,
  stackedDayBars,
} from '../../src/console/charts.js';
import { windowDays } from '../../src/console/overview-page.js';

const DAYS = ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06'];
const SERIES = [
  { key: 'a', label: 'Answered', colour: '#1e8e3e' },
  { key: 'b', label: 'Declined', colour: '#b06000' },
];

describe('charts drawn as SVG on the server', () => {
  it('stacks a day’s bars to its total, the busiest day reaching the top of the axis', () => {
    const svg = parse(
      stackedDayBars({
        id: 'q',
        summary: 'Questions per day',
        days: DAYS,
        series: SERIES,
        values: new Map([
          ['2026-05-02', { a: 3, b: 1 }],
          ['2026-05-04', { a: 2, b: 0 }],
        ]),
      }),
    );
    const bars = svg.querySelectorAll('rect.bar');
    expect(bars.map((b) => `${b.getAttribute('data-day')} ${b.getAttribute('data-series')}`)).toEqual([
      '2026-05-02 a',
      '2026-05-02 b',
      '2026-05-04 a',
    ]);
    const h = (i: number) => Number(bars[i]?.getAttribute('height'));
    const y = (i: number) => Number(bars[i]?.getAttribute('y'));
    // 4 is the axis top: the first day's stack fills the plot, 3:1; the other is half as tall.
    expect(h(0) / h(1)).toBeCloseTo(3, 1);
    expect(h(2) * 2).toBeCloseTo(h(0) + h(1), 0);
    expect(y(1) + h(1)).toBeCloseTo(y(0), 0); // the second series sits on the first
    expect(svg.querySelector('svg')?.getAttribute('role')).toBe('img');
    expect(svg.querySelector('svg > title')?.textContent).toBe('Questions per day');
    expect(svg.querySelector('rect.bar title')?.textContent).toBe('May 2: 3 answered');
    expect(svg.querySelectorAll('tbody tr')).toHaveLength(DAYS.length);
  });

  it('breaks a line at a day without data instead of drawing across it', () => {
    const values = new Map(
      ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-05', '2026-05-06'].map((d) => [d, { a: 1, b: 0 }]),
    );
    const svg = parse(dayLines({ id: 'h', summary: 'Health', days: DAYS, series: SERIES, values }));
    expect(svg.querySelectorAll('circle.point')).toHaveLength(10);
    // Per series: 1–3 May joined, 5–6 May joined, nothing through 4 May.
    const lines = svg.querySelectorAll('polyline').map((p) => p.getAttribute('points')?.split(' ').length);
    expect(lines).toEqual([3, 2, 3, 2]);
    expect(svg.querySelectorAll('circle.point[data-day="2026-05-04"]')).toHaveLength(0);
  });

  it('escapes every label, so stored text cannot add markup', () => {
    const evil = '<script>alert(1)</script>';
    const html =
      rankedBars({
        id: 'r',
        summary: evil,
        items: [{ label: evil, value: 2 }],
        colour: '#000',
        valueLabel: evil,
      }) +
      splitBar({ id: 's', summary: evil, parts: [{ key: 'up', label: evil, colour: '#000', value: 1 }] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('picks a round axis top and step', () => {
    expect(axisOf(0)).toEqual({ top: 1, step: 1 });
    expect(axisOf(3)).toEqual({ top: 3, step: 1 });
    expect(axisOf(7)).toEqual({ top: 8, step: 2 });
    expect(axisOf(45)).toEqual({ top: 50, step: 10 });
    expect(axisOf(0.4)).toEqual({ top: 1, step: 1 });
    expect(axisOf(130)).toEqual({ top: 150, step: 50 });
  });

  it('labels days briefly and counts the window back from today in UTC', () => {
    expect(dayLabel('2026-12-01')).toBe('Dec 1');
    const days = windowDays(Date.parse('2026-03-01T23:59:00Z'), 30);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toBe('2026-03-01');
    expect(days[0]).toBe('2026-01-31');
  });
});
