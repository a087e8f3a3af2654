import { join } from 'node:path';
import { InProcessRecommender } from './in-process-recommender.js';
import type { Recommender } from './recommender.js';
import { REMOTE_DEFAULTS, RemoteRecommender } from './remote-recommender.js';

export const DEMO_BUNDLE = join(import.meta.dirname, '..', 'demo', 'bundle');

/** The variables `openRecommender` reads, for the --help of the commands that call it. */
export const RECOMMENDER_ENV = [
  { name: 'FLARECHAT_MODEL_URL', required: false, description: 'model server to ask (http://host:port of `flarechat serve`); unset: the bundle runs in this process' },
  { name: 'FLARECHAT_MODEL_TOKEN', required: false, secret: true, description: "bearer token for the model server (its FLARECHAT_SERVE_TOKEN)" },
  { name: 'FLARECHAT_MODEL_TIMEOUT_MS', required: false, description: `per-request timeout for the model server (default ${REMOTE_DEFAULTS.timeoutMs})` },
] as const;

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got '${raw}'`);
  return value;
}

/**
 * FLARECHAT_MODEL_URL (http://host:port of `flarechat serve`) selects the model server, with FLARECHAT_MODEL_TOKEN
 * and FLARECHAT_MODEL_TIMEOUT_MS; otherwise the bundle (`bundle`, else FLARECHAT_BUNDLE, else the demo) runs in process.
 */
export async function openRecommender(env: NodeJS.ProcessEnv = process.env, options: { bundle?: string } = {}): Promise<Recommender> {
  const url = env.FLARECHAT_MODEL_URL?.trim();
  if (url) return RemoteRecommender.open(url, { token: env.FLARECHAT_MODEL_TOKEN?.trim() || undefined, timeoutMs: positiveInteger(env, 'FLARECHAT_MODEL_TIMEOUT_MS') });
  return InProcessRecommender.open(options.bundle ?? (env.FLARECHAT_BUNDLE?.trim() || DEMO_BUNDLE));
}
