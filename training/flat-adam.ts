import { tf } from '../model/tf.js';

type NamedTensor = { name: string; tensor: tf.Tensor };

/** What one step applies besides Adam itself: BERT's global-norm clipping and AdamW's decoupled weight decay. */
export interface FlatStepOptions {
  /** Scale the gradients so their global L2 norm is at most this (0 or absent = no clipping). */
  clipNorm?: number;
  /** Multiply these weights (by variable name) by 1 - learningRate * rate after the Adam update. */
  decay?: { rate: number; names: ReadonlySet<string> };
}

interface Slot {
  offset: number;
  size: number;
  shape: number[];
}

/**
 * Adam (the arithmetic of tf.train.adam) with clipping and decoupled weight decay, run over flat host arrays in one
 * JavaScript pass. tf.train.adam issues about 14 tensor ops per weight every step, each a kernel launch; on the wasm
 * backend those launches, not the arithmetic, were a third of a Flare training step. Moments live in two Float32Arrays;
 * getWeights/setWeights speak tf.train.adam's format (iterations, then every `<name>/m`, then every `<name>/v`), so
 * checkpoints and the data-parallel snapshots read and write it as they do Adam's.
 */
export class FlatAdam extends tf.Optimizer {
  // tf.Optimizer answers instanceof for anything optimizer-shaped (tf.train.adam included): ask for our own methods.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof (value as FlatAdam | undefined)?.applyArrays === 'function';
  }

  static get className() {
    return 'FlatAdam';
  }

  private readonly slots = new Map<string, Slot>();
  /** Moments restored by setWeights not yet claimed by a variable (see slotOf). */
  private pending: { name: string; size: number; shape: number[]; first: Float32Array; second: Float32Array }[] = [];
  private first = new Float32Array(0);
  private second = new Float32Array(0);
  /** Values of `first`/`second` given to slots (the arrays are grown ahead, once a step, for the new weights). */
  private used = 0;
  private steps = 0;

  constructor(
    public learningRate: number,
    public readonly beta1 = 0.9,
    public readonly beta2 = 0.999,
    public readonly epsilon = 1e-8,
  ) {
    super();
  }

  /**
   * The slot of a weight, allocated the first time it gets a gradient: zero moments, or restored ones. Restored moments
   * go to the variable of their name or, when none of this step's variables has their name (another process or
   * another model numbered its variables differently), to variables in the order they first get a gradient, which is
   * how tf.train.adam matches them.
   */
  private slotOf(name: string, size: number, shape: readonly number[], stepNames: ReadonlySet<string>): Slot {
    let slot = this.slots.get(name);
    if (slot) {
      if (slot.size !== size) throw new Error(`optimizer slot ${name} holds ${slot.size} values, the gradient ${size}`);
      return slot;
    }
    let index = this.pending.findIndex((p) => p.name === name);
    if (index < 0) index = this.pending.findIndex((p) => !stepNames.has(p.name));
    const restored = index >= 0 ? this.pending.splice(index, 1)[0] : undefined;
    if (restored && restored.size !== size) throw new Error(`restored optimizer moments ${restored.name} hold ${restored.size} values, but weight ${name} has ${size}: the checkpoint is of another model`);
    slot = { offset: this.used, size, shape: [...shape] };
    this.slots.set(name, slot);
    this.used += size;
    if (restored) {
      this.first.set(restored.first, slot.offset);
      this.second.set(restored.second, slot.offset);
    }
    return slot;
  }

  /** tf.Optimizer's entry point: Adam only (no clipping, no decay). */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const grads = Array.isArray(variableGradients) ? Object.fromEntries(variableGradients.map((g) => [g.name, g.tensor])) : variableGradients;
    this.applyTensors(grads, {});
  }

  /** One step from gradient tensors keyed by variable name. */
  applyTensors(grads: Record<string, tf.Tensor>, options: FlatStepOptions): void {
    const names = Object.keys(grads).filter((n) => grads[n]);
    this.applyArrays(names, names.map((n) => grads[n]!.dataSync() as Float32Array), options);
  }

  /**
   * One step from gradients as host arrays, `gradients[i]` for the registered variable `names[i]` (the data-parallel
   * replicas pass views of their shared reduced buffer). The arrays are not modified.
   */
  applyArrays(names: readonly string[], gradients: readonly Float32Array[], options: FlatStepOptions): void {
    let scale = 1;
    if (options.clipNorm && options.clipNorm > 0) {
      let sum = 0;
      for (const g of gradients) for (let j = 0; j < g.length; j++) sum += g[j]! * g[j]!;
      const norm = Math.sqrt(sum);
      scale = options.clipNorm / Math.max(norm, options.clipNorm);
    }
    this.steps++;
    const { beta1, beta2, epsilon, learningRate } = this;
    const correction1 = 1 - beta1 ** this.steps;
    const correction2 = 1 - beta2 ** this.steps;
    const variables = tf.engine().registeredVariables;
    const stepNames = new Set(names);
    const added = names.reduce((n, name, i) => n + (this.slots.has(name) ? 0 : gradients[i]!.length), 0);
    if (this.used + added > this.first.length) {
      const grow = (old: Float32Array) => {
        const next = new Float32Array(this.used + added);
        next.set(old.subarray(0, this.used));
        return next;
      };
      this.first = grow(this.first);
      this.second = grow(this.second);
    }
    names.forEach((name, i) => {
      const variable = variables[name];
      if (!variable) throw new Error(`no variable named ${name} to update`);
      const g = gradients[i]!;
      const { offset } = this.slotOf(name, g.length, variable.shape, stepNames);
      const m = this.first;
      const v = this.second;
      const w = Float32Array.from(variable.dataSync() as Float32Array);
      const keep = options.decay?.names.has(name) ? 1 - learningRate * options.decay.rate : 1;
      for (let j = 0; j < g.length; j++) {
        const gj = g[j]! * scale;
        const mj = (m[offset + j] = beta1 * m[offset + j]! + (1 - beta1) * gj);
        const vj = (v[offset + j] = beta2 * v[offset + j]! + (1 - beta2) * gj * gj);
        w[j] = (w[j]! - (learningRate * (mj / correction1)) / (Math.sqrt(vj / correction2) + epsilon)) * keep;
      }
      tf.tidy(() => variable.assign(tf.tensor(w, variable.shape, 'float32')));
    });
    this.iterations_ = this.steps;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    // Restored moments no variable has claimed yet are handed on as they came.
    const moments = (array: Float32Array, kind: 'm' | 'v') => [
      ...[...this.slots].map(([name, s]) => ({ name: `${name}/${kind}`, tensor: tf.tensor(array.slice(s.offset, s.offset + s.size), s.shape) })),
      ...this.pending.map((p) => ({ name: `${p.name}/${kind}`, tensor: tf.tensor(kind === 'm' ? p.first : p.second, p.shape) })),
    ];
    return [{ name: 'iter', tensor: tf.scalar(this.steps, 'int32') }, ...moments(this.first, 'm'), ...moments(this.second, 'v')];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.steps = this.iterations_;
    const half = rest.length / 2;
    this.slots.clear();
    this.first = new Float32Array(0);
    this.second = new Float32Array(0);
    this.used = 0;
    this.pending = rest.slice(0, half).map((m, i) => ({
      name: m.name.replace(/\/m$/, ''),
      size: m.tensor.size,
      shape: [...m.tensor.shape],
      first: Float32Array.from(m.tensor.dataSync() as Float32Array),
      second: Float32Array.from(rest[half + i]!.tensor.dataSync() as Float32Array),
    }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
