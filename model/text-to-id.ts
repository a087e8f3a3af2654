import { tf } from './tf.js';

// A new item's output row and bias from its text context, learned from the trained items (model/add-items.ts).

/**
 * The affine map from an item's text context to its output row (ID embedding) and output bias, fitted by ridge
 * regression on the trained items: [ctx, 1] @ M ~ [id, bias]: what a trained item with that text would have learned,
 * on the ID rows' scale (Flare's text contexts are at about 16x their norm in the demo bundle).
 */
export function fitTextToId(contexts: tf.Tensor2D, ids: tf.Tensor2D, bias: tf.Tensor1D, ridge = 1e-3): Float64Array {
  const d = contexts.shape[1];
  const p = d + 1;
  const [gram, cross] = tf.tidy(() => {
    const x = tf.concat([contexts, tf.ones([contexts.shape[0], 1])], 1);
    const y = tf.concat([ids, tf.reshape(bias, [-1, 1])], 1);
    return [tf.matMul(x, x, true, false), tf.matMul(x, y, true, false)];
  });
  const g = Float64Array.from(gram.dataSync());
  const b = Float64Array.from(cross.dataSync());
  tf.dispose([gram, cross]);
  // Ridge relative to the Gram matrix's mean diagonal, so the amount of shrinkage does not depend on the scale.
  let trace = 0;
  for (let i = 0; i < p; i++) trace += g[i * p + i]!;
  for (let i = 0; i < p; i++) g[i * p + i]! += (ridge * trace) / p;
  return solveSymmetricPositive(g, b, p, p);
}

/**
 * Solves G X = B for a symmetric positive-definite G [n, n] and B [n, m] by Cholesky decomposition (G = L L^T, then
 * two triangular solves). TensorFlow.js has no linear solver; the systems here are (d+1)-square, d the model width.
 */
export function solveSymmetricPositive(g: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = g[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error('solveSymmetricPositive: the matrix is not positive definite');
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let sum = x[i * m + c]!;
      for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k * m + c]!;
      x[i * m + c] = sum / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x[i * m + c]!;
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k * m + c]!;
      x[i * m + c] = sum / l[i * n + i]!;
    }
  }
  return x;
}

/** Output rows [k, d] and biases [k] of new items from their text contexts [k, d] through a fitted map. */
export function applyTextToId(map: Float64Array, contexts: tf.Tensor2D): { rows: tf.Tensor2D; bias: tf.Tensor1D } {
  const d = contexts.shape[1];
  return tf.tidy(() => {
    const x = tf.concat([contexts, tf.ones([contexts.shape[0], 1])], 1);
    const out = tf.matMul(x, tf.tensor2d(Float32Array.from(map), [d + 1, d + 1]));
    return { rows: tf.slice(out, [0, 0], [-1, d]) as tf.Tensor2D, bias: tf.reshape(tf.slice(out, [0, d], [-1, 1]), [-1]) as tf.Tensor1D };
  });
}

/**
 * Output rows [k, d] and biases [k] of new items as the ID rows and biases of the trained items with the nearest text
 * contexts (cosine), the `neighbours` nearest weighted by softmax(cosine / temperature): a near-copy of one trained
 * item takes its row, an item between several takes their blend.
 */
export function nearestTextRows(trainedContexts: tf.Tensor2D, ids: tf.Tensor2D, bias: tf.Tensor1D, contexts: tf.Tensor2D, neighbours = 20, temperature = 0.02): { rows: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const unit = (x: tf.Tensor2D) => tf.div(x, tf.add(tf.norm(x, 2, 1, true), 1e-12));
    const similarity = tf.matMul(unit(contexts), unit(trainedContexts), false, true);
    const { values, indices } = tf.topk(similarity, Math.min(neighbours, trainedContexts.shape[0]));
    const weights = tf.softmax(tf.div(values, temperature));
    const k = contexts.shape[0];
    const flat = tf.reshape(indices, [-1]);
    const rows = tf.sum(tf.mul(tf.reshape(tf.gather(ids, flat), [k, -1, ids.shape[1]]), tf.expandDims(weights, 2)), 1) as tf.Tensor2D;
    const b = tf.sum(tf.mul(tf.reshape(tf.gather(bias, flat), [k, -1]), weights), 1) as tf.Tensor1D;
    return { rows, bias: b };
  });
}
