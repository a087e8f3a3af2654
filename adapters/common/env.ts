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

/**
 * Reads the named variables; every missing required one is named in a single error, so a user fixes them all at
 * once. Returns the values found (absent optional ones are left out).
 */
export function readEnv(variables: readonly EnvVariable[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const missing = variables.filter((v) => v.required && !(env[v.name] ?? '').trim());
  if (missing.length) {
    throw new ConfigError(`missing configuration: ${missing.map((v) => `${v.name} (${v.description})`).join('; ')}. See .env.example.`);
  }
  const out: Record<string, string> = {};
  for (const v of variables) {
    const value = (env[v.name] ?? '').trim();
    if (value) out[v.name] = value;
  }
  return out;
}

/** The help block listing variables, for `flarechat <command> --help`. */
export function envHelp(variables: readonly EnvVariable[]): string {
  const width = Math.max(...variables.map((v) => v.name.length));
  return variables.map((v) => `  ${v.name.padEnd(width)}  ${v.required ? '(required) ' : ''}${v.description}`).join('\n');
}

/** The variables every bot command (chat, slack, discord, bots) reads besides its platform's and the model's. */
export const BOT_COMMON_ENV: readonly EnvVariable[] = [
  { name: 'FLARECHAT_BUNDLE', required: false, description: 'model bundle folder (default demo/bundle)' },
  { name: 'FLARECHAT_DATA_DIR', required: false, description: 'folder of the history store (default ./.flarechat); histories live in sessions.sqlite' },
  { name: 'FLARECHAT_DATABASE_URL', required: false, description: 'postgres://... to share histories between bot processes (instead of SQLite)', secret: true },
  { name: 'FLARECHAT_HISTORY_CAP', required: false, description: 'items kept per history, oldest trimmed first (default 200)' },
  { name: 'FLARECHAT_LOG_LEVEL', required: false, description: 'debug | info | warn | error (default info); logs are JSON lines on stderr' },
];
