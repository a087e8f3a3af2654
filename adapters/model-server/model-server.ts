import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddItemsError } from '../../model/add-items.js';
import { addItemsOffThread } from './add-items-thread.js';
import { loadBundle, type LoadedModel, type RecommendQuery, type RecommendResult } from '../../model/recommend.js';
import { createLogger, type Logger } from '../common/logger.js';
import { hasBearerToken } from './bearer-auth.js';
import { HttpError } from './http-error.js';
import { MicroBatcher, QueueFullError, type MicroBatcherOptions } from './micro-batcher.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { readJsonBody } from './read-json-body.js';
import { parseItemsRequest } from './items-request.js';
import { parseRecommendRequest, type RequestLimits } from './recommend-request.js';

export interface ModelServerOptions {
  model: LoadedModel;
  /**
   * The bundle folder `model` was loaded from, when POST /v1/items may add items to it (written on disk, then the
   * model swapped in); absent = the route answers 403 (e.g. the shipped demo bundle, which stays read-only).
   */
  itemsBundle?: string;
  /** When set, every route but /healthz needs `Authorization: Bearer <token>`. */
  token?: string;
  maxBodyBytes?: number;
  batch?: Partial<MicroBatcherOptions>;
  limits?: Partial<RequestLimits>;
  /** Seconds a client is told to wait after a 503. */
  retryAfterSeconds?: number;
  /** How long a shutdown waits for requests in flight before it closes their connections. */
  shutdownGraceMs?: number;
  logger?: Logger;
}

export const SERVER_DEFAULTS = {
  maxBodyBytes: 1_000_000,
  batch: { windowMs: 2, maxBatch: 64, maxQueue: 512 } satisfies MicroBatcherOptions,
  limits: { maxK: 1000, maxCritiqueChars: 500, maxItems: 10_000 } satisfies RequestLimits,
  retryAfterSeconds: 1,
  shutdownGraceMs: 10_000,
};

const ROUTES: Record<string, string> = { '/v1/recommend': 'POST', '/v1/items': 'POST', '/v1/catalog': 'GET', '/healthz': 'GET', '/metrics': 'GET' };

/**
 * The model server's HTTP API (JSON): POST /v1/recommend, GET /v1/catalog, GET /healthz, GET /metrics (Prometheus).
 * Concurrent recommendations are micro-batched into one model run; a full queue answers 503 with Retry-After.
 */
export class ModelServer {
  readonly http: Server;
  private readonly batcher: MicroBatcher<RecommendQuery, RecommendResult>;
  readonly metrics: ServerMetrics = createServerMetrics(() => this.batcher.depth);
  private readonly maxBodyBytes: number;
  private readonly limits: RequestLimits;
  private readonly retryAfter: string;
  private readonly log: Logger;
  private catalogBody: Buffer | undefined;
  private inFlight = 0;
  private draining = false;
  /** The model answering now; POST /v1/items replaces it (the old one is disposed when its last model run ends). */
  private model: LoadedModel;
  private readonly runsOf = new Map<LoadedModel, number>();
  private readonly retired = new Set<LoadedModel>();
  /** Additions one at a time: each reads the bundle the previous one wrote. */
  private adding: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ModelServerOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes;
    this.limits = { ...SERVER_DEFAULTS.limits, ...options.limits };
    this.retryAfter = String(options.retryAfterSeconds ?? SERVER_DEFAULTS.retryAfterSeconds);
    this.log = options.logger ?? createLogger({ secrets: options.token ? [options.token] : [] });
    this.model = options.model;
    this.batcher = new MicroBatcher((queries) => this.runBatch(queries), { ...SERVER_DEFAULTS.batch, ...options.batch }, (size, ms) => {
      this.metrics.modelRuns.inc();
      this.metrics.batchSizes.observe(size);
      this.metrics.runSeconds.observe(ms / 1000);
    });
    this.http = createServer((req, res) => void this.handle(req, res));
    // Expect: 100-continue: tell an oversized upload 413 before it sends anything.
    this.http.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      if (!(Number(req.headers['content-length']) > this.maxBodyBytes)) res.writeContinue();
      void this.handle(req, res);
    });
    this.http.headersTimeout = 10_000;
    this.http.requestTimeout = 30_000;
    this.http.keepAliveTimeout = 5_000;
  }

  /** Requests received and not yet answered (waiting, in a model run, or being read). */
  get activeRequests(): number {
    return this.inFlight;
  }

  get description(): string {
    return this.model.describe();
  }

  /** The model in use now (after POST /v1/items, the one with the added items). */
  get currentModel(): LoadedModel {
    return this.model;
  }

  /** One micro-batch on the current model, which a swap may not dispose while the run uses it. */
  private async runBatch(queries: RecommendQuery[]): Promise<RecommendResult[]> {
    const model = this.model;
    this.runsOf.set(model, (this.runsOf.get(model) ?? 0) + 1);
    try {
      return await model.recommendBatch(queries);
    } finally {
      const left = this.runsOf.get(model)! - 1;
      if (left > 0) this.runsOf.set(model, left);
      else {
        this.runsOf.delete(model);
        if (this.retired.delete(model)) model.dispose();
      }
    }
  }

  /** Makes `next` answer from the next model run on; the old model goes when no run uses it any more. */
  private swapModel(next: LoadedModel): void {
    const old = this.model;
    this.model = next;
    this.catalogBody = undefined;
    if (this.runsOf.has(old)) this.retired.add(old);
    else old.dispose();
  }

  /** Listens and returns the base URL (port 0 picks a free port). */
  listen(port: number, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        const address = this.http.address() as AddressInfo;
        resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
      });
    });
  }

  /**
   * Graceful stop, bounded: refuse new connections and requests, answer the requests already received for up to
   * `graceMs`, then close every connection left (a client that never finishes its body holds none of this up:
   * http.close() also stops the server's request timeout, so without the deadline it would wait forever).
   * Resolves with how many requests were cut off at the deadline.
   */
  async close(graceMs = this.options.shutdownGraceMs ?? SERVER_DEFAULTS.shutdownGraceMs): Promise<number> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), graceMs)));
    const answered = (async () => {
      await this.batcher.drain();
      while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      return 'answered' as const;
    })();
    const outcome = await Promise.race([answered, deadline]);
    const cutOff = outcome === 'deadline' ? this.inFlight : 0;
    if (outcome === 'deadline') {
      this.log.warn({ requests: cutOff, graceMs }, 'shutdown deadline reached: closing connections with requests still in flight');
      this.http.closeAllConnections();
    } else {
      // Answers may still be leaving their sockets: close the idle ones, the rest once the deadline comes.
      this.http.closeIdleConnections();
      void deadline.then(() => this.http.closeAllConnections());
    }
    await closed;
    clearTimeout(timer);
    return cutOff;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const route = path in ROUTES ? path : 'other';
    this.inFlight++;
    res.on('finish', () => {
      this.metrics.requests.inc({ route, code: String(res.statusCode) });
      if (res.statusCode >= 400) this.metrics.errors.inc({ code: String(res.statusCode) });
      if (route === '/v1/recommend') this.metrics.latency.observe((performance.now() - started) / 1000);
    });
    try {
      if (this.draining) throw new HttpError(503, 'the server is shutting down', undefined, { 'Retry-After': this.retryAfter, Connection: 'close' });
      // Authentication first: without the token a caller learns nothing, not even which routes exist.
      if (this.options.token && route !== '/healthz' && !hasBearerToken(req.headers, this.options.token)) {
        throw new HttpError(401, 'missing or wrong bearer token (Authorization: Bearer <FLARECHAT_SERVE_TOKEN>)', 'authorization', { 'WWW-Authenticate': 'Bearer' });
      }
      if (route === 'other') throw new HttpError(404, `no route ${req.method} ${path.slice(0, 100)}; routes: ${Object.entries(ROUTES).map(([p, m]) => `${m} ${p}`).join(', ')}`, 'path');
      if (req.method !== ROUTES[route]) throw new HttpError(405, `${route} accepts ${ROUTES[route]} only`, 'method', { Allow: ROUTES[route]! });
      if (route === '/healthz') return this.sendJson(res, 200, { status: 'ok', model: this.description, backend: this.model.backend.name, items: this.model.catalog.size });
      if (route === '/metrics') return this.send(res, 200, this.metrics.registry.contentType, await this.metrics.registry.metrics());
      if (route === '/v1/catalog') return this.send(res, 200, 'application/json', this.catalogJson());
      if (route === '/v1/items') return await this.addItems(req, res);
      await this.recommend(req, res);
    } catch (error) {
      this.sendError(req, res, error);
    } finally {
      this.inFlight--;
    }
  }

  /**
   * POST /v1/items: the items added to the bundle on disk (model/add-items.ts, as `flarechat add-items`), then the
   * bundle loaded again and swapped in; requests keep being answered by the old model meanwhile. Answered once the
   * new model answers, so an item is recommendable right after the 200.
   */
  private async addItems(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const dir = this.options.itemsBundle;
    if (!dir) throw new HttpError(403, 'this server does not add items to its bundle (the shipped demo bundle is read-only): serve a copy with --bundle <dir>', 'path');
    const items = parseItemsRequest(await readJsonBody(req, this.maxBodyBytes), this.limits.maxItems);
    const run = this.adding.then(async () => {
      const result = await addItemsOffThread(dir, items);
      if (result.added > 0) this.swapModel(await loadBundle(dir));
      return result;
    });
    this.adding = run.catch(() => undefined);
    let result: Awaited<typeof run>;
    try {
      result = await run;
    } catch (error) {
      if (error instanceof AddItemsError) throw new HttpError(400, error.message, 'items');
      throw error;
    }
    this.log.info({ added: result.added, alreadyPresent: result.alreadyPresent, items: result.numItems, seconds: result.seconds }, 'items added');
    this.sendJson(res, 200, { added: result.added, alreadyPresent: result.alreadyPresent, items: result.numItems, idSource: result.idSource, outputScoring: result.outputScoring, model: this.description });
  }

  private async recommend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const model = this.model;
    const query = parseRecommendRequest(await readJsonBody(req, this.maxBodyBytes), model.catalog, this.limits);
    let result: RecommendResult;
    try {
      result = await this.batcher.submit(query);
    } catch (error) {
      if (error instanceof QueueFullError) throw new HttpError(503, `overloaded: ${error.message}; retry later`, undefined, { 'Retry-After': this.retryAfter });
      throw error;
    }
    // The catalog only grows (items are appended), so the current one names every index a run returned.
    const catalog = this.model.catalog;
    const items = result.items.map(({ index, score }) => {
      const item = catalog.item(index);
      return { index, id: item.id, title: item.title, score };
    });
    this.sendJson(res, 200, { items, model: this.description, backend: this.model.backend.name });
  }

  private catalogJson(): Buffer {
    const model = this.model;
    this.catalogBody ??= Buffer.from(JSON.stringify({ model: this.description, backend: model.backend.name, maxK: this.limits.maxK, items: model.catalog.items }));
    return this.catalogBody;
  }

  private sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (res.headersSent) return void res.destroy();
    if (!(error instanceof HttpError)) {
      this.log.error({ url: req.url, error }, 'request failed');
      return this.sendJson(res, 500, { error: 'internal error; see the server log' });
    }
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    if (error.status === 413) {
      // Do not read (or buffer) the rest of an oversized upload: answer, then drop the connection.
      res.setHeader('Connection', 'close');
      res.on('finish', () => {
        if (!req.complete) req.socket.destroy();
      });
    }
    this.sendJson(res, error.status, { error: error.message, ...(error.field ? { field: error.field } : {}) });
  }

  private sendJson(res: ServerResponse, status: number, body: unknown): void {
    this.send(res, status, 'application/json', JSON.stringify(body));
  }

  private send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }
}
