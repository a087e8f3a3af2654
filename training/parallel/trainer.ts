import { Worker } from 'node:worker_threads';
import { vocabularySize, type ModelConfig, type Params } from '../../model/bert4rec.js';
import type { FlareFeatures } from '../../model/flare.js';
import { tf } from '../../model/tf.js';
import type { ClozeBatch } from '../batches.js';
import type { LossContext } from '../loss.js';
import { gradientBuffers, reducedOf, slotOf, weightLayout, type FromReplica, type GradientBuffers, type ToReplica, type WeightLayout } from './protocol.js';
import { optimizerSnapshot, restoreOptimizer } from './replica.js';
import { shardBatch } from './shard.js';
import { clipFlatByGlobalNorm } from '../gradient-clip.js';

function shared<T extends Float32Array | Uint8Array>(array: T, make: (buffer: SharedArrayBuffer) => T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = make(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** Flare's text features in shared memory, so every worker reads the same bytes (sent once, never copied per step). */
export function shareFeatures(features: FlareFeatures): FlareFeatures {
  return {
    ...features,
    itemStates: shared(features.itemStates, (b) => new Float32Array(b)),
    itemMask: shared(features.itemMask, (b) => new Uint8Array(b)),
    critiqueStates: shared(features.critiqueStates, (b) => new Float32Array(b)),
    critiqueMask: shared(features.critiqueMask, (b) => new Uint8Array(b)),
  };
}

/** One worker and the replies it owes, answered in the order they were asked for. */
class ReplicaThread {
  private readonly waiting: { resolve: (m: FromReplica) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (message: FromReplica) => {
      if (message.type === 'error') return this.fail(new Error(`training worker failed: ${message.message}`));
      this.waiting.shift()?.resolve(message);
      if (this.waiting.length === 0) worker.unref();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`training worker exited (code ${code})`)));
    // An idle worker never keeps the process alive (a run that throws still exits); one that owes a reply does.
    worker.unref();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  send(message: ToReplica): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage(message);
  }

  ask<T extends FromReplica['type']>(message: ToReplica, expected: T): Promise<Extract<FromReplica, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    const reply = new Promise<FromReplica>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.worker.ref();
    this.worker.postMessage(message);
    return reply.then((m) => {
      if (m.type !== expected) throw new Error(`training worker answered '${m.type}' to '${message.type}'`);
      return m as Extract<FromReplica, { type: T }>;
    });
  }
}

/** 32M floats (128 MiB) a [positions, items] tensor: about ten of them are alive during the loss and its gradient. */
const LOGIT_ELEMENTS = 2 ** 25;

/** Where the last step's time went: the slowest replica's compute, messaging overhead, and the gradient sum here. */
export interface StepTiming {
  computeSeconds: number;
  waitSeconds: number;
  reduceSeconds: number;
}

export interface DataParallelOptions {
  model: ModelConfig;
  params: Params;
  /** The main thread's Adam: its state (e.g. restored from a checkpoint) seeds every replica's. */
  optimizer: tf.Optimizer;
  workers: number;
  context: LossContext;
}

/**
 * Data-parallel training over worker threads, one wasm backend each (the wasm backend is single-threaded in Node).
 * Each step splits the batch's rows across the replicas, sums their weighted gradients here, and has every replica
 * apply the same sum with its own Adam, so the replicas never diverge. The main thread's weights are stale until
 * syncToMain.
 */
export class DataParallelTrainer {
  private timing: StepTiming = { computeSeconds: 0, waitSeconds: 0, reduceSeconds: 0 };
  private readonly nameOf: Map<tf.Variable, string>;

  private constructor(
    private readonly threads: ReplicaThread[],
    private readonly layout: WeightLayout,
    private readonly gradients: GradientBuffers,
    private readonly params: Params,
    /** Rows of the output softmax (items + padding + [MASK]). */
    private readonly vocabulary: number,
    /** Items of a batch the InfoNCE term uses (0: no such term). */
    private readonly contrastiveItems: number,
  ) {
    this.nameOf = new Map(Object.entries(params).map(([name, v]) => [v, name]));
  }

  static async start(options: DataParallelOptions): Promise<DataParallelTrainer> {
    if (!(Number.isInteger(options.workers) && options.workers >= 2)) throw new Error(`data-parallel training needs at least 2 workers, got ${options.workers}`);
    if (tf.getBackend() !== 'wasm') throw new Error(`data-parallel training runs on the wasm backend (active: ${tf.getBackend()}); tfjs-node already uses every core, train with workers 1`);
    const entries = Object.entries(options.params);
    const layout = weightLayout(entries.map(([name, v]) => [name, v.shape]));
    const weights = new Float32Array(new SharedArrayBuffer(layout.total * 4));
    entries.forEach(([, v], i) => weights.set(v.dataSync() as Float32Array, layout.offsets[i]!));
    const optimizer = await optimizerSnapshot(options.optimizer);
    const { features, ...context } = options.context;
    const gradients = gradientBuffers(options.workers, layout.total);
    const sharedFeatures = features ? shareFeatures(features) : undefined;
    // The entry registers tsx itself; the parent's flags (--eval, --input-type, test-runner hooks) mean nothing to it.
    const threads = Array.from({ length: options.workers }, () => new ReplicaThread(new Worker(new URL('./worker-entry.mjs', import.meta.url), { execArgv: [] })));
    const contrastive = options.model.flare && context.contrastive && context.contrastive.contrastiveWeight > 0 ? context.contrastive.contrastiveItems : 0;
    const trainer = new DataParallelTrainer(threads, layout, gradients, options.params, vocabularySize(options.model), contrastive);
    try {
      await Promise.all(
        threads.map((t, replica) =>
          t.ask({ type: 'init', replica, model: options.model, layout, weights, optimizer, ...(sharedFeatures ? { features: sharedFeatures } : {}), context, gradients }, 'ready'),
        ),
      );
    } catch (error) {
      await trainer.close();
      throw error;
    }
    return trainer;
  }

  get lastStepTiming(): StepTiming {
    return this.timing;
  }

  /**
   * One optimisation step on every replica (same contract as trainingStep: Adam, then decoupled weight decay on
   * `decay.weights`, which are the main thread's variables and are matched to the replicas' by name).
   */
  async step(batch: ClozeBatch, learningRate: number, decay?: { rate: number; weights: tf.Variable[] }, clipNorm = 0): Promise<number> {
    const workers = this.threads.length;
    const shards = shardBatch(batch, workers * this.microBatches(batch), this.contrastiveItems);
    const started = performance.now();
    const replies = await Promise.all(this.threads.map((t, r) => t.ask({ type: 'step', shards: shards.filter((_, i) => i % workers === r) }, 'gradients')));
    const reduceStarted = performance.now();
    const reduced = reducedOf(this.gradients);
    reduced.set(slotOf(this.gradients, 0));
    for (let r = 1; r < this.threads.length; r++) {
      const slot = slotOf(this.gradients, r);
      for (let i = 0; i < reduced.length; i++) reduced[i]! += slot[i]!;
    }
    const present = new Uint8Array(this.layout.names.length);
    for (const reply of replies) reply.present.forEach((p, i) => (present[i] ||= p));
    if (clipNorm > 0) {
      // Replicas read the reduced gradient from shared memory when they apply it, so clipping it here clips theirs;
      // weights without a gradient this step hold stale values, zeroed first so they do not count in the norm.
      present.forEach((p, i) => p || reduced.fill(0, this.layout.offsets[i]!, this.layout.offsets[i]! + this.layout.sizes[i]!));
      clipFlatByGlobalNorm(reduced, clipNorm);
    }
    const decayNames = decay?.weights.map((v) => {
      const name = this.nameOf.get(v);
      if (!name) throw new Error(`weight decay on a variable (${v.name}) that is not one of the trained params`);
      return name;
    });
    for (const t of this.threads) t.send({ type: 'apply', learningRate, present, ...(decay ? { decay: { rate: decay.rate, names: decayNames! } } : {}) });
    const computeSeconds = Math.max(...replies.map((r) => r.computeSeconds));
    this.timing = { computeSeconds, waitSeconds: (reduceStarted - started) / 1000 - computeSeconds, reduceSeconds: (performance.now() - reduceStarted) / 1000 };
    return replies.reduce((sum, r) => sum + r.loss, 0);
  }

  /**
   * Shards a replica runs one after another. Its logits and their softmax gradient are [positions, items] each, and
   * several are alive at once; the wasm heap tops out at 4 GiB, so large catalogs (376k items) split a replica's
   * positions until each [positions, items] tensor stays under LOGIT_ELEMENTS.
   */
  private microBatches(batch: ClozeBatch): number {
    const perReplica = Math.ceil(batch.predictAt.length / this.threads.length);
    return Math.max(1, Math.ceil((perReplica * this.vocabulary) / LOGIT_ELEMENTS));
  }

  /** The reduced gradient of the last step, by weight name (a view of shared memory, valid until the next step). */
  lastGradients(): Record<string, Float32Array> {
    const reduced = reducedOf(this.gradients);
    return Object.fromEntries(this.layout.names.map((name, i) => [name, reduced.subarray(this.layout.offsets[i]!, this.layout.offsets[i]! + this.layout.sizes[i]!)]));
  }

  /** Copies replica 0's weights into the main thread's params (for evaluation), and its Adam state when given one (for checkpoints). */
  async syncToMain(optimizer?: tf.Optimizer): Promise<void> {
    const snapshot = await this.threads[0]!.ask({ type: 'snapshot', withOptimizer: Boolean(optimizer) }, 'snapshot');
    this.layout.names.forEach((name, i) => {
      const values = snapshot.weights.subarray(this.layout.offsets[i]!, this.layout.offsets[i]! + this.layout.sizes[i]!);
      tf.tidy(() => this.params[name]!.assign(tf.tensor(values, this.layout.shapes[i])));
    });
    // Replica moments are named after the params ('item_embedding/m'); the main thread's after its variables.
    if (optimizer && snapshot.optimizer) await restoreOptimizer(optimizer, snapshot.optimizer, (name) => name.replace(/^(.*)\/([mv])$/, (_, param: string, kind: string) => `${this.params[param]?.name ?? param}/${kind}`));
  }

  /** A checksum of every replica's weights: all equal while the replicas are in step. */
  async replicaChecksums(): Promise<string[]> {
    return Promise.all(this.threads.map((t) => t.ask({ type: 'checksum' }, 'checksum').then((m) => m.checksum)));
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
