import { describe, expect, it } from 'vitest';
import { createAfterAckQueue, STARTS_PER_TURN } from '../../src/slack/after-ack.js';

describe('work after an acknowledgement', () => {
  it('starts only after the current callback has finished, then runs everything once', async () => {
    const queue = createAfterAckQueue(() => {});
    const order: string[] = [];
    for (let i = 0; i < 20; i++) queue.run(async () => void order.push(`task ${i}`));
    order.push('ack written');
    await queue.drained();
    expect(order[0]).toBe('ack written');
    expect(order).toHaveLength(21);
    expect(new Set(order).size).toBe(21);
  });

  it('lets the event loop go round between the tasks of a burst instead of starting them all in one turn', async () => {
    const queue = createAfterAckQueue(() => {});
    const order: string[] = [];
    for (let i = 0; i < 10; i++) queue.run(async () => void order.push(`task ${i}`));
    // Queued behind the burst: stands for an acknowledgement or /healthz waiting for its turn.
    setImmediate(() => order.push('other callback'));
    await queue.drained();
    expect(order).toHaveLength(11);
    expect(order.indexOf('other callback')).toBe(STARTS_PER_TURN);
  });

  it('reports a failing task and carries on with the rest', async () => {
    const errors: unknown[] = [];
    const queue = createAfterAckQueue((err) => errors.push(err));
    let ran = 0;
    queue.run(async () => {
      throw new Error('boom');
    });
    queue.run(async () => {
      ran += 1;
    });
    await queue.drained();
    expect(ran).toBe(1);
    expect((errors[0] as Error).message).toBe('boom');
  });
});
