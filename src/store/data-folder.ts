import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../runtime/logger.js';
import { explainFileError, StoreFileError } from './errors.js';

// The embedded store's folder holds the secret key, sealed tokens and customer pastes, so it and
// xerofix's files in it are owner-only (0700 / 0600), also when the folder was made by someone
// else: it is tightened with a warning, and start-up stops only when it cannot be tightened.
// Other files someone put there are left as they are (the folder's 0700 already shields them):
// when the data folder is a project folder, stripping their modes would be a nasty surprise.

/** Files xerofix keeps beside the database (src/secrets/key-source.ts, src/console/admin-token.ts). */
const DATA_FILE_NAMES = ['secret.key', 'admin-token'] as const;

/** SQLite's own companions of the database file. */
const DATABASE_COMPANIONS = ['-wal', '-shm', '-journal'] as const;

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Makes sure the folder of `databasePath` exists and is owner-only, and that the database file
 * exists (empty until SQLite first writes it) with mode 0600.
 *
 * Why create the database file here instead of a umask around SQLite's open or a chmod after
 * it: SQLite gives -wal, -shm and -journal the permissions of the database file each time it
 * makes them, which can be long after the open (the -wal comes and goes with connections), so a
 * chmod after the open misses the later ones; and a umask is process-wide, so it would also
 * apply to anything else the process creates meanwhile. A 0600 database file makes every
 * companion 0600 for as long as the file lives.
 */
export function secureDataFolder(databasePath: string, log: Logger): void {
  const folder = dirname(databasePath);
  if (!makeFolder(folder)) tightenFolder(folder, log);
  for (const file of [databasePath, ...DATABASE_COMPANIONS.map((s) => databasePath + s)]) {
    tightenFile(file, log);
  }
  for (const name of DATA_FILE_NAMES) tightenFile(join(folder, name), log);
  createOwnerOnly(databasePath);
}

/**
 * Creates the folder and any missing parents, one level at a time: Node's recursive mkdir
 * reports a read-only disk as ENOENT, which sends the operator looking for a missing folder.
 * Returns whether the folder was created (and so is already owner-only).
 */
function makeFolder(folder: string): boolean {
  const missing: string[] = [];
  for (let at = folder; !exists(at, folder); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode: FOLDER_MODE });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && exists(dir, folder)) continue;
      throw danglingLink(dir) ?? explainFileError(err, { path: folder, action: 'create the data folder' });
    }
  }
  return missing.length > 0;
}

/** Whether `path` is an existing folder; a file there is reported as such. */
function exists(path: string, folder: string): boolean {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    throw explainFileError(err, { path: folder, action: 'create the data folder' });
  }
  if (!stat) return false;
  if (!stat.isDirectory()) {
    throw new StoreFileError(
      path,
      'not-a-folder',
      `Cannot create the data folder ${folder}: ${path} is a file, but xerofix needs a folder there. Move that file away or point DATABASE_URL at another folder, then start xerofix again.`,
    );
  }
  return true;
}

/** A link whose target is gone (an unmounted volume, say) looks like a missing folder; say so. */
function danglingLink(dir: string): StoreFileError | undefined {
  const link = lstatSync(dir, { throwIfNoEntry: false });
  if (!link?.isSymbolicLink()) return undefined;
  return new StoreFileError(
    dir,
    'missing',
    `Cannot use the data folder ${dir}: it is a link to ${readlinkSync(dir)}, which does not exist. Mount or create that folder, or point DATABASE_URL elsewhere, then start xerofix again.`,
  );
}

function tightenFolder(folder: string, log: Logger): void {
  const mode = statSync(folder).mode;
  if ((mode & 0o077) === 0) return;
  // A sticky, world-writable folder (/tmp) is everyone's: making it 0700 would break the machine,
  // and anyone could plant a file beside the key. The store needs a folder of its own.
  if (mode & 0o1000 && mode & 0o002) {
    throw new StoreFileError(
      folder,
      'shared-folder',
      `Cannot keep the database in ${folder}: that folder is shared with every user (like /tmp), and xerofix keeps its secret key and tokens beside the database. Give it a folder of its own, for example DATABASE_URL=sqlite:${join(folder, 'xerofix', 'xerofix.db')}, then start xerofix again.`,
    );
  }
  chmodOrRefuse(folder, FOLDER_MODE, 'make the data folder owner-only');
  log.warn('the data folder was open to other users; made it owner-only (0700)', {
    folder,
    was: octal(mode),
  });
}

function tightenFile(file: string, log: Logger): void {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile() || (stat.mode & 0o077) === 0) return;
  chmodOrRefuse(file, FILE_MODE, 'make a data file owner-only');
  log.warn('a data file was readable by other users; made it owner-only (0600)', {
    file,
    was: octal(stat.mode),
  });
}

function chmodOrRefuse(path: string, mode: number, action: string): void {
  try {
    chmodSync(path, mode);
  } catch (err) {
    const explained = explainFileError(err, { path, action });
    if (!(explained instanceof StoreFileError) || explained.problem !== 'no-permission') throw explained;
    // A volume mounted for a container is often owned by root and shared through its group:
    // a folder xerofix makes inside it is xerofix's own, and owner-only from the start.
    const instead =
      mode === FOLDER_MODE
        ? `, or point DATABASE_URL at a folder xerofix creates itself inside it (for example sqlite:${join(path, 'xerofix', 'xerofix.db')})`
        : '';
    throw new StoreFileError(
      path,
      'no-permission',
      `Cannot ${action} ${path}: it belongs to another user, so only they (or root) can change its permissions. Run xerofix as its owner, give it to the user running xerofix (chown)${instead}, then start xerofix again.`,
    );
  }
}

function createOwnerOnly(file: string): void {
  try {
    closeSync(openSync(file, 'wx', FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw explainFileError(err, { path: file, action: 'create the database file' });
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
