import { isAbsolute, join } from 'node:path';
import { type Config, loadConfig } from '../config.js';
import { createMatcher, type Matcher } from '../core/match.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { loadIndex } from '../knowledge/load.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

/** The knowledge folder the settings point at, resolved against the working directory. */
export function knowledgeDir(io: CliIo, config: Config = loadConfig(io.env)): string {
  const dir = config.KNOWLEDGE_DIR;
  return isAbsolute(dir) ? dir : join(io.cwd, dir);
}

export function loadMatcher(io: CliIo): Matcher {
  const config = loadConfig(io.env);
  try {
    return createMatcher(loadIndex(knowledgeDir(io, config)), {
      minConfidence: config.XEROFIX_MIN_CONFIDENCE,
    });
  } catch (err) {
    if (err instanceof KnowledgeError)
      throw new CliError(
        err.message.includes('kb build')
          ? `knowledge base not ready: ${err.message}`
          : `knowledge base is broken: ${err.message} (run "xerofix kb lint")`,
        78,
      );
    throw err;
  }
}
