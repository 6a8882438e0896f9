import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../runtime/logger.js';
import type { ClaimRepository } from '../store/claims.js';

// Slack signs each request over its timestamp and body, and Bolt refuses timestamps older
// than five minutes. Inside those five minutes a captured request would verify again, so
// each signature is claimed once in the store (shared by every instance) and a second
// delivery is acknowledged and dropped. Bolt does not refuse timestamps from the future,
// which would stretch the window; that check runs before Bolt reads the body.

const WINDOW_SECONDS = 5 * 60;
const CLAIM_PREFIX = 'slack-request:';
/** Claims outlive the window a little, then are forgotten so the table does not grow forever. */
const FORGET_AFTER_MS = 2 * WINDOW_SECONDS * 1000;
const FORGET_EVERY_MS = 60_000;

/** Context property Bolt receives from the receiver (customPropertiesExtractor). */
export const SIGNATURE_PROPERTY = 'requestSignature';

export function signatureProperty(req: Request): Record<string, string> {
  const signature = req.headers['x-slack-signature'];
  return typeof signature === 'string' ? { [SIGNATURE_PROPERTY]: signature } : {};
}

/** Refuses a request stamped more than five minutes ahead of our clock, before its body is read. */
export function refuseFutureTimestamps(now: () => number): RequestHandler {
  return (req, res, next) => {
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp > now() / 1000 + WINDOW_SECONDS) {
      res.status(401).type('text/plain').end('Request timestamp is in the future.');
      return;
    }
    next();
  };
}

export interface ReplayGuardDeps {
  readonly claims: ClaimRepository;
  readonly owner: string;
  readonly now: () => number;
  readonly log: Pick<Logger, 'warn' | 'info'>;
}

/**
 * Claims arriving in the same turn of the event loop go to the store in one insert: a claim
 * per request, one write per burst (a write per request halved acknowledgement throughput).
 */
function groupedClaims(deps: ReplayGuardDeps): (key: string) => Promise<boolean> {
  let waiting: { key: string; settle: (won: boolean) => void; fail: (err: unknown) => void }[] = [];
  const flush = async () => {
    const batch = waiting;
    waiting = [];
    try {
      const won = await deps.claims.claimMany(
        batch.map((w) => w.key),
        deps.owner,
      );
      // The first waiter for a key gets the win; a copy in the same batch is a replay.
      for (const w of batch) {
        w.settle(won.delete(w.key));
      }
    } catch (err) {
      for (const w of batch) w.fail(err);
    }
  };
  return (key) =>
    new Promise((settle, fail) => {
      if (waiting.length === 0) setImmediate(() => void flush());
      waiting.push({ key, settle, fail });
    });
}

/** Bolt global middleware: the first delivery of a signed request goes on, later ones stop here. */
export function ignoreReplays(deps: ReplayGuardDeps): Middleware<AnyMiddlewareArgs> {
  const claim = groupedClaims(deps);
  let lastForget = 0;
  const forgetOld = () => {
    const now = deps.now();
    if (now - lastForget < FORGET_EVERY_MS) return;
    lastForget = now;
    deps.claims
      .forgetOlderThan(CLAIM_PREFIX, now - FORGET_AFTER_MS)
      .catch((err) =>
        deps.log.warn('could not forget old Slack request claims', { error: (err as Error).message }),
      );
  };
  return async (args) => {
    const signature = args.context[SIGNATURE_PROPERTY];
    if (typeof signature !== 'string') return args.next();
    const key = `${CLAIM_PREFIX}${createHash('sha256').update(signature).digest('base64url')}`;
    forgetOld();
    if (await claim(key)) return args.next();
    deps.log.info('ignored a replayed Slack request');
    // Events are acknowledged by Bolt before middleware runs; everything else is acked here
    // so Slack (or whoever replayed it) gets a 200 and nothing happens twice.
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}
