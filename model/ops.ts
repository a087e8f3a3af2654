import { tf } from './tf.js';

type Tensor = tf.Tensor;

/** Swaps the last two axes (explicitly: on wasm a transposed matMul is ~10x slower than transpose + matMul). */
export function transposeLast(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1]!, perm[n - 2]!];
  return tf.transpose(x, perm);
}

/** a @ b with a gradient that never uses matMul's transpose flags. Batched when both have the same leading axes. */
export const matMul = tf.customGrad(((a: Tensor, b: Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sa, sb] = saved as [Tensor, Tensor];
      return [tf.matMul(dy as tf.Tensor2D, transposeLast(sb) as tf.Tensor2D), tf.matMul(transposeLast(sa) as tf.Tensor2D, dy as tf.Tensor2D)];
    },
  };
}) as never) as unknown as (a: Tensor, b: Tensor) => Tensor;

/** x[..., d] @ w[d, e] for any leading shape. */
export function dense(x: Tensor, w: Tensor, bias?: Tensor): Tensor {
  const lead = x.shape.slice(0, -1);
  const y = matMul(tf.reshape(x, [-1, x.shape[x.shape.length - 1]!]), w);
  const out = tf.reshape(y, [...lead, w.shape[1]!]);
  return bias ? tf.add(out, bias) : out;
}

/** Row gather whose gradient is a scatterND (the wasm backend has no UnsortedSegmentSum for gather's own gradient). */
export const gatherRows = tf.customGrad(((table: Tensor, indices: Tensor, save: tf.GradSaveFunc) => {
  save([indices]);
  const rows = table.shape[0]!;
  const width = table.shape[1]!;
  return {
    value: tf.gather(table, indices as tf.Tensor1D),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const idx = saved[0]!;
      const flat = tf.reshape(dy, [-1, width]);
      const grad = tf.scatterND(tf.reshape(idx, [-1, 1]), flat, [rows, width]);
      return [grad, tf.zerosLike(idx)];
    },
  };
}) as never) as unknown as (table: Tensor, indices: Tensor) => Tensor;

/**
 * Mean softmax cross-entropy of logits [n, v] against integer labels [n], computed through the softmax kernel
 * (exp/sum over large logits are slow on wasm); gradient (softmax - onehot) / n, written without a one-hot [n, v]
 * (a scatter of -1/n into the label cells instead).
 */
export const softmaxCrossEntropy = tf.customGrad(((logits: Tensor, labels: Tensor, save: tf.GradSaveFunc) => {
  const probs = tf.softmax(logits as tf.Tensor2D);
  const n = logits.shape[0]!;
  const v = logits.shape[1]!;
  const at = tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(v, 'int32')), tf.cast(labels, 'int32'));
  save([probs, at]);
  const picked = tf.gather(tf.reshape(probs, [-1]), at);
  const loss = tf.neg(tf.mean(tf.log(tf.add(picked, 1e-12))));
  return {
    value: loss,
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [p, cells] = saved as [Tensor, Tensor];
      const scale = tf.div(dy, n);
      const flat = tf.reshape(tf.mul(p, scale), [-1]);
      const labelCells = tf.sub(tf.gather(flat, cells), scale);
      const grad = tf.tensorScatterUpdate(flat, tf.reshape(cells, [-1, 1]), labelCells);
      return [tf.reshape(grad, [n, v]), tf.zeros([n])];
    },
  };
}) as never) as unknown as (logits: Tensor, labels: Tensor) => Tensor;

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation, with x*x*x rather than pow (slow on wasm), written as x * sigmoid(2z) since
 * 0.5 * (1 + tanh z) = sigmoid(2z) and wasm's Tanh kernel is several times slower than its Sigmoid.
 */
export function gelu(x: Tensor): Tensor {
  const cube = tf.mul(tf.mul(x, x), x);
  return tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(cube, 0.044715)), 2 * GELU_C)));
}

export const LAYER_NORM_EPS = 1e-6;

export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor): Tensor {
  const axis = x.shape.length - 1;
  const mean = tf.mean(x, axis, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.mul(centered, centered), axis, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, LAYER_NORM_EPS))), gamma), beta);
}
