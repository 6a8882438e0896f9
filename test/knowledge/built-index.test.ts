import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeIndexSchema } from '../../src/core/knowledge-schema.js';
import { INDEX_FILE, readBuiltIndex, writeIndex } from '../../src/knowledge/built-index.js';
import { tinyIndex } from '../support/tiny-knowledge.js';

// The loader trusts the body of index.json once its checksum matches, without running it through
// zod again. These tests hold the two ends to that bargain: what the build writes already fits
// the schema exactly, and any change to the file after it was written is refused.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xerofix-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bodyOf = (path: string) => readFileSync(path, 'utf8').split('\n')[1] as string;

describe('the built index file', () => {
  it('holds a body that the index schema accepts unchanged, defaults included', () => {
    const index = tinyIndex();
    const path = writeIndex(dir, index);
    const body = JSON.parse(bodyOf(path));
    expect(knowledgeIndexSchema.parse(body)).toEqual(body);
  });

  it('reads back what was written while the sources are the same', () => {
    const index = tinyIndex();
    writeIndex(dir, index);
    expect(readBuiltIndex(dir, index.sourceHash)).toEqual({ ...index, examples: [] });
  });

  it('refuses a body changed after the build, naming the command that rebuilds it', () => {
    const index = tinyIndex();
    const path = writeIndex(dir, index);
    const text = readFileSync(path, 'utf8');
    // An entry's title edited by hand: still valid JSON of the right shape.
    const damaged = text.replace('"title":"', '"title":"Edited: ');
    expect(damaged).not.toBe(text);
    writeFileSync(path, damaged);
    expect(() => readBuiltIndex(dir, index.sourceHash)).toThrow(/corrupt.*checksum.*kb build/);
  });

  it('refuses an index written by an older xerofix (one line of JSON, no header)', () => {
    const index = tinyIndex();
    writeFileSync(join(dir, INDEX_FILE), `${JSON.stringify({ ...index, examples: [] })}\n`);
    expect(() => readBuiltIndex(dir, index.sourceHash)).toThrow(/another xerofix version.*kb build/);
  });

  it('refuses an index built from other source files', () => {
    writeIndex(dir, tinyIndex());
    expect(() => readBuiltIndex(dir, 'another-hash')).toThrow(/out of date.*kb build/);
  });

  it('refuses a truncated file as corrupt', () => {
    writeFileSync(join(dir, INDEX_FILE), '{"format":"xerofix-');
    expect(() => readBuiltIndex(dir, 'any')).toThrow(/corrupt.*kb build/);
  });
});
