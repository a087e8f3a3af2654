import { beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, matMul, softmaxCrossEntropy } from '../../model/ops.js';
import { initBackend, tf } from '../../model/tf.js';

beforeAll(async () => {
  const backend = await initBackend();
  expect(tf.getBackend()).toBe('wasm');
  expect(backend.name).toMatch(/^wasm/);
});

describe('raw ops with hand-written gradients (wasm)', () => {
  it('gatherRows sums the gradient of repeated rows (scatterND backward)', () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t, tf.tensor1d([2, 0, 2], 'int32')), tf.tensor2d([[1, 1], [10, 10], [100, 100]]))))(table);
    expect(Array.from(grad.dataSync())).toEqual([10, 10, 0, 0, 101, 101]);
  });

  it('matMul gradient (explicit transposes) equals the analytic one', () => {
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[5, 6, 7], [8, 9, 10]]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(matMul(x, y)))([a, b]);
    // d/da sum(a@b) = ones @ b^T ; d/db = a^T @ ones
    expect(Array.from(ga!.dataSync())).toEqual([18, 27, 18, 27]);
    expect(Array.from(gb!.dataSync())).toEqual([4, 4, 4, 6, 6, 6]);
  });

  it('softmax cross-entropy matches the hand-computed value and gradient', () => {
    const logits = tf.tensor2d([[0, Math.log(3)], [Math.log(2), 0]]);
    const labels = tf.tensor1d([1, 0], 'int32');
    // p = [0.25, 0.75] and [2/3, 1/3]; loss = -(ln 0.75 + ln 2/3) / 2
    expect(softmaxCrossEntropy(logits, labels).dataSync()[0]).toBeCloseTo(-(Math.log(0.75) + Math.log(2 / 3)) / 2, 5);
    const g = tf.grad((l: tf.Tensor) => softmaxCrossEntropy(l, labels))(logits).dataSync();
    const expected = [0.25 / 2, -0.25 / 2, -1 / 3 / 2, 1 / 3 / 2];
    g.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });
});
