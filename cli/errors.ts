import { join } from 'node:path';
import { redact, secretsFromEnv } from '../adapters/common/redact.js';
import { networkErrorCode } from '../adapters/common/unreachable.js';

/** The exit codes of every flarechat command (listed by `flarechat --help` and cli/README.md). */
export const EXIT = {
  ok: 0,
  /** Something failed while running (a crash, an unreachable service): the message says what. */
  runtime: 1,
  /** The command line or a setting is wrong (unknown command or flag, missing argument, bad variable). */
  usage: 2,
  /** A file or folder given to the command is missing, damaged or not what the command expects. */
  input: 3,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  runtime failure (a crash or an unreachable service; --debug prints the stack trace)
  2  usage: unknown command or flag, missing or extra argument, invalid setting (environment variable)
  3  input: a file or folder is missing, damaged or not what the command expects`;

/** A mistake on the command line (bad flag value, wrong arguments): exit code 2, printed with a pointer to --help. */
export class UsageError extends Error {}

/**
 * A file or folder the user gave is missing, damaged or of the wrong kind: exit code 3, printed as is (the message
 * names the file and what to do). Errors of model/, bot/ and training/ say the same with `userFacing = true`.
 */
export class InputError extends Error {
  readonly userFacing = true;
}

interface Failure {
  code: number;
  lines: string[];
  /** Worth a stack trace with --debug (an unexpected failure, not a message written for the user). */
  unexpected: boolean;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, expected a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

function firstLine(text: string, max = 300): string {
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return line.length > max ? line.slice(0, max) + '…' : line;
}

/** What a failure means to the user, and the exit code. */
export function describeFailure(error: unknown, command: string, env: NodeJS.ProcessEnv = process.env): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const help = `see \`flarechat ${command ? command + ' ' : ''}--help\``;
  if (error instanceof UsageError) return { code: EXIT.usage, lines: [message, help], unexpected: false };
  const name = (error as Error)?.constructor?.name;
  if (name === 'ConfigError') return { code: EXIT.usage, lines: message.split('\n'), unexpected: false };
  // The benchmarks (cli/bench/) parse their own few flags with node:util parseArgs.
  if (errorCode(error)?.startsWith('ERR_PARSE_ARGS')) return { code: EXIT.usage, lines: [message, help], unexpected: false };
  if (name === 'CommanderError') {
    // "error: unknown option '--epoch'\n(Did you mean --epochs?)" -> one line, then where to look.
    const text = message.replace(/^error: /, '').replace(/\n\(Did you mean (.+)\?\)/, ' (did you mean $1?)');
    return { code: EXIT.usage, lines: [text, help], unexpected: false };
  }
  // Written for the user: printed as is; exit 3 (input) unless the error says otherwise (UnreachableError: 1).
  if ((error as { userFacing?: boolean })?.userFacing) {
    const own = (error as { exitCode?: unknown }).exitCode;
    return { code: typeof own === 'number' ? own : EXIT.input, lines: message.split('\n'), unexpected: false };
  }
  const code = errorCode(error);
  const path = (error as { path?: unknown })?.path;
  if (code && code in FILE_ERRORS && typeof path === 'string') return { code: EXIT.input, lines: [`${path}: ${FILE_ERRORS[code]}`], unexpected: false };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    const store = join(env.FLARECHAT_DATA_DIR?.trim() || '.flarechat', 'sessions.sqlite');
    return {
      code: EXIT.input,
      lines: [`the history store ${store} is damaged (${message})`, 'move it aside to start with empty histories, or restore a backup'],
      unexpected: false,
    };
  }
  const network = networkErrorCode(error);
  if (network) {
    return { code: EXIT.runtime, lines: [`could not reach a service (${network}): ${firstLine(message)}`, 'check the network and the URL settings, then run again'], unexpected: false };
  }
  return { code: EXIT.runtime, lines: [`failed: ${firstLine(message)}`, 'run again with --debug for the details'], unexpected: true };
}

/**
 * The one error path of the CLI: what went wrong and what to do in one or two lines on stderr (the stack trace
 * only with --debug), never a secret. Returns the exit code.
 */
export function reportFailure(error: unknown, command: string, options: { debug: boolean; write?: (text: string) => void; env?: NodeJS.ProcessEnv }): number {
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const failure = describeFailure(error, command, env);
  const prefix = command ? `flarechat ${command}: ` : 'flarechat: ';
  const lines = failure.lines.map((line, i) => (i === 0 ? prefix + line : `  ${line}`));
  const clean = (text: string) => redact(text, secretsFromEnv(env));
  if (options.debug) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write(clean(stack) + '\n');
    const cause = (error as { cause?: unknown })?.cause;
    if (cause instanceof Error) write(clean(`caused by: ${cause.stack ?? cause.message}`) + '\n');
  }
  write(clean((options.debug ? lines.filter((l) => !l.includes('--debug')) : lines).join('\n')) + '\n');
  return failure.code;
}
