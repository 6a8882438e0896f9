#!/usr/bin/env node
// Thin launcher: the CLI is compiled and bundled into dist/cli/ (scripts/bundle-cli.mjs), so a
// cold start runs a few plain JavaScript files.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (existsSync(entry)) {
  import(entry.href);
} else {
  // A fresh clone before its first build: say how to get one, not a module-resolution stack.
  process.stderr.write(
    'xerofix: the CLI is not built yet: run "npm install" or "npm run build" in the xerofix folder\n',
  );
  process.exitCode = 78;
}
