import type { types } from '@slack/bolt';
import { HOME_TAB as SAY } from '../reply/wording-slack.js';
import { header, section } from './blocks.js';
import { clip, escapeMrkdwn } from './escape.js';

export interface HomeInput {
  readonly entries: readonly { id: string; title: string }[];
  readonly gaps: readonly { paste: string; createdAt: string; reason: string | null }[];
  readonly votes: Readonly<Record<string, { up: number; down: number }>>;
  readonly health: { healthy: number; broken: number; unknown: number };
}

// Home tabs allow 100 blocks. Fixed blocks (7) + entries (40) + "and N more" (1) + gaps (10)
// stays well inside that whatever the store holds.
const MAX_ENTRIES = 40;
const MAX_GAPS = 10;
const GAP_PASTE_MAX = 200;

/** The App Home: what the bot knows, what it could not answer, how answers were rated, health. */
export function homeView(input: HomeInput): types.HomeView {
  const { healthy, broken, unknown } = input.health;
  const blocks: types.KnownBlock[] = [
    header(SAY.header),
    section(SAY.health(healthy, broken, unknown)),
    { type: 'divider' },
    section(SAY.entries(input.entries.length)),
  ];
  for (const e of input.entries.slice(0, MAX_ENTRIES)) {
    const v = input.votes[e.id] ?? { up: 0, down: 0 };
    blocks.push(section(`*${escapeMrkdwn(e.title)}*  \`${escapeMrkdwn(e.id)}\`  👍 ${v.up} · 👎 ${v.down}`));
  }
  if (input.entries.length > MAX_ENTRIES) blocks.push(section(SAY.more(input.entries.length - MAX_ENTRIES)));
  blocks.push({ type: 'divider' }, section(SAY.gaps));
  if (!input.gaps.length) blocks.push(section(SAY.noneYet));
  for (const g of input.gaps.slice(0, MAX_GAPS)) blocks.push(section(gapText(g)));
  return { type: 'home', blocks };
}

/** One unanswered paste on one quoted line, so a long or many-line paste cannot take over the tab. */
function gapText(g: HomeInput['gaps'][number]): string {
  const when = escapeMrkdwn(g.createdAt.slice(0, 16).replace('T', ' '));
  const reason = g.reason ? ` · ${escapeMrkdwn(g.reason)}` : '';
  const oneLine = g.paste.replace(/\s+/g, ' ').trim();
  const paste = clip(escapeMrkdwn(oneLine), GAP_PASTE_MAX, oneLine.length);
  return `${when} UTC${reason}\n> ${paste || SAY.emptyPaste}`;
}
