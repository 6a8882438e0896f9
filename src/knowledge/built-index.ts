import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { KnowledgeError } from './errors.js';
import { readKnowledgeFiles, sourceHash } from './source-files.js';

// The built index on disk (index.json): written atomically, and read only while it was built from
// exactly the files beside it. One-shot commands use it as is; it needs no YAML and no fitting.
//
// The file is one header line and the index as JSON. The header carries the format, the hash of
// the source files and a SHA-256 of the body. The body is not validated again on load: it is this
// program's own output, checked against knowledgeIndexSchema when it was built (a test keeps the
// two in step), and its checksum refuses a damaged or hand-edited copy. Parsing 600 KB through
// zod cost a cold `diagnose` about 25 ms; the checksum costs about 1 ms.

export const INDEX_FILE = 'index.json';
export const REBUILD = 'run "npx xerofix kb build"';
/** Bumped whenever the index's shape changes, so an index from another xerofix is rebuilt. */
export const INDEX_FORMAT = 'xerofix-index/2';

interface IndexHeader {
  readonly format: string;
  readonly sourceHash: string;
  readonly bodySha256: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Writes the index atomically: a crash mid-write leaves the previous index, never half of one.
 * The example pastes stay out of it: answering needs only the fitted model, and the checks and
 * the evaluation read the examples from their files.
 */
export function writeIndex(dir: string, index: KnowledgeIndex): string {
  const path = join(dir, INDEX_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  const body = JSON.stringify({ ...index, examples: [] });
  const header: IndexHeader = {
    format: INDEX_FORMAT,
    sourceHash: index.sourceHash,
    bodySha256: sha256(body),
  };
  writeFileSync(temporary, `${JSON.stringify(header)}\n${body}\n`);
  renameSync(temporary, path);
  return path;
}

/** The built index, refused when it is missing, corrupt or built from other files. */
export function loadIndex(dir: string): KnowledgeIndex {
  return readBuiltIndex(dir, sourceHash(readKnowledgeFiles(dir)));
}

export function readBuiltIndex(dir: string, current: string): KnowledgeIndex {
  const path = join(dir, INDEX_FILE);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new KnowledgeError(path, [`the knowledge base is not built yet: ${REBUILD}`]);
  }
  const refuse = (why: string) => new KnowledgeError(path, [`${why}: ${REBUILD}`]);
  const newline = raw.indexOf('\n');
  const header = parseHeader(newline < 0 ? raw : raw.slice(0, newline));
  if (!header) throw refuse('the built index is corrupt (no header line)');
  if (header.format !== INDEX_FORMAT) throw refuse('the built index is from another xerofix version');
  if (header.sourceHash !== current) throw refuse(`the built index is out of date with the files in ${dir}`);
  const body = raw.slice(newline + 1).trimEnd();
  if (sha256(body) !== header.bodySha256)
    throw refuse('the built index is corrupt (its checksum does not match)');
  return JSON.parse(body) as KnowledgeIndex;
}

function parseHeader(line: string): IndexHeader | undefined {
  try {
    const value = JSON.parse(line) as Partial<IndexHeader> | null;
    if (typeof value !== 'object' || value === null) return undefined;
    const { format, sourceHash: hash, bodySha256 } = value;
    if (typeof format !== 'string' || typeof hash !== 'string' || typeof bodySha256 !== 'string') {
      // A readable object without our header fields: an index written before headers existed.
      return { format: String(format ?? 'xerofix-index/1'), sourceHash: '', bodySha256: '' };
    }
    return { format, sourceHash: hash, bodySha256 };
  } catch {
    return undefined;
  }
}
