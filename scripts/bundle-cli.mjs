// Bundles the compiled CLI (dist/src/cli/bin.js) into dist/cli/ for a fast cold start.
//
// Why: a one-shot `xerofix diagnose` spent more time finding, reading and linking ~250 small ES
// modules (zod alone is about 100) than answering. One bundle with code-split chunks for the
// commands each load on demand (`serve`, `kb build` …) cuts that to a handful of files.
//
// Only the pure-JavaScript packages on the one-shot path are bundled. Everything else stays a
// plain import from node_modules: better-sqlite3 is native, pino starts worker threads from its
// own files, and xero-node must share the axios copy in its own folder (src/xero/routing.ts).

import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED = new Set(['zod', 'commander', 'fuse.js']);

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

// Chunk names carry content hashes: without a clean folder, every build would leave the last ones.
rmSync('dist/cli', { recursive: true, force: true });

await build({
  entryPoints: ['dist/src/cli/bin.js'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
  // commander is CommonJS: its require() calls of Node's own modules need a real require in ESM.
  banner: {
    js: "import { createRequire as __xerofixRequire } from 'node:module';\nconst require = __xerofixRequire(import.meta.url);",
  },
});
