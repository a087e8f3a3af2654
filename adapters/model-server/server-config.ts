import { z } from 'zod';
import { ConfigError, wholeNumber, type EnvVariable } from '../common/env.js';
import { SERVER_DEFAULTS, type ModelServerOptions } from './model-server.js';

export const SERVER_ENV: readonly EnvVariable[] = [
  { name: 'FLARECHAT_BUNDLE', required: false, description: 'bundle folder to serve (default demo/bundle); with model.onnx it runs on onnxruntime' },
  { name: 'FLARECHAT_SERVE_TOKEN', required: false, secret: true, description: 'bearer token every route but /healthz requires (unset: no auth)' },
  { name: 'FLARECHAT_SERVE_PORT', required: false, description: 'port (default 8080)' },
  { name: 'FLARECHAT_SERVE_HOST', required: false, description: 'interface (default 127.0.0.1)' },
  { name: 'FLARECHAT_SERVE_BATCH_WINDOW_MS', required: false, description: `how long a request waits for others to batch with (default ${SERVER_DEFAULTS.batch.windowMs})` },
  { name: 'FLARECHAT_SERVE_MAX_BATCH', required: false, description: `requests per model run at most (default ${SERVER_DEFAULTS.batch.maxBatch})` },
  { name: 'FLARECHAT_SERVE_MAX_QUEUE', required: false, description: `waiting requests beyond which 503 + Retry-After (default ${SERVER_DEFAULTS.batch.maxQueue})` },
  { name: 'FLARECHAT_SERVE_MAX_BODY_BYTES', required: false, description: `larger request bodies get 413 (default ${SERVER_DEFAULTS.maxBodyBytes})` },
  { name: 'FLARECHAT_SERVE_MAX_K', required: false, description: `largest k a request may ask for (default ${SERVER_DEFAULTS.limits.maxK})` },
  { name: 'FLARECHAT_SERVE_SHUTDOWN_GRACE_MS', required: false, description: `on SIGINT/SIGTERM, how long requests in flight may finish before their connections are closed (default ${SERVER_DEFAULTS.shutdownGraceMs})` },
  { name: 'FLARECHAT_ORT_PROVIDER', required: false, description: 'force the onnxruntime provider: cuda | cpu (default: cuda when available, else cpu)' },
];

export interface ServerSettings {
  port: number;
  host: string;
  options: Omit<ModelServerOptions, 'model' | 'logger'>;
}

/** A number of at least `min` (whole when min >= 1); the message names the flag or the variable and the value given. */
function atLeast(name: string, min: number) {
  return min >= 1 ? wholeNumber(name, min) : z.string().refine((v) => Number.isFinite(Number(v)) && Number(v) >= min, { error: (issue) => `${name} must be a number >= ${min}, got '${String(issue.input)}'` }).transform(Number);
}

/** Server settings from flags (which win) and the environment, validated with zod; one error names every problem. */
export function serverSettings(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const pick = (flag: string | undefined, variable: string) => (flag && flags[flag] !== undefined ? { value: flags[flag], name: `--${flag}` } : { value: env[variable]?.trim() || undefined, name: variable });
  const sources = {
    port: pick('port', 'FLARECHAT_SERVE_PORT'),
    windowMs: pick('batch-window-ms', 'FLARECHAT_SERVE_BATCH_WINDOW_MS'),
    maxBatch: pick('max-batch', 'FLARECHAT_SERVE_MAX_BATCH'),
    maxQueue: pick('max-queue', 'FLARECHAT_SERVE_MAX_QUEUE'),
    maxBodyBytes: pick(undefined, 'FLARECHAT_SERVE_MAX_BODY_BYTES'),
    maxK: pick(undefined, 'FLARECHAT_SERVE_MAX_K'),
    shutdownGraceMs: pick(undefined, 'FLARECHAT_SERVE_SHUTDOWN_GRACE_MS'),
  };
  const schema = z.object({
    port: wholeNumber(sources.port.name, 0, 65535, 'a port number (0..65535)').optional(),
    windowMs: atLeast(sources.windowMs.name, 0).optional(),
    maxBatch: atLeast(sources.maxBatch.name, 1).optional(),
    maxQueue: atLeast(sources.maxQueue.name, 1).optional(),
    maxBodyBytes: atLeast(sources.maxBodyBytes.name, 1).optional(),
    maxK: atLeast(sources.maxK.name, 1).optional(),
    shutdownGraceMs: atLeast(sources.shutdownGraceMs.name, 0).optional(),
  });
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(sources).map(([key, { value }]) => [key, value])));
  if (!parsed.success) throw new ConfigError(`invalid server settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const v = parsed.data;
  return {
    port: v.port ?? 8080,
    host: pick('host', 'FLARECHAT_SERVE_HOST').value?.trim() || '127.0.0.1',
    options: {
      token: env.FLARECHAT_SERVE_TOKEN?.trim() || undefined,
      batch: { windowMs: v.windowMs ?? SERVER_DEFAULTS.batch.windowMs, maxBatch: v.maxBatch ?? SERVER_DEFAULTS.batch.maxBatch, maxQueue: v.maxQueue ?? SERVER_DEFAULTS.batch.maxQueue },
      maxBodyBytes: v.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes,
      limits: { maxK: v.maxK ?? SERVER_DEFAULTS.limits.maxK },
      shutdownGraceMs: v.shutdownGraceMs ?? SERVER_DEFAULTS.shutdownGraceMs,
    },
  };
}
