import { ConfigError, type EnvVariable } from '../common/env.js';
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

function number(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (min >= 1 && !Number.isInteger(n))) throw new ConfigError(`${name} must be a number >= ${min}, got '${value}'`);
  return n;
}

/** Server settings from flags (which win) and the environment, validated with the offending name in the error. */
export function serverSettings(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const pick = (flag: string, variable: string) => (flags[flag] !== undefined ? [flags[flag], `--${flag}`] : [env[variable], variable]) as [string | undefined, string];
  const read = (flag: string, variable: string, min: number) => number(...pick(flag, variable), min);
  const port = read('port', 'FLARECHAT_SERVE_PORT', 0) ?? 8080;
  if (!Number.isInteger(port) || port > 65535) throw new ConfigError(`the port must be a whole number in 0..65535, got ${port}`);
  const batch = {
    windowMs: read('batch-window-ms', 'FLARECHAT_SERVE_BATCH_WINDOW_MS', 0) ?? SERVER_DEFAULTS.batch.windowMs,
    maxBatch: read('max-batch', 'FLARECHAT_SERVE_MAX_BATCH', 1) ?? SERVER_DEFAULTS.batch.maxBatch,
    maxQueue: read('max-queue', 'FLARECHAT_SERVE_MAX_QUEUE', 1) ?? SERVER_DEFAULTS.batch.maxQueue,
  };
  return {
    port,
    host: pick('host', 'FLARECHAT_SERVE_HOST')[0]?.trim() || '127.0.0.1',
    options: {
      token: env.FLARECHAT_SERVE_TOKEN?.trim() || undefined,
      batch,
      maxBodyBytes: number(env.FLARECHAT_SERVE_MAX_BODY_BYTES, 'FLARECHAT_SERVE_MAX_BODY_BYTES', 1) ?? SERVER_DEFAULTS.maxBodyBytes,
      limits: { maxK: number(env.FLARECHAT_SERVE_MAX_K, 'FLARECHAT_SERVE_MAX_K', 1) ?? SERVER_DEFAULTS.limits.maxK },
      shutdownGraceMs: number(env.FLARECHAT_SERVE_SHUTDOWN_GRACE_MS, 'FLARECHAT_SERVE_SHUTDOWN_GRACE_MS', 0) ?? SERVER_DEFAULTS.shutdownGraceMs,
    },
  };
}
