import { SAFE_URL } from './markup.js';
import type { Reply } from './model.js';
import { confidenceLine, HEADINGS, SOURCE_LINK_LABEL } from './wording.js';

// A reply as labelled sections in the one order every renderer follows. Renderers walk this
// list; they choose how a section looks (a list, a run-in line, a context block), never which
// sections there are, what they are called or in what order they come. What a channel leaves
// out is declared in channels.ts, with the reason.

// Fix first: what it means in a line, then what to do; why it happened comes after the steps,
// since the person reading wants orders flowing again before the explanation.
export const SECTION_ORDER = [
  'meaning',
  'steps',
  'ifFails',
  'causes',
  'prevention',
  'escalation',
  'source',
  'evidence',
  'facts',
  'probe',
] as const;

export type SectionId = (typeof SECTION_ORDER)[number];

/** How a section's content is shaped. Knowledge text may carry inline markup; paste text never. */
export type SectionBody =
  /** Knowledge prose. */
  | { readonly form: 'paragraph'; readonly text: string }
  /** Knowledge items, in order (steps) or not (causes, advice). */
  | { readonly form: 'numbered' | 'bulleted'; readonly items: readonly string[] }
  /** The article's address, only ever a plain http(s) URL. */
  | { readonly form: 'link'; readonly href: string; readonly label: string }
  /** Words taken from the paste: shown escaped and never given markup. */
  | { readonly form: 'quoted'; readonly lead?: string; readonly items: readonly string[] }
  /** What a live check of the connection concluded. */
  | { readonly form: 'verdict'; readonly code: string; readonly sentence: string };

export interface ReplySection {
  readonly id: SectionId;
  readonly heading: string;
  readonly body: SectionBody;
}

const paragraph = (text: string): SectionBody | undefined =>
  text.trim() ? { form: 'paragraph', text } : undefined;
const list = (form: 'numbered' | 'bulleted', items: readonly string[]): SectionBody | undefined => {
  const kept = items.filter((s) => s.trim());
  return kept.length ? { form, items: kept } : undefined;
};

/** Every non-empty section of a reply, in SECTION_ORDER. */
export function replySections(reply: Reply): ReplySection[] {
  const answer = reply.kind === 'answer';
  const bodies: Record<SectionId, SectionBody | undefined> = {
    meaning: paragraph(reply.meaning),
    causes: list('bulleted', reply.causes),
    // A no-answer's one "step" is advice on an error no article covers, not a numbered fix.
    steps: list(answer ? 'numbered' : 'bulleted', reply.steps),
    ifFails: list('numbered', reply.ifFails),
    prevention: paragraph(reply.prevention),
    escalation: paragraph(reply.escalation),
    source:
      reply.source && SAFE_URL.test(reply.source)
        ? { form: 'link', href: reply.source, label: SOURCE_LINK_LABEL }
        : undefined,
    // A declined paste shows what pointed elsewhere, but never a score.
    evidence: reply.evidence.length
      ? {
          form: 'quoted',
          ...(answer ? { lead: confidenceLine(reply.confidence) } : {}),
          items: reply.evidence,
        }
      : undefined,
    facts: reply.facts.length
      ? { form: 'quoted', items: reply.facts.map((f) => `${f.label}: ${f.value}`) }
      : undefined,
    probe: reply.probe
      ? { form: 'verdict', code: reply.probe.verdict, sentence: reply.probe.sentence }
      : undefined,
  };
  const sections: ReplySection[] = [];
  for (const id of SECTION_ORDER) {
    const body = bodies[id];
    if (!body) continue;
    const heading = id === 'steps' && !answer ? HEADINGS.advice : HEADINGS[id];
    sections.push({ id, heading, body });
  }
  return sections;
}
