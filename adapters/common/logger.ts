import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import { redact, redactFields, secretsFromEnv } from './redact.js';

/** pino, configured: JSON lines on stderr ({time, level, message, ...fields}) with every secret redacted. */
export type Logger = PinoLogger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LoggerOptions {
  /** Default: FLARECHAT_LOG_LEVEL, else info. */
  level?: LogLevel | LevelWithSilent;
  /** Exact secret values (the configured tokens) that must never appear, whatever their shape. */
  secrets?: readonly string[];
  /** Where each line goes (default: stderr); for tests. */
  write?: (line: string) => void;
}

/**
 * Redaction keeps the rules of the logger this replaced: fields named like a secret (token, secret, password,
 * authorization, signature) at any depth, token shapes (Slack, Discord, Bearer/Bot headers), URL passwords, and the
 * configured secret values (the ones given and every *TOKEN/SECRET/PASSWORD variable of the environment), in the
 * message as well as the fields. pino's own `redact` only knows fixed paths, so the fields are redacted by a
 * formatter and the finished line by the destination.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? []), ...secretsFromEnv()];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const fromEnv = process.env.FLARECHAT_LOG_LEVEL?.trim().toLowerCase() as LogLevel | undefined;
  const level = options.level ?? (fromEnv && LOG_LEVELS.includes(fromEnv) ? fromEnv : 'info');
  return pino(
    {
      level,
      messageKey: 'message',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactFields(bindings) as Record<string, unknown>,
        log: (fields) => redactFields(fields) as Record<string, unknown>,
      },
    },
    { write: (line: string) => write(redact(line.endsWith('\n') ? line.slice(0, -1) : line, secrets)) },
  );
}
