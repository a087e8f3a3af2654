export interface MicroBatcherOptions {
  /** How long the first request of a batch waits for company before the batch runs. */
  windowMs: number;
  /** Requests in one model run at most. */
  maxBatch: number;
  /** Requests waiting (not counting the batch being run) beyond which new ones are refused. */
  maxQueue: number;
}

export class QueueFullError extends Error {}

interface Waiting<Q, R> {
  query: Q;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Collects concurrent requests into one model run: a batch runs when `maxBatch` requests wait or `windowMs` after its
 * first one, and one run at a time (the model already uses every core). Requests that arrive during a run form the next batch.
 */
export class MicroBatcher<Q, R> {
  private readonly waiting: Waiting<Q, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly runBatch: (queries: Q[]) => Promise<R[]>,
    private readonly options: MicroBatcherOptions,
    private readonly onBatch: (size: number, ms: number) => void = () => {},
  ) {}

  get depth(): number {
    return this.waiting.length;
  }

  submit(query: Q): Promise<R> {
    if (this.waiting.length >= this.options.maxQueue) return Promise.reject(new QueueFullError(`the queue is full (${this.options.maxQueue} requests waiting)`));
    const result = new Promise<R>((resolve, reject) => this.waiting.push({ query, resolve, reject }));
    this.schedule();
    return result;
  }

  /** Resolves once every request submitted so far has been answered. */
  async drain(): Promise<void> {
    while (this.running || this.waiting.length) {
      if (!this.running) this.flush();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running) return;
    if (this.waiting.length >= this.options.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.running = this.run(batch).finally(() => {
      this.running = undefined;
      // Let the sockets be read first: requests that arrived during the run join the next batch.
      if (this.waiting.length) setImmediate(() => this.flush());
    });
  }

  private async run(batch: Waiting<Q, R>[]): Promise<void> {
    const started = performance.now();
    try {
      const results = await this.runBatch(batch.map((w) => w.query));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      batch.forEach((w) => w.reject(error));
    } finally {
      this.onBatch(batch.length, performance.now() - started);
    }
  }
}
