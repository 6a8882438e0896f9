import type { EntrySections } from '../core/knowledge-schema.js';

// Reads the body of an article: one `## <entry id>` section per entry, each with `###`
// sub-sections whose headings say what they hold. Headings are matched by their words so
// authors may phrase them naturally ("How do I fix it?" works as well as "How to fix it").

type SectionKey = keyof EntrySections;

const HEADING_KEYS: ReadonlyArray<[RegExp, SectionKey]> = [
  [/does not work|doesn.t work|if that|fails|next|still/i, 'ifFails'],
  [/again|prevent|avoid/i, 'prevention'],
  [/mean/i, 'meaning'],
  [/cause|why/i, 'causes'],
  [/fix|solve|resolve|steps/i, 'steps'],
];

export function sectionKeyFor(heading: string): SectionKey | undefined {
  return HEADING_KEYS.find(([pattern]) => pattern.test(heading))?.[1];
}

export interface RawSection {
  heading: string;
  lines: string[];
}

/** Splits markdown into sections at headings of exactly `level` hashes. */
export function splitAtHeadings(
  lines: string[],
  level: number,
): { preamble: string[]; sections: RawSection[] } {
  const marker = `${'#'.repeat(level)} `;
  const preamble: string[] = [];
  const sections: RawSection[] = [];
  for (const line of lines) {
    if (line.startsWith(marker)) sections.push({ heading: line.slice(marker.length).trim(), lines: [] });
    else if (sections.length) sections[sections.length - 1]?.lines.push(line);
    else preamble.push(line);
  }
  return { preamble, sections };
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

/** List items (bulleted or numbered) with their continuation lines joined; paragraphs otherwise. */
export function blocksOf(lines: string[]): { items: string[]; paragraphs: string[] } {
  const items: string[] = [];
  const paragraphs: string[] = [];
  let current: string[] | null = null;
  let inItem = false;
  const flush = () => {
    if (current?.length) (inItem ? items : paragraphs).push(current.join(' ').replace(/\s+/g, ' ').trim());
    current = null;
  };
  for (const line of lines) {
    if (!line.trim()) {
      flush();
      inItem = false;
    } else if (LIST_ITEM.test(line)) {
      flush();
      inItem = true;
      current = [line.replace(LIST_ITEM, '')];
    } else {
      current ??= [];
      current.push(line.trim());
    }
  }
  flush();
  return { items, paragraphs };
}

/** Fills the entry's sections from its `###` sub-sections. Missing ones stay undefined for the schema to report. */
export function readEntrySections(lines: string[]): Partial<EntrySections> {
  const out: Partial<EntrySections> = {};
  for (const section of splitAtHeadings(lines, 3).sections) {
    const key = sectionKeyFor(section.heading);
    if (!key) continue;
    const { items, paragraphs } = blocksOf(section.lines);
    if (key === 'meaning' || key === 'prevention') out[key] = [...paragraphs, ...items].join('\n\n');
    else if (key === 'ifFails') out.ifFails = items.length ? items : paragraphs;
    else out[key] = items.length ? items : paragraphs;
  }
  return out;
}

const FENCE = /^\s*(```|~~~)/;
const CODE_SPAN = /`([^`\n]{2,300})`/g;

/**
 * The error text a section quotes: fenced code blocks and inline code spans, each once. These are
 * what a customer pastes back, so the build teaches them to the entry. A span may wrap onto the
 * next line of its paragraph, so paragraphs are joined before spans are read.
 */
export function quotesOf(lines: readonly string[]): string[] {
  const quotes: string[] = [];
  const prose: string[] = [];
  let fenced: string[] | null = null;
  for (const line of lines) {
    if (FENCE.test(line)) {
      if (fenced?.length) quotes.push(fenced.join('\n').trim());
      fenced = fenced ? null : [];
    } else if (fenced) fenced.push(line);
    else prose.push(line.trim());
  }
  const paragraphs = prose.join('\n').split(/\n{2,}/);
  for (const p of paragraphs)
    for (const m of p.replace(/\n/g, ' ').matchAll(CODE_SPAN)) quotes.push((m[1] ?? '').trim());
  return [...new Set(quotes.filter((q) => q.length >= 2))];
}
