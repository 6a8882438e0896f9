import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file calls an atomic write needs; tests hand in one whose disk fills up. */
export type AtomicFileSystem = Pick<
  typeof nodeFs,
  | 'chmodSync'
  | 'closeSync'
  | 'existsSync'
  | 'fsyncSync'
  | 'linkSync'
  | 'mkdirSync'
  | 'openSync'
  | 'readFileSync'
  | 'renameSync'
  | 'statSync'
  | 'unlinkSync'
  | 'writeSync'
>;

export interface AtomicWriteOptions {
  /**
   * `keep`: if the file appeared meanwhile (another process starting at the same moment), keep
   * theirs and return false. `replace`: put this one in its place.
   */
  readonly existing: 'keep' | 'replace';
  readonly fs?: AtomicFileSystem;
}

/**
 * Writes `text` (mode 0600) under a temporary name in the same folder, flushes it to disk, then
 * gives it its real name in one step, so a crash or a full disk leaves either no file or a whole
 * one, never an empty or partial one. Returns false when `keep` found a file already there.
 */
export function writeFileAtomically(file: string, text: string, options: AtomicWriteOptions): boolean {
  const fs = options.fs ?? nodeFs;
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      const bytes = Buffer.from(text);
      // writeSync may write less than asked; a short write must not pass for the whole file.
      for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.existing === 'replace') fs.renameSync(temporary, file);
    else if (!linkWithoutReplacing(temporary, file, fs)) return false;
  } finally {
    removeQuietly(temporary, fs);
  }
  syncFolder(dirname(file), fs);
  return true;
}

/** rename() would replace a file another process just wrote; link() fails instead (EEXIST). */
function linkWithoutReplacing(temporary: string, file: string, fs: AtomicFileSystem): boolean {
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems (FAT, some network mounts) have no hard links: fall back to a rename,
    // which can lose that race only if the other process writes in the very same instant.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    if (fs.existsSync(file)) return false;
    fs.renameSync(temporary, file);
    return true;
  }
}

function removeQuietly(path: string, fs: AtomicFileSystem): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Already renamed away, or never created.
  }
}

/** Makes the new name itself durable; some systems cannot open a folder for this, which is fine. */
function syncFolder(folder: string, fs: AtomicFileSystem): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the file's bytes are already on disk.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
