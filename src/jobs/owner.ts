import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../runtime/logger.js';
import type { JobRepository } from '../store/jobs.js';
import type { LeaseRepository } from '../store/leases.js';

// Job leases and the keeper lease are held in an owner name, `host:pid:random`. The name says
// enough for a restarted instance to recognise leases left by its own dead predecessor on the
// same host and take them back at once, instead of leaving accepted work to wait out the lease.
//
// Leases of other hosts are never touched: nothing here can tell whether they are alive.
// This assumes every instance sharing a database has its own hostname, which holds by default
// for containers (the container ID) and Kubernetes pods (the pod name). Two containers that
// share a hostname (host networking, or a fixed `hostname:`) look like each other's restart.

/** Names minted in this process: another instance in the same process is alive, not dead. */
const mintedHere = new Set<string>();

/** A fresh owner name for this process, unique even across instances in one process. */
export function newOwnerName(): string {
  const name = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  mintedHere.add(name);
  return name;
}

export interface OwnerParts {
  readonly host: string;
  readonly pid: number;
  readonly random: string;
}

/** The parts of an owner name, or undefined for a name not made by newOwnerName. */
export function parseOwnerName(name: string): OwnerParts | undefined {
  const parts = name.split(':');
  if (parts.length < 3) return undefined;
  const random = parts.pop() as string;
  const pid = Number(parts.pop());
  const host = parts.join(':');
  if (!host || !random || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { host, pid, random };
}

/**
 * Whether a process is still running. EPERM means it exists but belongs to someone else:
 * alive. Only ESRCH ("no such process") says it is gone.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export interface ThisProcess {
  readonly host: string;
  readonly pid: number;
  readonly isAlive: (pid: number) => boolean;
}

const thisProcess = (): ThisProcess => ({ host: hostname(), pid: process.pid, isAlive: processIsAlive });

/**
 * True only when `other` is certainly a process of this host that has ended: its pid is
 * gone, or its pid is ours under another random part (a container restarted: same hostname,
 * same pid, new process). Anything in doubt (another host, a live pid, a name we cannot read,
 * a name minted in this very process) is false, so its lease is left to run out.
 */
export function isDeadOwnerOnThisHost(other: string, self: ThisProcess = thisProcess()): boolean {
  if (mintedHere.has(other)) return false;
  const parts = parseOwnerName(other);
  if (!parts || parts.host !== self.host) return false;
  if (parts.pid === self.pid) return true;
  return !self.isAlive(parts.pid);
}

export interface TakenBack {
  readonly jobs: number;
  readonly leases: readonly string[];
}

/**
 * Start-up, before the runner and keeper start: frees the job leases and named leases (the
 * keeper's) that dead processes of this host still hold, so their work resumes now. A store
 * failure here is logged and start-up goes on; those leases then simply run out.
 */
export async function takeBackLeasesOfDeadOwners(
  store: {
    readonly jobs: Pick<JobRepository, 'releaseAbandoned'>;
    readonly leases: Pick<LeaseRepository, 'releaseAbandoned'>;
  },
  log: Pick<Logger, 'info' | 'warn'>,
  self: ThisProcess = thisProcess(),
): Promise<TakenBack> {
  const isDead = (owner: string) => isDeadOwnerOnThisHost(owner, self);
  try {
    const jobs = await store.jobs.releaseAbandoned(isDead);
    const leases = await store.leases.releaseAbandoned(isDead);
    if (jobs > 0 || leases.length > 0)
      log.info('took back leases held by stopped processes on this host', {
        jobs,
        leases: leases.join(', ') || null,
      });
    return { jobs, leases };
  } catch (err) {
    log.warn('could not take back leases of stopped processes; they will run out instead', {
      error: (err as Error).message,
    });
    return { jobs: 0, leases: [] };
  }
}
