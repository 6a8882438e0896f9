import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger, LogLevel as OurLevel } from '../runtime/logger.js';

const RANK: Record<OurLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Bolt logs through ours, so its lines are JSON, redacted, and at our level. Bolt hands over
 * free-form arguments (sometimes whole request objects); only their text goes on, through the
 * redactor, never the objects themselves. Bolt logs several debug lines per request, so
 * anything below our level is dropped before it is formatted.
 */
export function boltLogger(log: Logger, level: OurLevel): BoltLogger {
  let boltLevel = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : ''))
      .filter(Boolean)
      .join(' ')
      .slice(0, 500);
  const at = (l: Exclude<OurLevel, 'silent'>) =>
    RANK[l] < RANK[level] ? () => {} : (...args: unknown[]) => log[l]('slack', { detail: text(args) });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l) => {
      boltLevel = l;
    },
    getLevel: () => boltLevel,
    setName: () => {},
  };
}
