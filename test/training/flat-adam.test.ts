import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../model/tf.js';
import { FlatAdam } from '../../training/flat-adam.js';
import { clipByGlobalNorm } from '../../training/gradient-clip.js';

beforeAll(async () => {
  await initBackend();
});

/** A small least-squares problem with two weights, one of them decayed. */
function problem(seed: number) {
  const w = tf.variable(tf.randomNormal([6, 3], 0, 1, 'float32', seed));
  const b = tf.variable(tf.randomNormal([3], 0, 1, 'float32', seed + 1));
  const x = tf.randomNormal([10, 6], 0, 1, 'float32', seed + 2);
  const y = tf.randomNormal([10, 3], 0, 1, 'float32', seed + 3);
  const loss = () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar;
  return { w, b, loss };
}

describe('FlatAdam', () => {
  it('is told apart from tf.train.adam', () => {
    expect(new FlatAdam(0.1) instanceof FlatAdam).toBe(true);
    expect(tf.train.adam(0.1) instanceof FlatAdam).toBe(false);
  });

  it('follows tf.train.adam step for step, and with clipping and decay the same steps done with tensor ops', () => {
    const steps = 5;
    const lr = 0.05;
    const reference = problem(11);
    const adam = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    const flat = problem(11);
    const ours = new FlatAdam(lr, 0.9, 0.999, 1e-8);
    const clippedRef = problem(11);
    const clippedAdam = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    const clippedFlat = problem(11);
    const clippedOurs = new FlatAdam(lr, 0.9, 0.999, 1e-8);
    for (let s = 0; s < steps; s++) {
      tf.tidy(() => adam.applyGradients(tf.variableGrads(reference.loss, [reference.w, reference.b]).grads as tf.NamedTensorMap as never));
      tf.tidy(() => ours.applyTensors(tf.variableGrads(flat.loss, [flat.w, flat.b]).grads, {}));
      tf.tidy(() => {
        const { grads } = tf.variableGrads(clippedRef.loss, [clippedRef.w, clippedRef.b]);
        clippedAdam.applyGradients(clipByGlobalNorm(grads, 0.1).grads as never);
        clippedRef.w.assign(tf.mul(clippedRef.w, 1 - lr * 0.5));
      });
      tf.tidy(() => clippedOurs.applyTensors(tf.variableGrads(clippedFlat.loss, [clippedFlat.w, clippedFlat.b]).grads, { clipNorm: 0.1, decay: { rate: 0.5, names: new Set([clippedFlat.w.name]) } }));
    }
    const close = (a: tf.Tensor, b: tf.Tensor) => Math.max(...(tf.abs(tf.sub(a, b)).dataSync() as Float32Array));
    expect(close(flat.w, reference.w)).toBeLessThan(1e-5);
    expect(close(flat.b, reference.b)).toBeLessThan(1e-5);
    expect(close(clippedFlat.w, clippedRef.w)).toBeLessThan(1e-5);
    expect(close(clippedFlat.b, clippedRef.b)).toBeLessThan(1e-5);
    // Five steps of 0.05 move the weights far beyond the tolerance, and clipping plus decay change where they go.
    expect(close(flat.w, problem(11).w)).toBeGreaterThan(0.1);
    expect(close(clippedFlat.w, flat.w)).toBeGreaterThan(0.01);
    expect(ours.iterations).toBe(steps);
  });

  it('hands its moments over in tf.train.adam\'s format, so a restored optimizer continues identically', async () => {
    const a = problem(21);
    const first = new FlatAdam(0.05);
    for (let s = 0; s < 3; s++) tf.tidy(() => first.applyTensors(tf.variableGrads(a.loss, [a.w, a.b]).grads, {}));
    const saved = await first.getWeights();
    expect(saved.map((w) => w.name)).toEqual(['iter', `${a.w.name}/m`, `${a.b.name}/m`, `${a.w.name}/v`, `${a.b.name}/v`]);
    expect(saved[1]!.tensor.shape).toEqual([6, 3]);
    const restored = new FlatAdam(0.05);
    await restored.setWeights(saved);
    const b = problem(21);
    b.w.assign(a.w);
    b.b.assign(a.b);
    tf.tidy(() => first.applyTensors(tf.variableGrads(a.loss, [a.w, a.b]).grads, {}));
    tf.tidy(() => restored.applyTensors(tf.variableGrads(b.loss, [b.w, b.b]).grads, {}));
    expect(Array.from(b.w.dataSync())).toEqual(Array.from(a.w.dataSync()));
    expect(restored.iterations).toBe(4);
  });
});
