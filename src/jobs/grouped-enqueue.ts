import { randomUUID } from 'node:crypto';
import type { JobRepository } from '../store/jobs.js';

export interface GroupedEnqueueOptions<T> {
  readonly jobs: Pick<JobRepository, 'enqueue'>;
  readonly kind: string;
  /** The most items one job carries. */
  readonly maxGroup: number;
  /** When the job for a group falls due. */
  readonly runAfter: (items: readonly T[]) => Date;
}

/**
 * Stores items as jobs, several to a job when they arrive together (a group commit): items
 * added in one turn of the event loop, or while a write is in flight, go in one job. A burst
 * costs one store write per group instead of one per item, which is what keeps a write before
 * every Slack acknowledgement affordable; a lone item waits only for the end of the current
 * turn. The job's payload is `{ items }`; `add` resolves, with when that job falls due, once its
 * item is stored, and rejects if that write failed.
 */
export class GroupedEnqueue<T> {
  private waiting: { item: T; stored: (dueAt: Date) => void; failed: (err: unknown) => void }[] = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly options: GroupedEnqueueOptions<T>) {}

  add(item: T): Promise<Date> {
    return new Promise((stored, failed) => {
      this.waiting.push({ item, stored, failed });
      // SQLite answers within the turn that asked, so writing at once would never group
      // anything: requests parsed in the same turn are collected first.
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.write();
        });
      }
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.options.maxGroup);
        const items = group.map((g) => g.item);
        const runAfter = this.options.runAfter(items);
        try {
          await this.options.jobs.enqueue({
            kind: this.options.kind,
            // Each group is new work by construction; the items carry their own keys.
            dedupeKey: `${this.options.kind}:${randomUUID()}`,
            payload: { items },
            runAfter,
          });
          for (const g of group) g.stored(runAfter);
        } catch (err) {
          for (const g of group) g.failed(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
