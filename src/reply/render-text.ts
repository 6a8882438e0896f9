import { type Reply, stripInlineMarkup } from './model.js';

// Plain text for a terminal or an email, fix first: the headline, the numbered steps, one line
// of why, what to try if that fails, and how sure xerofix is. The full meaning, the causes, how
// to keep it from happening again and the paste's details follow only with `full`.

const numbered = (items: readonly string[]) => items.map((s, i) => `  ${i + 1}. ${s}`).join('\n');
const bulleted = (items: readonly string[]) => items.map((s) => `  - ${s}`).join('\n');

export interface TextOptions {
  /** Everything the reply holds, not just the fix. */
  readonly full?: boolean;
  /** How to ask for the rest (a CLI flag, say), shown when not full and something was left out. */
  readonly moreHint?: string;
}

export function renderText(reply: Reply, options: TextOptions = {}): string {
  const answer = reply.kind === 'answer';
  const parts: string[] = [`${reply.title}\n${'='.repeat(Math.min(reply.title.length, 78))}`];
  if (!answer) parts.push(reply.meaning);
  if (reply.steps.length) parts.push(`${answer ? 'How to fix it' : 'What to do'}:\n${numbered(reply.steps)}`);
  if (answer) parts.push(options.full ? `What it means:\n${reply.meaning}` : `Why: ${reply.why}`);
  if (options.full && reply.causes.length) parts.push(`Likely causes:\n${bulleted(reply.causes)}`);
  // What to try next and when to hand over belong together.
  parts.push(
    reply.ifFails.length
      ? `If that does not work:\n${numbered(reply.ifFails)}\n${reply.escalation}`
      : reply.escalation,
  );
  if (options.full && reply.prevention) parts.push(`Keep it from happening again:\n${reply.prevention}`);
  if (reply.probe) parts.push(`Live check: ${reply.probe.verdict}: ${reply.probe.sentence}`);
  const footer = [`Confidence ${Math.round(reply.confidence * 100)}%`];
  if (reply.evidence.length) footer.push(`evidence: ${reply.evidence.join('; ')}`);
  const more =
    !options.full && options.moreHint && (reply.causes.length || reply.prevention || reply.facts.length);
  parts.push(more ? `${footer.join(' — ')}\n${options.moreHint}` : footer.join(' — '));
  if (options.full) {
    if (reply.facts.length) parts.push(reply.facts.map((f) => `${f.label}: ${f.value}`).join('\n'));
    if (reply.source) parts.push(`Source: ${reply.source}`);
  }
  return `${stripInlineMarkup(parts.join('\n\n'))}\n`;
}
