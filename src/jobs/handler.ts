import type { z } from 'zod';
import type { Job } from '../store/jobs.js';

export interface JobContext {
  /** Steps earlier attempts recorded; a handler checks these to skip work already done. */
  readonly progress: Record<string, unknown>;
  /** Merges `patch` into `progress` and stores it; throws if this runner no longer holds the job. */
  saveProgress(patch: Record<string, unknown>): Promise<void>;
}

/**
 * How one kind of job is done. `payload` says what a stored payload of this kind must look
 * like; the runner parses it when it claims the job and hands `run` the parsed value. A payload
 * that does not fit fails the job without calling `run`: it would fail the same way on every
 * retry. It must accept every shape earlier versions stored, or their queued jobs are lost.
 *
 * To steer a failure, `run` throws a XerofixError: `retryable: false` gives up now,
 * `retryAfterSeconds` says when to come back.
 */
export interface JobHandler<P = unknown> {
  readonly payload: z.ZodType<P>;
  // A method, not a function property: a JobHandler<AnswerPayload> then fits where any
  // JobHandler goes (Record<string, JobHandler>); `payload` guarantees what `run` receives.
  run(payload: P, job: Job, ctx: JobContext): Promise<void>;
}

/** A JobHandler whose payload type is read off its schema, so the two cannot drift apart. */
export function defineJob<P>(
  payload: z.ZodType<P>,
  run: (payload: P, job: Job, ctx: JobContext) => Promise<void>,
): JobHandler<P> {
  return { payload, run };
}

/**
 * Why a stored payload does not fit, as zod issue codes and paths ("invalid_type at
 * items.0.target"). Never the messages: some quote the value received, and a payload may hold
 * a customer's words.
 */
export function payloadProblems(error: z.ZodError, max = 5): string {
  const listed = error.issues
    .slice(0, max)
    .map((issue) => `${issue.code} at ${issue.path.map(String).join('.') || '(the payload itself)'}`);
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more` : '';
  return `${listed.join('; ')}${more}`;
}
