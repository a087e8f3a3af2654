/** One user-facing job of the `flarechat` CLI; each lives in cli/commands/<name>.ts and exports `command`. */
export interface Command {
  name: string;
  /** One line for `flarechat --help`. */
  summary: string;
  /** Full help text for `flarechat <name> --help`: usage, options, environment variables. */
  help: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Thrown for a user mistake (bad flag, missing path): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}
