import { type HTMLElement, type Node, NodeType, parse as parseHtml } from 'node-html-parser';
import { stringify } from 'yaml';
import type { EntrySections } from '../core/knowledge-schema.js';
import { extractSignals } from '../core/signals.js';
import { sectionKeyFor } from './markdown-sections.js';

// Turns a help-centre article exported as HTML into one of our markdown articles. Helpdesks
// mark sections either with headings or with a question that opens a paragraph ("How do I
// fix it? – Click …"); both are read. Code and preformatted text stay code (`…`, fenced), so the
// build finds the error strings the article quotes. Match rules are seeded from the title and
// those quotes (statuses, Titles, Detail codes, OAuth codes) and should be reviewed.

export interface ImportOptions {
  readonly id?: string;
  readonly provider?: string;
  readonly source?: string;
}

interface Block {
  readonly kind: 'heading' | 'text' | 'item' | 'code';
  readonly text: string;
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'pre', 'blockquote', 'div']);
const CODE_TAGS = new Set(['code', 'kbd', 'samp', 'tt']);

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const tagOf = (node: Node) => (node as HTMLElement).rawTagName?.toLowerCase() ?? '';

/** An element's text with inline code kept as `code`, so quoted errors survive the import. */
function textOf(el: Node): string {
  if (el.nodeType === NodeType.TEXT_NODE) return el.text;
  if (el.nodeType !== NodeType.ELEMENT_NODE) return '';
  const tag = tagOf(el);
  if (tag === 'script' || tag === 'style') return '';
  if (CODE_TAGS.has(tag)) {
    const code = clean(el.text).replace(/`/g, "'");
    return code ? ` \`${code}\` ` : '';
  }
  if (tag === 'br') return ' ';
  return el.childNodes.map(textOf).join('');
}

function blocksOf(root: HTMLElement): Block[] {
  const blocks: Block[] = [];
  const walk = (el: HTMLElement) => {
    for (const child of el.childNodes as HTMLElement[]) {
      const tag = tagOf(child);
      if (!tag || tag === 'script' || tag === 'style') continue;
      if (tag === 'pre') {
        // trimEnd, not /\s+$/: that pattern retries every space of a long run (quadratic; 24 s on
        // 128 KB), and kb sync imports articles fetched from a help centre.
        const code = child.text.replace(/\r/g, '').replace(/^\n+/, '').trimEnd();
        if (code) blocks.push({ kind: 'code', text: code.replace(/```/g, "'''") });
        continue;
      }
      const hasBlockChild = child.childNodes.some((c) => BLOCK_TAGS.has(tagOf(c)));
      if (BLOCK_TAGS.has(tag) && !hasBlockChild) {
        const text = clean(textOf(child)).replace(/` ([.,;:!?)])/g, '`$1');
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

/** A block as markdown; `step` numbers a list item (steps are done in order, whatever list the
 *  help centre used), 0 leaves it a bullet. */
function markdownOf(b: Block, step: number): string {
  if (b.kind === 'item') return `${step ? `${step}.` : '-'} ${b.text}`;
  if (b.kind === 'code') return `\`\`\`\n${b.text}\n\`\`\``;
  return b.text;
}

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');

const quotesIn = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

/** Statuses, Titles, Detail and OAuth codes from the title and what the article quotes; statuses
 *  its prose mentions count only when neither title nor quotes name one. */
function seedRules(title: string, blocks: readonly Block[]) {
  const quoted = [title, ...blocks.flatMap((b) => (b.kind === 'code' ? [b.text] : quotesIn(b.text)))];
  const signals = quoted.map((q) => extractSignals(q));
  const all = <T>(pick: (s: ReturnType<typeof extractSignals>) => readonly T[]) => [
    ...new Set(signals.flatMap(pick)),
  ];
  let statuses = all((s) => s.statuses);
  if (!statuses.length)
    statuses = [
      ...new Set(blocks.flatMap((b) => (b.kind === 'code' ? [] : extractSignals(b.text).statuses))),
    ];
  return {
    statuses: statuses.sort((a, b) => a - b),
    titles: all((s) => s.titles),
    details: all((s) => s.detailCodes),
    oauthErrors: all((s) => s.oauthErrors),
    errorTypes: all((s) => s.errorTypes),
  };
}

export function importHtmlArticle(
  html: string,
  options: ImportOptions = {},
): { id: string; markdown: string } {
  const root = parseHtml(html);
  const title =
    clean(root.querySelector('h1')?.text ?? root.querySelector('title')?.text ?? '') || 'Imported article';
  const blocks = blocksOf(root.querySelector('body') ?? root)
    .flatMap(splitLeadQuestion)
    .filter((b) => clean(b.text.replace(/`/g, '')) !== title);

  const sections: Partial<Record<keyof EntrySections, string[]>> = {};
  let current: keyof EntrySections = 'meaning';
  for (const b of blocks) {
    const key = b.kind === 'heading' ? sectionKeyFor(b.text) : undefined;
    if (key) current = key;
    else if (b.kind !== 'heading') {
      const list = sections[current] ?? [];
      list.push(markdownOf(b, current === 'steps' ? list.filter((l) => /^\d+\. /.test(l)).length + 1 : 0));
      sections[current] = list;
    }
  }

  const provider = options.provider ?? 'xero';
  const rules = seedRules(title, blocks);
  const id =
    options.id ?? slug(`${provider} ${rules.statuses[0] ?? ''} ${title.replace(/[“”"{}:,]+/g, ' ')}`);
  // No examples of its own: the build teaches it its title and the errors it quotes, and real
  // pastes added later (knowledge/examples) take over from those.
  const front = {
    title,
    ...(options.source ? { source: options.source } : {}),
    provider,
    entries: [
      {
        id,
        title,
        match: { ...rules, phrases: [clean(title.replace(/[“”"{}:,]+/g, ' ')).toLowerCase()] },
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
