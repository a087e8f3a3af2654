import { z } from 'zod';

/** Environment configuration for the adapters, validated once at start-up. */
export class ConfigError extends Error {
  readonly userFacing = true;
}

export interface EnvVariable {
  name: string;
  required: boolean;
  /** One line for --help and the error message. */
  description: string;
  secret?: boolean;
}

/** The help block listing variables, for `flarechat <command> --help`. */
export function envHelp(variables: readonly EnvVariable[]): string {
  const width = Math.max(...variables.map((v) => v.name.length));
  return variables.map((v) => `  ${v.name.padEnd(width)}  ${v.required ? '(required) ' : ''}${v.description}`).join('\n');
}

/** A whole number in [min, max] given as text; the message names the variable (or flag) and the value given. */
export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER, what = `a whole number >= ${min}`) {
  return z.string().refine((v) => Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max, { error: (issue) => `${name} must be ${what}, got '${String(issue.input)}'` }).transform(Number);
}

/**
 * Validates the variables of `env` named in `shape` (a zod schema per variable; blank values count as unset) and
 * returns the parsed values. Every problem is named in one ConfigError, so one edit of the environment fixes them
 * all: the missing required variables with what each is for, then the invalid values (the schemas' messages name
 * the variable and never echo a secret), then where to read more.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  variables: readonly EnvVariable[],
  env: NodeJS.ProcessEnv,
  context: { what: string; docs: string },
): z.output<z.ZodObject<Shape>> {
  const values: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) values[name] = env[name]?.trim() || undefined;
  const parsed = z.object(shape).safeParse(values);
  if (parsed.success) return parsed.data;
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0]);
    if (values[name] === undefined) {
      const description = variables.find((v) => v.name === name)?.description;
      missing.push(description ? `${name} (${description})` : name);
    } else invalid.push(issue.message);
  }
  const parts = [];
  if (missing.length) parts.push(`missing configuration: ${missing.join('; ')}.`);
  if (invalid.length) parts.push(`invalid ${context.what} configuration: ${invalid.join('; ')}.`);
  throw new ConfigError(`${parts.join(' ')} See ${context.docs}.`);
}

/** The variables every bot command (chat, slack, discord, bots) reads besides its platform's and the model's. */
export const BOT_COMMON_ENV: readonly EnvVariable[] = [
  { name: 'FLARECHAT_BUNDLE', required: false, description: 'model bundle folder (default demo/bundle)' },
  { name: 'FLARECHAT_DATA_DIR', required: false, description: 'folder of the history store (default ./.flarechat); histories live in sessions.sqlite' },
  { name: 'FLARECHAT_DATABASE_URL', required: false, description: 'postgres://... to share histories between bot processes (instead of SQLite)', secret: true },
  { name: 'FLARECHAT_HISTORY_CAP', required: false, description: 'items kept per history, oldest trimmed first (default 200)' },
  { name: 'FLARECHAT_LOG_LEVEL', required: false, description: 'debug | info | warn | error (default info); logs are JSON lines on stderr' },
  { name: 'FLARECHAT_SHUTDOWN_GRACE_MS', required: false, description: 'on SIGINT/SIGTERM, how long turns and requests in flight may finish before connections are closed (default 10000)' },
];
