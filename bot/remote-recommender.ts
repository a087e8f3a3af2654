import { Catalog, type Item } from '../model/catalog.js';
import type { RecommendQuery, RecommendResult } from '../model/recommendation.js';
import type { Recommender } from './recommender.js';

export interface RemoteRecommenderOptions {
  /** Bearer token the server was started with (FLARECHAT_SERVE_TOKEN there). */
  token?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a 503 or a connection error. */
  retries?: number;
  /** Longest wait honoured from a Retry-After header. */
  maxRetryAfterMs?: number;
}

export const REMOTE_DEFAULTS = { timeoutMs: 5_000, retries: 3, maxRetryAfterMs: 5_000 };

/**
 * The model server refused or failed a request (after the retries), or did not answer in time; or
 * FLARECHAT_MODEL_URL is not usable. `exitCode` is what the CLI exits with: 1 (runtime) for the server's failures,
 * 2 (a setting) for the URL.
 */
export class RemoteRecommenderError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly status?: number,
    readonly field?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

interface CatalogResponse {
  model: string;
  backend: string;
  maxK: number;
  items: Item[];
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function isConnectionError(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return error instanceof TypeError && CONNECTION_ERRORS.has(cause?.code ?? '');
}

/**
 * FLARECHAT_MODEL_URL checked before any request, in messages that never repeat it: it may hold a password, which
 * would not work anyway (fetch refuses URLs with credentials; the server takes a bearer token).
 */
function modelServerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw new RemoteRecommenderError('FLARECHAT_MODEL_URL is not a valid URL; expected http://host:port of `flarechat serve`', undefined, undefined, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RemoteRecommenderError(`FLARECHAT_MODEL_URL must start with http:// or https://, not ${url.protocol}//`, undefined, undefined, 2);
  if (url.username || url.password) throw new RemoteRecommenderError(`FLARECHAT_MODEL_URL holds a user name or password (server ${url.host}): remove them, and put the server's token in FLARECHAT_MODEL_TOKEN`, undefined, undefined, 2);
  return url;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Settings = Required<Omit<RemoteRecommenderOptions, 'token'>> & { token?: string };

/** JSON over HTTP to the model server, with the timeout and the bounded retries. */
class ServerConnection {
  constructor(
    readonly baseUrl: URL,
    private readonly settings: Settings,
  ) {}

  async call(path: string, init: RequestInit, timeoutMs = this.settings.timeoutMs): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    const headers = { ...(init.headers as Record<string, string>), ...(this.settings.token ? { Authorization: `Bearer ${this.settings.token}` } : {}) };
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.settings.retries;
      const backoffMs = 50 * 2 ** attempt;
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        if (canRetry && isConnectionError(error)) {
          await sleep(backoffMs);
          continue;
        }
        if ((error as Error).name === 'TimeoutError') throw new RemoteRecommenderError(`the model server at ${url.origin} did not answer ${init.method} /${path} within ${timeoutMs} ms`);
        throw new RemoteRecommenderError(`the model server at ${url.origin} cannot be reached: ${(error as Error).message} (${(error as { cause?: Error }).cause?.message ?? 'no detail'})`);
      }
      if (response.status === 503 && canRetry) {
        await response.body?.cancel();
        const seconds = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, this.settings.maxRetryAfterMs) : backoffMs);
        continue;
      }
      const text = await response.text();
      if (response.ok) return JSON.parse(text);
      let detail: { error?: string; field?: string } = {};
      try {
        detail = JSON.parse(text) as typeof detail;
      } catch {
        detail = { error: text.slice(0, 200) };
      }
      throw new RemoteRecommenderError(`the model server answered ${response.status} to ${init.method} /${path}: ${detail.error ?? response.statusText}`, response.status, detail.field);
    }
  }
}

/**
 * The bot's Recommender over the model server (adapters/model-server): the catalog is fetched once at open, every
 * recommendation is one POST. A 503 is retried after its Retry-After, a refused or reset connection after a short
 * backoff, both a bounded number of times; a timeout is not retried (the server may still be working on it).
 * The server caps k (1000 by default): asking for more returns the top `maxK`.
 */
export class RemoteRecommender implements Recommender {
  private constructor(
    private readonly server: ServerConnection,
    readonly catalog: Catalog,
    readonly description: string,
    readonly maxK: number,
  ) {}

  static async open(url: string, options: RemoteRecommenderOptions = {}): Promise<RemoteRecommender> {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const server = new ServerConnection(modelServerUrl(url), { ...REMOTE_DEFAULTS, ...given });
    // The catalog can be tens of MB: it gets a longer timeout than a recommendation.
    const catalog = (await server.call('v1/catalog', { method: 'GET' }, Math.max(REMOTE_DEFAULTS.timeoutMs, options.timeoutMs ?? 0, 60_000))) as CatalogResponse;
    return new RemoteRecommender(server, new Catalog(catalog.items), `${catalog.model} via ${server.baseUrl.origin}`, catalog.maxK);
  }

  async recommend(request: RecommendQuery): Promise<RecommendResult> {
    const body = { history: request.history, critique: request.critique, k: Math.max(1, Math.min(request.k, this.maxK, this.catalog.size)), exclude: request.exclude ?? [] };
    const answer = (await this.server.call('v1/recommend', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })) as RecommendResult;
    return { items: answer.items.map(({ index, score }) => ({ index, score })) };
  }

  async close(): Promise<void> {}
}
