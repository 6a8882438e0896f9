import { createHash } from 'node:crypto';

// Every ticket xerofix opens for a job carries a tag derived from that job's dedupe key. A
// retry after a crash (the ticket was created, but the job never heard back) looks for the
// tag before creating again. Hex keeps the tag the same whatever case Freshdesk stores it in.

const PREFIX = 'xfref-';
/** 96 bits: collisions between jobs are out of reach; with the prefix, 30 of Freshdesk's 32 characters. */
const HEX_CHARS = 24;

export function referenceTag(dedupeKey: string): string {
  return `${PREFIX}${createHash('sha256').update(dedupeKey).digest('hex').slice(0, HEX_CHARS)}`;
}
