#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ so a cold start runs plain JavaScript.
import('../dist/src/cli/bin.js');
