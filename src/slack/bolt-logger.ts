import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../secrets/log.js';

/**
 * Bolt logs through ours, so its lines are JSON, redacted, and at our level. Bolt hands over
 * free-form arguments (sometimes whole request objects); only their text goes on, through the
 * redactor, never the objects themselves.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : ''))
      .filter(Boolean)
      .join(' ')
      .slice(0, 500);
  return {
    debug: (...args) => log.debug('slack', { detail: text(args) }),
    info: (...args) => log.info('slack', { detail: text(args) }),
    warn: (...args) => log.warn('slack', { detail: text(args) }),
    error: (...args) => log.error('slack', { detail: text(args) }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
