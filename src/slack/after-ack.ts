import { performance } from 'node:perf_hooks';

// Work that follows an acknowledgement (diagnose, store, answer through response_url) waits
// while the process is saturated, so a burst of commands never pushes acknowledgements past
// Slack's 3 seconds: answers may arrive a little later (response_url stays valid for 30
// minutes), acknowledgements may not. Under ordinary load the work starts at once. The
// backlog is bounded (a waiting command holds about a kilobyte): past MAX_WAITING, work runs
// immediately and acknowledgements slow down instead of memory growing without limit. Work
// still waiting here when the process is killed is not lost: it was stored before the
// acknowledgement (durable-work.ts), and the next process's job runner does it.
//
// Waiting work starts one task per turn of the event loop. A task runs synchronously up to its
// first real I/O (SQLite answers inside the turn that asks), so starting 32 at once ran 32
// diagnoses, lookups and renders back to back (about 2 ms each) while acknowledgements and
// /healthz waited: the longest pauses of the event loop. One per turn lets every turn read the
// sockets, so under a burst acknowledgements keep the lion's share; four per turn measured no
// better than 32 for acknowledgements. The price: a backlog drains more slowly (bench:slack).

const MAX_WAITING = 50_000;
/** Event-loop utilisation above which waiting work is held back. */
const BUSY = 0.9;
const CHECK_MS = 25;
const CONCURRENCY = 32;
/** Tasks started in one turn of the event loop at most. */
export const STARTS_PER_TURN = 1;

export interface AfterAckQueue {
  run(task: () => Promise<void>): void;
  /** Resolves once nothing is waiting or running (graceful shutdown). */
  drained(): Promise<void>;
  readonly waiting: number;
}

export function createAfterAckQueue(onError: (err: unknown) => void): AfterAckQueue {
  const waiting: (() => Promise<void>)[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];
  // Utilisation is sampled over fixed windows: measured inside a busy callback it is always 1.
  let utilisation = 0;
  let lastSample = performance.eventLoopUtilization();
  let sampler: NodeJS.Timeout | undefined;
  let nextStart: NodeJS.Immediate | undefined;

  const sample = () => {
    const now = performance.eventLoopUtilization();
    utilisation = performance.eventLoopUtilization(now, lastSample).utilization;
    lastSample = now;
    pump();
    sampler = waiting.length ? setTimeout(sample, CHECK_MS).unref() : undefined;
  };

  const start = (task: () => Promise<void>) => {
    running += 1;
    task()
      .catch(onError)
      .finally(() => {
        running -= 1;
        pump();
        if (running === 0 && waiting.length === 0) {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      });
  };

  function pump(): void {
    if (nextStart || utilisation > BUSY) return;
    for (let n = 0; n < STARTS_PER_TURN && waiting.length && running < CONCURRENCY; n++) {
      start(waiting.shift() as () => Promise<void>);
    }
    // The next ones after the loop has been round once (timers, sockets), not in this turn.
    if (waiting.length && running < CONCURRENCY) {
      nextStart = setImmediate(() => {
        nextStart = undefined;
        pump();
      });
    }
  }

  return {
    run(task) {
      if (waiting.length >= MAX_WAITING) return start(task);
      waiting.push(task);
      if (!sampler) sampler = setTimeout(sample, CHECK_MS).unref();
      // After the current callback, so the acknowledgement is written before any work starts.
      setImmediate(pump);
    },
    drained: () =>
      running === 0 && waiting.length === 0
        ? Promise.resolve()
        : new Promise((resolve) => idleWaiters.push(resolve)),
    get waiting() {
      return waiting.length;
    },
  };
}
