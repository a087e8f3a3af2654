import { tf } from '../model/tf.js';

/**
 * Scales gradients so their global L2 norm is at most `maxNorm` (BERT's clipping). Flare's text path, fed by frozen
 * 512-d states, otherwise takes steps at high learning rates that knock training off its course (the loss climbs back).
 * Returns the norm before clipping. `maxNorm` 0 turns clipping off.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): { grads: Record<string, tf.Tensor>; norm: tf.Scalar } {
  const squares = Object.values(grads).map((g) => tf.sum(tf.mul(g, g)));
  const norm = tf.sqrt(squares.length ? tf.addN(squares) : tf.scalar(0)) as tf.Scalar;
  if (!(maxNorm > 0)) return { grads, norm };
  const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
  return { grads: Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)])), norm };
}

/** The same on one flat buffer of every gradient (the data-parallel trainer's reduced gradient), in place. */
export function clipFlatByGlobalNorm(values: Float32Array, maxNorm: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  const norm = Math.sqrt(sum);
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / norm;
    for (let i = 0; i < values.length; i++) values[i]! *= scale;
  }
  return norm;
}
