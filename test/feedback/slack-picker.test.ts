import { describe, expect, it } from 'vitest';
import type { FeedbackLabel } from '../../src/knowledge/examples.js';
import { decodePick, FEEDBACK_PICK_ACTION, feedbackPicker } from '../../src/slack/feedback-picker.js';
import { allText, elements } from '../support/fake-slack/payloads.js';

// The picker stays inside Block Kit's limits however big the knowledge grows.

const LOOKUP = '0b6f7c1e-2a4d-4c8e-9f10-1234567890ab';
const entries = (n: number): FeedbackLabel[] =>
  Array.from({ length: n }, (_, i) => ({ id: `entry-${i}`, title: `Entry ${i}`, kind: 'entry' }));

interface Groups {
  option_groups: { options: { text: { text: string }; value: string }[] }[];
}
const groupsOf = (message: unknown) =>
  (elements(message).find((e) => e.action_id === FEEDBACK_PICK_ACTION) as unknown as Groups).option_groups;

describe('the Slack picker', () => {
  it('holds at most 100 options a group and says where to pick the rest', () => {
    const message = feedbackPicker(LOOKUP, entries(150));
    const [articles] = groupsOf(message);
    expect(articles?.options).toHaveLength(100);
    expect(allText(message)).toMatch(/Knowledge gaps page/);
    expect(allText(feedbackPicker(LOOKUP, entries(3)))).not.toMatch(/Knowledge gaps page/);
  });

  it('offers the likely answer first and leaves out labels too long for an option value', () => {
    const labels: FeedbackLabel[] = [
      ...entries(3),
      { id: `long-${'x'.repeat(120)}`, title: 'Long', kind: 'entry' },
      { id: 'xero-other', title: 'A Xero error about the request', kind: 'class' },
    ];
    const groups = groupsOf(feedbackPicker(LOOKUP, labels, { wrong: 'entry-0', likely: 'entry-2' }));
    const ids = groups.map((g) => g.options.map((o) => decodePick(o.value)?.value));
    expect(ids).toEqual([['entry-2', 'entry-1'], ['xero-other'], ['-']]);
    for (const o of groups.flatMap((g) => g.options)) {
      expect(o.value.length).toBeLessThanOrEqual(150);
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect(decodePick(o.value)?.lookupId).toBe(LOOKUP);
    }
  });

  it('reads no pick from a value it never made', () => {
    expect(decodePick('')).toBeUndefined();
    expect(decodePick('no-space')).toBeUndefined();
    expect(decodePick(`${LOOKUP} `)).toBeUndefined();
  });
});
