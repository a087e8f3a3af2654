import { InvalidArgumentError, type Command } from 'commander';

export { InputError, UsageError } from './errors.js';

/**
 * One user-facing job of the `flarechat` CLI: cli/commands/<name>.ts exports `command`, and cli/commands/index.ts
 * names it with its one-line summary (so `flarechat --help` imports no command module).
 */
export interface CliCommand<Options = Record<string, any>> {
  /** Declares the arguments, options and help text of `flarechat <name>` on its commander command. */
  define(command: Command): void;
  /**
   * Runs with the parsed options (camelCase keys) and the declared arguments in order (a variadic last argument is
   * an array). Returns the process exit code.
   */
  run(options: Options, args: any[]): Promise<number>;
}

/** An option value that must be a number (at least `min`, and whole if `integer`): a clear usage error otherwise. */
export function numberArg(options: { min?: number; integer?: boolean } = {}): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const ok = value.trim() !== '' && Number.isFinite(n) && (!options.integer || Number.isInteger(n)) && (options.min === undefined || n >= options.min);
    if (!ok) {
      const kind = options.integer ? 'a whole number' : 'a number';
      throw new InvalidArgumentError(`expected ${kind}${options.min !== undefined ? ` >= ${options.min}` : ''}.`);
    }
    return n;
  };
}

/** An option value that must be one of `choices` (commander's .choices() does the same for plain strings). */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}.`);
    return value as T;
  };
}
