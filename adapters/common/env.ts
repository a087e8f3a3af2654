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
