import { type Reply, stripInlineMarkup } from './model.js';

// Plain text for a terminal or an email. Paragraphs stay as written; lists are numbered.

const numbered = (items: readonly string[]) => items.map((s, i) => `  ${i + 1}. ${s}`).join('\n');
const bulleted = (items: readonly string[]) => items.map((s) => `  - ${s}`).join('\n');

export function renderText(reply: Reply): string {
  const parts: string[] = [reply.title, '='.repeat(Math.min(reply.title.length, 78))];
  parts.push(reply.kind === 'answer' ? `What it means:\n${reply.meaning}` : reply.meaning);
  if (reply.causes.length) parts.push(`Likely causes:\n${bulleted(reply.causes)}`);
  if (reply.steps.length)
    parts.push(`${reply.kind === 'answer' ? 'How to fix it' : 'What to do'}:\n${numbered(reply.steps)}`);
  if (reply.ifFails.length) parts.push(`If that does not work:\n${numbered(reply.ifFails)}`);
  if (reply.prevention) parts.push(`Keep it from happening again:\n${reply.prevention}`);
  if (reply.probe) parts.push(`Live check: ${reply.probe.verdict}: ${reply.probe.sentence}`);
  parts.push(reply.escalation);
  const footer = [`Confidence ${Math.round(reply.confidence * 100)}%`];
  if (reply.evidence.length) footer.push(`evidence: ${reply.evidence.join('; ')}`);
  parts.push(footer.join(' — '));
  if (reply.facts.length) parts.push(reply.facts.map((f) => `${f.label}: ${f.value}`).join('\n'));
  if (reply.source) parts.push(`Source: ${reply.source}`);
  return `${stripInlineMarkup(parts.join('\n\n'))}\n`;
}
