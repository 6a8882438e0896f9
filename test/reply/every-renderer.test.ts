import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { answerHtml } from '../../src/console/lookup-page.js';
import { EMPTY_FACTS } from '../../src/core/facts.js';
import { entrySchema, type KnowledgeEntry } from '../../src/core/knowledge-schema.js';
import type { Diagnosis } from '../../src/core/types.js';
import { ABRIDGED_SECTIONS, type Channel, OMITTED_SECTIONS } from '../../src/reply/channels.js';
import { buildReply, type Reply } from '../../src/reply/model.js';
import { renderAgentNoteHtml, renderReplyHtml } from '../../src/reply/render-html.js';
import { renderJson } from '../../src/reply/render-json.js';
import { renderText } from '../../src/reply/render-text.js';
import { replySections, SECTION_ORDER, type SectionId } from '../../src/reply/sections.js';
import { HEADINGS } from '../../src/reply/wording.js';
import { alertMessage } from '../../src/slack/alert-message.js';
import { replyMessage } from '../../src/slack/blocks.js';
import { probeMessage } from '../../src/slack/probe-message.js';

// One reply with every section filled, from a small entry of its own (no shipped knowledge),
// rendered by every renderer: each section's heading and content must be there, in the one
// order, unless the one omission table in src/reply/channels.ts says the channel leaves it out.

const entry: KnowledgeEntry = entrySchema.parse({
  id: 'demo-every-section',
  title: 'Demo answer with every section',
  provider: 'xero',
  article: 'Demo article',
  kind: 'rate-limit',
  escalation: 'Escalation-marker: tell support when it started.',
  notApplicableTitle: 'Not a demo problem',
  source: 'https://kb.example/articles/source-marker',
  match: {},
  meaning: 'Meaning-marker opens the meaning. Meaning-tail-marker closes it.',
  causes: ['Cause-marker-one', 'Cause-marker-two'],
  steps: ['Step-marker-one: press **Bold-marker**', 'Step-marker-two: run `code-marker`'],
  ifFails: ['IfFails-marker'],
  prevention: 'Prevention-marker keeps it away.',
});

const diagnosis: Diagnosis = {
  kind: 'match',
  entry: entry.id,
  confidence: 0.87,
  evidence: [{ kind: 'detail', value: 'EvidenceMarker', weight: 0.5 }],
  facts: { ...EMPTY_FACTS, titles: ['FactsMarker'] },
};

const probe = { verdict: 'probe-marker-code', sentence: 'Probe-marker sentence.', entry: entry.id };
const knowledge = { entries: [entry], abstainRules: [] };
const reply: Reply = buildReply(diagnosis, knowledge, probe);

/** What identifies each section's content in any rendering. */
const CONTENT: Record<SectionId, readonly string[]> = {
  meaning: ['Meaning-marker', 'Meaning-tail-marker'],
  causes: ['Cause-marker-one', 'Cause-marker-two'],
  steps: ['Step-marker-one', 'Bold-marker', 'Step-marker-two', 'code-marker'],
  ifFails: ['IfFails-marker'],
  prevention: ['Prevention-marker'],
  escalation: ['Escalation-marker'],
  source: ['https://kb.example/articles/source-marker'],
  evidence: ['Confidence 87%', 'Detail EvidenceMarker'],
  facts: ['Title: FactsMarker'],
  probe: ['probe-marker-code', 'Probe-marker sentence.'],
};

/** Visible text of HTML, with links' addresses kept (the source section is a link). */
const htmlText = (html: string) => {
  const root = parse(html);
  const hrefs = root.querySelectorAll('a').map((a) => a.getAttribute('href') ?? '');
  return `${root.structuredText}\n${hrefs.join('\n')}`;
};

/** Every text in a Slack message, fallback included, with Slack's three entities undone. */
const slackText = (message: { text: string; blocks?: unknown }) => {
  const out: string[] = [message.text];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks);
  return out.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

const lookup = { lookupId: 'l-1', actions: 'full', ticketsEnabled: true } as const;

/** Each renderer, the channels whose table rows govern it, and its output as searchable text. */
const RENDERERS: ReadonlyArray<{ name: string; channels: readonly Channel[]; render: () => string }> = [
  { name: 'terminal text, --full', channels: ['text'], render: () => renderText(reply, { full: true }) },
  { name: 'terminal text, brief', channels: ['text-brief'], render: () => renderText(reply) },
  { name: 'JSON', channels: ['json'], render: () => renderJson(diagnosis, reply, knowledge) },
  { name: 'Slack answer', channels: ['slack'], render: () => slackText(replyMessage(reply, lookup)) },
  {
    name: 'Slack alert',
    channels: ['slack-alert'],
    render: () => slackText(alertMessage({ customer: 'c@x.test', organisation: null, probe, reply })),
  },
  {
    name: 'Slack probe result',
    channels: ['slack-alert'],
    render: () => slackText(probeMessage('c@x.test', probe, reply)),
  },
  { name: 'Freshdesk reply', channels: ['freshdesk-reply'], render: () => htmlText(renderReplyHtml(reply)) },
  {
    name: 'Freshdesk private note',
    channels: ['freshdesk-note'],
    render: () => htmlText(renderAgentNoteHtml(reply, 'the paste')),
  },
  // The console shows the customer's answer and, under it, how xerofix decided.
  {
    name: 'console look-up',
    channels: ['freshdesk-reply', 'console-decision'],
    render: () => htmlText(answerHtml({ reply })),
  },
];

/** Sections every one of the channels leaves out (a composite page shows what any part shows). */
const omittedBy = (channels: readonly Channel[]) =>
  new Set(SECTION_ORDER.filter((id) => channels.every((c) => id in OMITTED_SECTIONS[c])));

/** Where a heading stands in the output: JSON quotes it, the others print it as a heading. */
const headingAt = (output: string, heading: string) => {
  const m = new RegExp(`(^|[\\s*"])${heading}(:|\\*|"|\\n|$)`, 'm').exec(output);
  return m ? m.index : -1;
};

describe('one reply, every renderer', () => {
  it('fills every section from the entry, so the check below covers all of them', () => {
    expect(replySections(reply).map((s) => s.id)).toEqual([...SECTION_ORDER]);
    expect(reply.escalation).toBe(entry.escalation);
  });

  it.each(RENDERERS)('$name shows every section it does not declare left out, with its heading', (r) => {
    const output = r.render();
    const omitted = omittedBy(r.channels);
    const abridged = r.channels.flatMap((c) => Object.keys(ABRIDGED_SECTIONS[c] ?? {}));
    expect(output).toContain(reply.title);
    for (const id of SECTION_ORDER) {
      if (omitted.has(id)) continue;
      const heading = replySections(reply).find((s) => s.id === id)?.heading ?? '';
      expect(headingAt(output, heading), `${r.name}: heading of ${id}`).toBeGreaterThanOrEqual(0);
      const content = abridged.includes(id) ? (CONTENT[id].slice(0, 1) as string[]) : CONTENT[id];
      for (const marker of content) expect(output, `${r.name}: ${id}`).toContain(marker);
    }
    // Knowledge markup is turned into the channel's own, never shown as markers.
    if (r.name !== 'JSON') expect(output).not.toContain('**Bold-marker**');
  });

  it.each(RENDERERS.filter((r) => r.name !== 'JSON' && r.channels.length === 1))(
    '$name puts the sections in the reply model’s order',
    (r) => {
      const output = r.render();
      const omitted = omittedBy(r.channels);
      // An alert opens with its own live check line; the order is that of the answer under it.
      const answerStart = output.indexOf(reply.title, output.indexOf('\n'));
      const body = r.channels[0] === 'slack-alert' ? output.slice(answerStart) : output;
      const positions = SECTION_ORDER.filter((id) => !omitted.has(id)).map((id) =>
        headingAt(body, HEADINGS[id]),
      );
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    },
  );

  it('declares a reason for every section a channel leaves out', () => {
    for (const [channel, omitted] of Object.entries(OMITTED_SECTIONS)) {
      for (const [id, why] of Object.entries(omitted)) {
        expect(SECTION_ORDER, `${channel}.${id}`).toContain(id);
        expect(why.length, `${channel}.${id} needs its reason`).toBeGreaterThan(10);
      }
    }
  });

  it('leaves out of the brief terminal answer what the table says, and says how to get it', () => {
    const brief = renderText(reply, { moreHint: 'More: add --full.' });
    for (const id of Object.keys(OMITTED_SECTIONS['text-brief']) as SectionId[])
      for (const marker of CONTENT[id]) expect(brief).not.toContain(marker);
    expect(brief).not.toContain('Meaning-tail-marker');
    expect(brief.trimEnd().endsWith('More: add --full.')).toBe(true);
  });

  it('gives every section one heading, the same in every renderer', () => {
    const json = JSON.parse(renderJson(diagnosis, reply, knowledge)) as {
      sections: { id: string; heading: string }[];
    };
    expect(json.sections.map((s) => [s.id, s.heading])).toEqual(
      replySections(reply).map((s) => [s.id, s.heading]),
    );
    expect(new Set(Object.values(HEADINGS)).size).toBe(Object.values(HEADINGS).length);
  });
});
