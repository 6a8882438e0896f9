import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The CLI runs from src/ (tests, tsx) and from dist/src/ (the bin): files that ship beside the
// code (package.json, slack/) are found by walking up to the package, not by a fixed ../../..

let root: string | undefined;

/** The folder holding xerofix's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      root = dir;
      return dir;
    }
  }
  throw new Error('cannot find the xerofix package folder (no package.json above the CLI)');
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '';
}
