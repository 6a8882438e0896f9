import { type Config, loadConfig } from '../config.js';
import { createMatcher, type Matcher } from '../core/match.js';
import { loadIndex } from '../knowledge/built-index.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { knowledgeDirOf } from '../knowledge/source-files.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

/** The knowledge folder the settings point at, resolved against the working directory. */
export function knowledgeDir(io: CliIo, config: Config = loadConfig(io.env)): string {
  return knowledgeDirOf(config.knowledge.dir, io.cwd);
}

/**
 * The matcher for a one-shot command. A stale index is refused with the command that rebuilds
 * it rather than rebuilt here: a build takes seconds, and a paste answered from an index the
 * operator has not built (and linted) would hide that the knowledge changed.
 */
export function loadMatcher(io: CliIo): Matcher {
  const config = loadConfig(io.env);
  try {
    return createMatcher(loadIndex(knowledgeDir(io, config)), {
      minConfidence: config.knowledge.minConfidence,
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
