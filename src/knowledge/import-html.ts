import { type HTMLElement, parse as parseHtml } from 'node-html-parser';
import { stringify } from 'yaml';
import { extractSignals } from '../core/signals.js';
import { sectionKeyFor } from './markdown-sections.js';
import type { EntrySections } from './schema.js';

// Turns a help-centre article exported as HTML into one of our markdown articles. Helpdesks
// mark sections either with headings or with a question that opens a paragraph ("How do I
// fix it? – Click …"); both are read. Match rules are seeded from what the title and text
// say (statuses, Detail codes, OAuth codes) and should be reviewed before committing.

export interface ImportOptions {
  readonly id?: string;
  readonly provider?: string;
  readonly source?: string;
}

interface Block {
  readonly kind: 'heading' | 'text' | 'item';
  readonly text: string;
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'pre', 'blockquote', 'div']);

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function blocksOf(root: HTMLElement): Block[] {
  const blocks: Block[] = [];
  const walk = (el: HTMLElement) => {
    for (const child of el.childNodes as HTMLElement[]) {
      const tag = child.rawTagName?.toLowerCase();
      if (!tag) continue;
      if (tag === 'script' || tag === 'style') continue;
      const hasBlockChild = (child.childNodes as HTMLElement[]).some((c) =>
        BLOCK_TAGS.has(c.rawTagName?.toLowerCase() ?? ''),
      );
      if (BLOCK_TAGS.has(tag) && !hasBlockChild) {
        const text = clean(child.text);
        if (text) blocks.push({ kind: /^h\d$/.test(tag) ? 'heading' : tag === 'li' ? 'item' : 'text', text });
      } else walk(child);
    }
  };
  walk(root);
  return blocks;
}

/** "How do I fix it? – Click Authorise…" becomes a heading and a paragraph. */
function splitLeadQuestion(block: Block): Block[] {
  const m = /^([^?]{3,80}\?)\s*[–—:-]?\s*(.*)$/.exec(block.text);
  if (block.kind !== 'text' || !m?.[1] || !sectionKeyFor(m[1])) return [block];
  return m[2]
    ? [
        { kind: 'heading', text: m[1] },
        { kind: 'text', text: m[2] },
      ]
    : [{ kind: 'heading', text: m[1] }];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');

export function importHtmlArticle(
  html: string,
  options: ImportOptions = {},
): { id: string; markdown: string } {
  const root = parseHtml(html);
  const title =
    clean(root.querySelector('h1')?.text ?? root.querySelector('title')?.text ?? '') || 'Imported article';
  const blocks = blocksOf(root.querySelector('body') ?? root)
    .flatMap(splitLeadQuestion)
    .filter((b) => b.text !== title);

  const sections: Partial<Record<keyof EntrySections, string[]>> = {};
  let current: keyof EntrySections = 'meaning';
  for (const b of blocks) {
    const key = b.kind === 'heading' ? sectionKeyFor(b.text) : undefined;
    if (key) current = key;
    else if (b.kind !== 'heading') {
      const list = sections[current] ?? [];
      list.push(b.kind === 'item' ? `- ${b.text}` : b.text);
      sections[current] = list;
    }
  }

  const s = extractSignals(title);
  const provider = options.provider ?? 'xero';
  const id = options.id ?? slug(`${provider} ${s.statuses[0] ?? ''} ${title.replace(/[“”"{}:,]+/g, ' ')}`);
  const front = {
    title,
    ...(options.source ? { source: options.source } : {}),
    provider,
    entries: [
      {
        id,
        title,
        match: {
          statuses: s.statuses,
          titles: s.titles,
          details: s.detailCodes,
          oauthErrors: s.oauthErrors,
          phrases: [clean(title.replace(/[“”"{}:,]+/g, ' ')).toLowerCase()],
        },
        ...(s.statuses.length || s.detailCodes.length ? { examples: [title] } : {}),
      },
    ],
  };
  const heading: Record<keyof EntrySections, string> = {
    meaning: 'What it means',
    causes: 'Likely causes',
    steps: 'How to fix it',
    ifFails: 'If that does not work',
    prevention: 'Keep it from happening again',
  };
  const body = (Object.keys(heading) as (keyof EntrySections)[])
    .filter((k) => sections[k]?.length)
    .map((k) => `### ${heading[k]}\n\n${(sections[k] ?? []).join('\n\n')}`)
    .join('\n\n');
  return { id, markdown: `---\n${stringify(front)}---\n\n# ${title}\n\n## ${id}\n\n${body}\n` };
}
