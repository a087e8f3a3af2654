import type { ModelConfig, Params } from '../../model/bert4rec.js';
import { tf } from '../../model/tf.js';
import { FlatAdam } from '../flat-adam.js';
import { fnv1a, FNV1A_OFFSET } from '../hash.js';
import { lossOf, type LossContext } from '../loss.js';
import type { BatchShard } from './shard.js';
import { reducedOf, slotOf, type ApplyMessage, type GradientBuffers, type InitMessage, type OptimizerSnapshot, type StepMessage, type WeightLayout } from './protocol.js';

/** FNV-1a over the bit patterns of every weight: equal only if the replicas are bit-for-bit identical. */
export function weightsChecksum(arrays: readonly Float32Array[]): string {
  const hash = arrays.reduce((h, a) => fnv1a(new Uint32Array(a.buffer, a.byteOffset, a.length), h), FNV1A_OFFSET);
  return hash.toString(16).padStart(8, '0');
}

export async function optimizerSnapshot(optimizer: tf.Optimizer): Promise<OptimizerSnapshot> {
  const weights = await optimizer.getWeights();
  const [iterations, ...moments] = weights;
  const snapshot: OptimizerSnapshot = {
    iterations: (await iterations!.tensor.data())[0]!,
    moments: await Promise.all(moments.map(async (m) => ({ name: m.name, shape: m.tensor.shape, values: Float32Array.from(await m.tensor.data()) }))),
  };
  iterations!.tensor.dispose();
  return snapshot;
}

/** Replaces Adam's state (disposing the moments it replaces: tf's setWeights does not). */
export async function restoreOptimizer(optimizer: tf.Optimizer, snapshot: OptimizerSnapshot, rename: (name: string) => string = (n) => n): Promise<void> {
  const previous = await optimizer.getWeights();
  const incoming = [
    { name: 'iter', tensor: tf.scalar(snapshot.iterations, 'int32') },
    ...snapshot.moments.map((m) => ({ name: rename(m.name), tensor: tf.tensor(m.values, m.shape) })),
  ];
  await optimizer.setWeights(incoming);
  tf.dispose(incoming.map((w) => w.tensor));
  tf.dispose(previous.map((w) => w.tensor));
}

/**
 * One data-parallel replica (runs inside a worker): its own copy of the weights and its own Adam, fed the same
 * reduced gradient as every other replica, so all replicas stay identical.
 */
export class Replica {
  private readonly params: Params = {};
  private readonly optimizer = new FlatAdam(1e-3, 0.9, 0.999, 1e-8);
  private readonly model: ModelConfig;
  private readonly layout: WeightLayout;
  private readonly context: LossContext;
  private readonly slot: Float32Array;
  private readonly reduced: Float32Array;

  private constructor(init: InitMessage) {
    this.model = init.model;
    this.layout = init.layout;
    this.context = { ...init.context, ...(init.features ? { features: init.features } : {}) };
    const buffers: GradientBuffers = init.gradients;
    this.slot = slotOf(buffers, init.replica);
    this.reduced = reducedOf(buffers);
    // Named after the params so gradient maps keep the params' order, which is Adam's slot order in every replica.
    init.layout.names.forEach((name, i) => {
      const values = init.weights.subarray(init.layout.offsets[i]!, init.layout.offsets[i]! + init.layout.sizes[i]!);
      this.params[name] = tf.tidy(() => tf.variable(tf.tensor(values, init.layout.shapes[i]), true, name));
    });
  }

  static async create(init: InitMessage): Promise<Replica> {
    const replica = new Replica(init);
    if (init.optimizer && init.optimizer.moments.length) await restoreOptimizer(replica.optimizer, init.optimizer);
    return replica;
  }

  /** Sum of the gradients of this replica's shards' weighted losses, into this replica's slot; returns the summed loss. */
  computeGradients(step: StepMessage): { loss: number; present: Uint8Array; computeSeconds: number } {
    const started = performance.now();
    const present = new Uint8Array(this.layout.names.length);
    this.slot.fill(0);
    let loss = 0;
    for (const shard of step.shards) loss += this.accumulateShard(shard, present);
    return { loss, present, computeSeconds: (performance.now() - started) / 1000 };
  }

  private accumulateShard({ batch, weight, carriesContrastive }: BatchShard, present: Uint8Array): number {
    const { names, offsets } = this.layout;
    const contrastive = this.context.contrastive;
    // lossOf returns mlm + contrastive; scaling the contrastive weight by 1/weight makes weight * loss = weight * mlm + contrastive.
    const context: LossContext = { ...this.context, contrastive: carriesContrastive && contrastive ? { ...contrastive, contrastiveWeight: contrastive.contrastiveWeight / weight } : undefined };
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.mul(lossOf(this.model, this.params, batch, context), weight) as tf.Scalar);
      names.forEach((name, i) => {
        const g = grads[name];
        if (!g) return;
        const values = g.dataSync() as Float32Array;
        const at = offsets[i]!;
        if (present[i]) for (let j = 0; j < values.length; j++) this.slot[at + j]! += values[j]!;
        else this.slot.set(values, at);
        present[i] = 1;
      });
      return value.dataSync()[0]!;
    });
  }

  /** Adam on the reduced gradient, then decoupled weight decay, exactly as trainingStep does in one process. */
  apply(message: ApplyMessage): void {
    const { names, offsets, sizes } = this.layout;
    this.optimizer.learningRate = message.learningRate;
    const present = names.filter((_, i) => message.present[i]);
    const gradients = names.flatMap((_, i) => (message.present[i] ? [this.reduced.subarray(offsets[i]!, offsets[i]! + sizes[i]!)] : []));
    const decay = message.decay;
    // The params are variables named after themselves, so the optimizer finds them by these names.
    this.optimizer.applyArrays(present.map((name) => this.params[name]!.name), gradients, decay ? { decay: { rate: decay.rate, names: new Set(decay.names.map((n) => this.params[n]!.name)) } } : {});
  }

  /** Every weight concatenated in layout order. */
  weights(): Float32Array {
    const out = new Float32Array(this.layout.total);
    this.layout.names.forEach((name, i) => out.set(this.params[name]!.dataSync() as Float32Array, this.layout.offsets[i]!));
    return out;
  }

  async snapshot(withOptimizer: boolean): Promise<{ weights: Float32Array; optimizer?: OptimizerSnapshot }> {
    return { weights: this.weights(), ...(withOptimizer ? { optimizer: await optimizerSnapshot(this.optimizer) } : {}) };
  }

  checksum(): string {
    return weightsChecksum([this.weights()]);
  }
}
