import type { ModelConfig } from '../../model/bert4rec.js';
import type { FlareFeatures } from '../../model/flare.js';
import type { LossContext } from '../loss.js';
import type { BatchShard } from './shard.js';

/** Where each weight lives in a flat gradient buffer: same order as the params object (the Adam slot order). */
export interface WeightLayout {
  names: string[];
  shapes: number[][];
  offsets: number[];
  sizes: number[];
  total: number;
}

export function weightLayout(entries: readonly (readonly [string, readonly number[]])[]): WeightLayout {
  const layout: WeightLayout = { names: [], shapes: [], offsets: [], sizes: [], total: 0 };
  for (const [name, shape] of entries) {
    const size = shape.reduce((a, b) => a * b, 1);
    layout.names.push(name);
    layout.shapes.push([...shape]);
    layout.offsets.push(layout.total);
    layout.sizes.push(size);
    layout.total += size;
  }
  return layout;
}

/** Adam's state as plain arrays: the step count and the first then second moments, in Adam's slot order. */
export interface OptimizerSnapshot {
  iterations: number;
  moments: { name: string; shape: number[]; values: Float32Array }[];
}

/**
 * Shared gradient memory: one slot per replica, written by that replica, and the reduced (summed) gradient that every
 * replica applies. Replicas only read `reduced` after the main thread has filled it, and only write their slot after
 * they have applied the previous step, so no locks are needed beyond the message order.
 */
export interface GradientBuffers {
  buffer: SharedArrayBuffer;
  replicas: number;
  total: number;
}

export const slotOf = (g: GradientBuffers, replica: number) => new Float32Array(g.buffer, replica * g.total * 4, g.total);
export const reducedOf = (g: GradientBuffers) => new Float32Array(g.buffer, g.replicas * g.total * 4, g.total);

export function gradientBuffers(replicas: number, total: number): GradientBuffers {
  return { buffer: new SharedArrayBuffer((replicas + 1) * total * 4), replicas, total };
}

export interface InitMessage {
  type: 'init';
  replica: number;
  model: ModelConfig;
  layout: WeightLayout;
  /** Initial weights, concatenated in layout order (a SharedArrayBuffer view: read once, not copied per replica). */
  weights: Float32Array;
  optimizer?: OptimizerSnapshot;
  features?: FlareFeatures;
  context: Omit<LossContext, 'features'>;
  gradients: GradientBuffers;
}

export interface StepMessage {
  type: 'step';
  /**
   * This replica's shards, run one after another with their gradients summed (more than one when a shard's logits
   * would not fit the wasm heap); empty when the batch has fewer rows than there are shards: zero gradients.
   */
  shards: BatchShard[];
}

export interface ApplyMessage {
  type: 'apply';
  learningRate: number;
  /** Which weights had a gradient on any replica (Adam skips the others, as it does in one process). */
  present: Uint8Array;
  decay?: { rate: number; names: string[] };
}

export type ToReplica = InitMessage | StepMessage | ApplyMessage | { type: 'snapshot'; withOptimizer: boolean } | { type: 'checksum' };

export type FromReplica =
  | { type: 'ready' }
  | { type: 'gradients'; loss: number; present: Uint8Array; computeSeconds: number }
  | { type: 'snapshot'; weights: Float32Array; optimizer?: OptimizerSnapshot }
  | { type: 'checksum'; checksum: string }
  | { type: 'error'; message: string };
