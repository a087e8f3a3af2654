/**
 * What must never reach a log line or the terminal: tokens and passwords. One definition, used by the logger
 * (adapters/common/logger.ts) and by the CLI's error path (cli/errors.ts).
 */

/** Token shapes of Slack (xoxb-, xapp-, xoxp-), Discord bot tokens and bearer headers. */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g,
  /(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** The password of a URL such as postgres://user:password@host/db or https://user:password@host/. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):([^\s/?#@]+)@/gi;

/** Field names whose values are secrets, at any depth of a logged object. */
export const SECRET_KEYS = /token|secret|password|authorization|signature/i;

export const REDACTED = '[redacted]';

/** Variables whose value is a secret by name (SLACK_BOT_TOKEN, DISCORD_TOKEN, FLARECHAT_SERVE_TOKEN, ...). */
const SECRET_VARIABLE = /TOKEN|SECRET|PASSWORD/i;

/** The secret values configured in the environment, so they are redacted whatever their shape. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_VARIABLE.test(name) && value !== undefined && value.trim().length >= 4)
    .map(([, value]) => value!.trim());
}

/** Replaces known secret values, token shapes and URL passwords in a text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  for (const p of SECRET_PATTERNS) out = out.replace(p, (m) => (/^(bearer|bot)\s/i.test(m) ? `${m.split(/\s+/)[0]} ${REDACTED}` : REDACTED));
  return out.replace(URL_PASSWORD, `$1:${REDACTED}@`);
}

/** A copy of a logged value with every field named like a secret replaced (errors keep their name and message). */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? REDACTED : redactFields(v, depth + 1)]));
}
