import { inspect } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../common/logger.js';

function flatten(parts: unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? `${p.name}: ${p.message}` : inspect(p, { depth: 3, breakLength: Infinity }))).join(' ');
}

/**
 * Bolt, its WebClient and the Socket Mode client log through this, so their lines are JSON like ours and pass the
 * same secret redaction. The level is our logger's (FLARECHAT_LOG_LEVEL): Bolt sets INFO on any logger it is
 * given, which would hide its debug lines even when asked for, so setLevel is ignored.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let name = 'slack';
  const emit = (at: LogLevel, parts: unknown[]) => logger[at]({ source: name }, flatten(parts));
  return {
    debug: (...parts) => emit(LogLevel.DEBUG, parts),
    info: (...parts) => emit(LogLevel.INFO, parts),
    warn: (...parts) => emit(LogLevel.WARN, parts),
    error: (...parts) => emit(LogLevel.ERROR, parts),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: (next) => {
      name = next;
    },
  };
}
