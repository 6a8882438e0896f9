import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ErrorContext, XerofixError } from '../errors/xerofix-error.js';

/**
 * The store cannot start until the operator changes a setting, a folder or a disk. Its message
 * says what and how; start-up prints it as it is (src/probe/services.ts `startupProblem`).
 */
export class StoreConfigError extends XerofixError {
  override readonly name = 'StoreConfigError';
  constructor(message: string, code = 'store.config', context: ErrorContext = {}) {
    // A setting, a folder or a disk has to change first; trying again as it is cannot help.
    super(message, { code, retryable: false, context });
  }
}

export type FileProblem =
  | 'disk-full'
  | 'read-only'
  | 'no-permission'
  | 'missing'
  | 'not-a-folder'
  | 'not-a-file'
  | 'not-a-database'
  | 'io-error'
  | 'cannot-open'
  | 'shared-folder';

/**
 * A file or folder of the embedded store cannot be made, secured, read or written. It keeps the
 * StoreConfigError name on purpose: every start-up path that already prints store settings
 * problems as one plain sentence (and exit 78) prints this one too, instead of "internal error".
 */
export class StoreFileError extends StoreConfigError {
  constructor(
    readonly path: string,
    readonly problem: FileProblem,
    message: string,
  ) {
    super(message, `store.${problem}`, { path, problem });
  }
}

export interface FileTarget {
  /** The file or folder xerofix was working on (never a temporary name). */
  readonly path: string;
  /** What it was doing, as a verb phrase: "create the data folder", "open the database". */
  readonly action: string;
}

type CodedError = Error & { code?: unknown; cause?: unknown };

// SQLite's own wording for its result codes (sqlite3_errstr), for errors that arrive re-worded
// with the code lost, as a failed migration does ("Database migration … failed: <message>").
const SQLITE_MESSAGES: ReadonlyArray<readonly [string, string]> = [
  ['database or disk is full', 'SQLITE_FULL'],
  ['attempt to write a readonly database', 'SQLITE_READONLY'],
  ['unable to open database file', 'SQLITE_CANTOPEN'],
  ['file is not a database', 'SQLITE_NOTADB'],
  ['disk I/O error', 'SQLITE_IOERR'],
  ['access permission denied', 'SQLITE_PERM'],
];

/** The errno or SQLite code of an error, or of the error it wraps. */
function codeOf(err: unknown, depth = 0): string {
  const e = err as CodedError | undefined;
  if (typeof e?.code === 'string' && e.code) return e.code;
  const cause = e?.cause;
  if (cause !== undefined && depth < 3) {
    const inner = codeOf(cause, depth + 1);
    if (inner) return inner;
  }
  const message = typeof e?.message === 'string' ? e.message : '';
  return SQLITE_MESSAGES.find(([text]) => message.endsWith(text))?.[1] ?? '';
}

/**
 * Turns a failed file-system or SQLite call into a StoreFileError whose one paragraph names the
 * path, what is wrong and what to do; anything else (a wrong key, a bug) is returned unchanged.
 */
export function explainFileError(err: unknown, target: FileTarget): unknown {
  if (err instanceof StoreFileError || !(err instanceof Error)) return err;
  const code = codeOf(err);
  const { path, action } = target;
  const folder = dirname(path);
  const start = `Cannot ${action} ${path}:`;
  const again = 'then start xerofix again.';
  const make = (problem: FileProblem, text: string) => new StoreFileError(path, problem, `${start} ${text}`);

  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' || code === 'SQLITE_FULL') {
    return make(
      'disk-full',
      `the disk is full${code === 'EDQUOT' ? ' (the user is over quota)' : ''}. Free space on the disk that holds ${folder}, or point DATABASE_URL at a disk with room, ${again}`,
    );
  }
  if (code === 'EROFS') {
    return make(
      'read-only',
      `the file system is read-only. Point DATABASE_URL at a folder on a writable disk (for example a mounted volume), or remount the disk read-write, ${again}`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return make(
      'read-only',
      `the database can only be read. Make sure the disk is mounted read-write and that the user running xerofix can write to ${path} and to ${folder}, ${again}`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return make(
      'no-permission',
      `permission denied. Run xerofix as the user that owns ${folder}, or give the user running xerofix that folder and its files (chown -R), ${again}`,
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const file = firstNonFolder(path) ?? path;
    return make(
      'not-a-folder',
      `${file} is a file, but xerofix needs a folder there. Move that file away or point DATABASE_URL at another folder, ${again}`,
    );
  }
  if (code === 'EISDIR' || (code.startsWith('SQLITE_CANTOPEN') && isFolder(path))) {
    return make(
      'not-a-file',
      `${path} is a folder, but it must be a file. Move that folder away${action.endsWith('database') ? `, or point DATABASE_URL at a file inside it (for example sqlite:${path}/xerofix.db)` : ''}, ${again}`,
    );
  }
  if (code === 'ENOENT') {
    return make(
      'missing',
      `a folder on that path does not exist. Create ${folder} (or mount the volume it lives on), or point DATABASE_URL elsewhere, ${again}`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return make(
      'cannot-open',
      `SQLite could not open it (unable to open database file). Check that ${folder} exists, that ${path} is a file, and that the user running xerofix can read and write both, ${again}`,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return make(
      'not-a-database',
      `it is not a SQLite database. Point DATABASE_URL at xerofix's database file, or move this file away to start with an empty database, ${again}`,
    );
  }
  if (code === 'EIO' || code.startsWith('SQLITE_IOERR')) {
    return make(
      'io-error',
      `the disk reported an input/output error (${code}). Check the disk and free space on it, ${again}`,
    );
  }
  return err;
}

/**
 * Why a write to the store failed, in a few words fit for /readyz: no path, no SQL, no server
 * message (those can name hosts or users), only the kind of problem and a driver code.
 */
export function describeWriteFailure(err: unknown): string {
  const code = codeOf(err);
  // PostgreSQL SQLSTATEs: 53100 disk_full, 25006 read_only_sql_transaction, 42501 insufficient_privilege.
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') return 'the disk is full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === '25006') {
    return 'the database is read-only';
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return "another process holds the database's write lock";
  }
  if (code === 'SQLITE_PERM' || code === 'EACCES' || code === '42501') return 'permission denied';
  if (code === 'EIO' || code.startsWith('SQLITE_IOERR')) return `the disk reported an I/O error (${code})`;
  if (code === 'ETIMEDOUT') return 'the store did not answer in time';
  if (/^[A-Z0-9_]{1,40}$/.test(code)) return `the write failed (${code})`;
  return 'the write failed';
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The first part of `path` that exists and is not a folder, e.g. "/srv/data" when data is a file. */
function firstNonFolder(path: string): string | undefined {
  const parts: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    parts.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const part of parts) {
    const stat = statSync(part, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (!stat.isDirectory()) return part;
  }
  return undefined;
}
