import { gatherRows, dense, gelu, layerNorm, matMul, softmaxCrossEntropy, transposeLast } from './ops.js';
import { tf } from './tf.js';
import { initializers, type InitScheme, type ModelConfig, type Params } from './bert4rec.js';
import type { FlareConfig } from './flare-config.js';

type Tensor = tf.Tensor;

/**
 * Frozen text features, kept in host memory: per step only the rows a batch needs are copied out, which on wasm is
 * far cheaper than a gather over the whole table. Row `numItems` of the item states is the [MASK] text (one slot,
 * whose state the model learns); row `numCritiques` of the critique states is "no critique" (no slots).
 */
export interface FlareFeatures {
  numItems: number;
  numCritiques: number;
  dim: number;
  textTokens: number;
  critiqueTokens: number;
  itemStates: Float32Array;
  itemMask: Uint8Array;
  critiqueStates: Float32Array;
  critiqueMask: Uint8Array;
}

interface FlatFeatures {
  count: number;
  tokens: number;
  dim: number;
  states: Float32Array;
  mask: Uint8Array;
}

/** Builds the features from flat arrays ([count, tokens, dim] states and [count, tokens] masks of item and critique texts). */
export function flareFeatures(items: FlatFeatures, critiques: FlatFeatures): FlareFeatures {
  if (items.dim !== critiques.dim) throw new Error(`item text states are ${items.dim}-d but critique states ${critiques.dim}-d`);
  return {
    numItems: items.count,
    numCritiques: critiques.count,
    dim: items.dim,
    textTokens: items.tokens,
    critiqueTokens: critiques.tokens,
    itemStates: items.states,
    itemMask: items.mask,
    critiqueStates: critiques.states,
    critiqueMask: critiques.mask,
  };
}

/** Copies rows of a [count, tokens, dim] table into a batch; `emptyRow` (or any row >= count) is all zeros. */
function copyRows(states: Float32Array, mask: Uint8Array, rows: ArrayLike<number>, count: number, tokens: number, dim: number, firstSlotOfEmpty: boolean) {
  const out = new Float32Array(rows.length * tokens * dim);
  const keys = new Float32Array(rows.length * tokens);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row < count) {
      out.set(states.subarray(row * tokens * dim, (row + 1) * tokens * dim), r * tokens * dim);
      for (let t = 0; t < tokens; t++) keys[r * tokens + t] = mask[row * tokens + t] ? 1 : 0;
    } else if (firstSlotOfEmpty) keys[r * tokens] = 1;
  }
  return { states: tf.tensor3d(out, [rows.length, tokens, dim]), keys: tf.tensor2d(keys, [rows.length, tokens]) };
}

/**
 * The learned ID row [d] of an item the model never saw in training: trained by replacing a share of the IDs in the
 * input with it (training/config.ts unseenItemRate), used as the ID of items added after training (model/add-items.ts).
 * Bundles trained without it lack the weight.
 */
export const UNSEEN_ITEM_EMBEDDING = 'unseen_item_embedding';

/** Flare's text-path weights; the Perceiver's dense weights start by `init` (as the backbone's do, model/bert4rec.ts). */
export function initFlareParams(config: ModelConfig, flare: FlareConfig, seed: number, init: InitScheme = 'bert'): Params {
  const { perceiverDim: dp, perceiverHidden: hp, perceiverLatents: n } = flare;
  const { normal, dense: denseWith, zeros, ones } = initializers(seed * 7919 + 17);
  const denseWeight = denseWith(init);
  const fanIn = flare.usePerceiver ? n * dp : dp;
  const p: Params = {
    flare_text_in_w: normal([flare.textDim, dp], 1 / Math.sqrt(flare.textDim)),
    flare_text_in_b: zeros([dp]),
    flare_type_text: normal([dp]),
    flare_type_critique: normal([dp]),
    flare_mask_text: normal([dp], 1),
    // Starts the text context at the ID embedding's scale (0.02 a dimension), so text is side information the
    // model learns to use rather than a signal ten times the ID's that drowns it at the first step.
    flare_out_w: normal([fanIn, config.dModel], 0.02 / Math.sqrt(fanIn)),
    flare_out_b: zeros([config.dModel]),
  };
  if (!flare.usePerceiver) return p;
  p.flare_latents = normal([n, dp]);
  for (let l = 0; l < flare.perceiverLayers; l++) {
    Object.assign(p, {
      [`flare_p${l}_cross_ln_gamma`]: ones([dp]),
      [`flare_p${l}_cross_ln_beta`]: zeros([dp]),
      [`flare_p${l}_input_ln_gamma`]: ones([dp]),
      [`flare_p${l}_input_ln_beta`]: zeros([dp]),
      [`flare_p${l}_cross_q_w`]: denseWeight([dp, dp]),
      [`flare_p${l}_cross_q_b`]: zeros([dp]),
      [`flare_p${l}_cross_kv_w`]: denseWeight([dp, 2 * dp]),
      [`flare_p${l}_cross_kv_b`]: zeros([2 * dp]),
      [`flare_p${l}_cross_out_w`]: denseWeight([dp, dp]),
      [`flare_p${l}_cross_out_b`]: zeros([dp]),
      [`flare_p${l}_self_ln_gamma`]: ones([dp]),
      [`flare_p${l}_self_ln_beta`]: zeros([dp]),
      [`flare_p${l}_self_qkv_w`]: denseWeight([dp, 3 * dp]),
      [`flare_p${l}_self_qkv_b`]: zeros([3 * dp]),
      [`flare_p${l}_self_out_w`]: denseWeight([dp, dp]),
      [`flare_p${l}_self_out_b`]: zeros([dp]),
      [`flare_p${l}_ffn_ln_gamma`]: ones([dp]),
      [`flare_p${l}_ffn_ln_beta`]: zeros([dp]),
      [`flare_p${l}_ffn1_w`]: denseWeight([dp, hp]),
      [`flare_p${l}_ffn1_b`]: zeros([hp]),
      [`flare_p${l}_ffn2_w`]: denseWeight([hp, dp]),
      [`flare_p${l}_ffn2_b`]: zeros([dp]),
    });
  }
  p.flare_final_ln_gamma = ones([dp]);
  p.flare_final_ln_beta = zeros([dp]);
  return p;
}

/** Multi-head attention of queries [U, Nq, dp] over keys/values [U, K, dp] with an additive key bias [U, 1, 1, K]. */
function multiHead(q: Tensor, k: Tensor, v: Tensor, bias: Tensor | undefined, heads: number): Tensor {
  const [u, nq, dp] = q.shape as [number, number, number];
  const nk = k.shape[1]!;
  const dh = dp / heads;
  const split = (x: Tensor, n: number) => tf.transpose(tf.reshape(x, [u, n, heads, dh]), [0, 2, 1, 3]);
  let scores = matMul(tf.mul(split(q, nq), 1 / Math.sqrt(dh)), transposeLast(split(k, nk)));
  if (bias) scores = tf.add(scores, bias);
  const context = matMul(tf.softmax(scores), split(v, nk));
  return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [u, nq, dp]);
}

/**
 * Projected, typed Perceiver inputs for U (text, critique) pairs: [U, T + Tc, dp] and the key bias [U, 1, 1, T + Tc].
 * Text row `numItems` is the [MASK] text: one slot holding the learned mask state.
 */
function perceiverInputs(p: Params, features: FlareFeatures, textRows: ArrayLike<number>, critiqueRows: ArrayLike<number>): { inputs: Tensor; bias: Tensor } {
  const project = (states: Tensor) => denseFrozenInput(states, p.flare_text_in_w!, p.flare_text_in_b!);
  const text = copyRows(features.itemStates, features.itemMask, textRows, features.numItems, features.textTokens, features.dim, true);
  const isMask = tf.tensor3d(Float32Array.from(textRows, (r) => (r >= features.numItems ? 1 : 0)), [textRows.length, 1, 1]);
  const maskedText = tf.add(tf.mul(project(text.states), tf.sub(1, isMask)), tf.mul(isMask, p.flare_mask_text!));
  const typedText = tf.add(maskedText, p.flare_type_text!);
  const keyBias = (keys: Tensor) => tf.reshape(tf.mul(tf.sub(1, keys), -1e9), [textRows.length, 1, 1, -1]);
  // With no critique among the pairs every critique slot is masked out of attention: leaving the slots out gives the
  // same latents without projecting them (a third of the text projection when critiques are off).
  if (Array.prototype.every.call(critiqueRows, (r: number) => r >= features.numCritiques)) return { inputs: typedText, bias: keyBias(text.keys) };
  const critique = copyRows(features.critiqueStates, features.critiqueMask, critiqueRows, features.numCritiques, features.critiqueTokens, features.dim, false);
  const typedCritique = tf.add(project(critique.states), p.flare_type_critique!);
  return { inputs: tf.concat([typedText, typedCritique], 1), bias: keyBias(tf.concat([text.keys, critique.keys], 1)) };
}

/** x @ w + b where x is frozen (the text encoder's states): the gradient flows to w and b only. */
const frozenInputMatMul = tf.customGrad(((x: Tensor, w: Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: Tensor, saved: Tensor[]) => [tf.zeros(saved[0]!.shape), tf.matMul(transposeLast(saved[0]!) as tf.Tensor2D, dy as tf.Tensor2D)],
  };
}) as never) as unknown as (x: Tensor, w: Tensor) => Tensor;

function denseFrozenInput(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const lead = x.shape.slice(0, -1);
  const y = frozenInputMatMul(tf.reshape(x, [-1, x.shape[x.shape.length - 1]!]), w);
  return tf.add(tf.reshape(y, [...lead, w.shape[1]!]), b);
}

/** The text context of U (text row, critique row) pairs, projected to the model width: [U, d]. */
export function textContext(config: ModelConfig, flare: FlareConfig, p: Params, features: FlareFeatures, textRows: ArrayLike<number>, critiqueRows: ArrayLike<number>): Tensor {
  const { inputs, bias } = perceiverInputs(p, features, textRows, critiqueRows);
  const u = textRows.length;
  const dp = flare.perceiverDim;
  if (!flare.usePerceiver) {
    const weights = tf.reshape(tf.cast(tf.greater(bias, -1), 'float32'), [u, -1, 1]);
    const pooled = tf.div(tf.sum(tf.mul(inputs, weights), 1), tf.maximum(tf.sum(weights, 1), 1));
    return dense(pooled, p.flare_out_w!, p.flare_out_b!);
  }
  let z: Tensor = tf.tile(tf.expandDims(p.flare_latents!, 0), [u, 1, 1]);
  for (let l = 0; l < flare.perceiverLayers; l++) {
    const w = (name: string) => p[`flare_p${l}_${name}`]!;
    const zn = layerNorm(z, w('cross_ln_gamma'), w('cross_ln_beta'));
    const xn = layerNorm(inputs, w('input_ln_gamma'), w('input_ln_beta'));
    const kv = dense(xn, w('cross_kv_w'), w('cross_kv_b'));
    const k = tf.slice(kv, [0, 0, 0], [-1, -1, dp]);
    const v = tf.slice(kv, [0, 0, dp], [-1, -1, dp]);
    z = tf.add(z, dense(multiHead(dense(zn, w('cross_q_w'), w('cross_q_b')), k, v, bias, flare.perceiverHeads), w('cross_out_w'), w('cross_out_b')));
    const sn = layerNorm(z, w('self_ln_gamma'), w('self_ln_beta'));
    const qkv = dense(sn, w('self_qkv_w'), w('self_qkv_b'));
    const part = (i: number) => tf.slice(qkv, [0, 0, i * dp], [-1, -1, dp]);
    z = tf.add(z, dense(multiHead(part(0), part(1), part(2), undefined, flare.perceiverHeads), w('self_out_w'), w('self_out_b')));
    const fn = layerNorm(z, w('ffn_ln_gamma'), w('ffn_ln_beta'));
    z = tf.add(z, dense(gelu(dense(fn, w('ffn1_w'), w('ffn1_b'))), w('ffn2_w'), w('ffn2_b')));
  }
  z = layerNorm(z, p.flare_final_ln_gamma!, p.flare_final_ln_beta!);
  return dense(tf.reshape(z, [u, flare.perceiverLatents * dp]), p.flare_out_w!, p.flare_out_b!);
}

/**
 * Flare's per-position inputs [B, L, d]: the ID embedding of each token plus the text context of its (text, critique)
 * pair, computed once per distinct pair in the batch (`contextOf` [B, L] indexes the pairs).
 */
export function flareInputs(config: ModelConfig, flare: FlareConfig, p: Params, features: FlareFeatures, tokens: tf.Tensor2D, pairs: { textRows: ArrayLike<number>; critiqueRows: ArrayLike<number>; contextOf: tf.Tensor2D }, unseen?: tf.Tensor2D): { inputs: Tensor; contexts: Tensor } {
  const [b, len] = tokens.shape;
  let ids = tf.reshape(gatherRows(p.item_embedding!, tf.reshape(tokens, [-1])), [b, len, config.dModel]);
  // Positions marked unseen read the one learned unseen-item row instead of their own ID (training/config.ts unseenItemRate).
  if (unseen && p[UNSEEN_ITEM_EMBEDDING]) {
    const share = tf.expandDims(tf.cast(unseen, 'float32'), -1);
    ids = tf.add(ids, tf.mul(share, tf.sub(p[UNSEEN_ITEM_EMBEDDING], ids)));
  }
  const contexts = textContext(config, flare, p, features, pairs.textRows, pairs.critiqueRows);
  const perPosition = tf.reshape(gatherRows(contexts, tf.reshape(pairs.contextOf, [-1])), [b, len, config.dModel]);
  return { inputs: tf.add(ids, perPosition), contexts };
}

/**
 * The ID-text InfoNCE loss (paper eq. 2) with an additive margin on the positives (Yang et al. 2019): cosine
 * similarities between the ID embeddings and the text contexts of the same items, over in-batch negatives, both ways.
 */
export function idTextInfoNce(ids: Tensor, contexts: Tensor, temperature: number, margin: number): Tensor {
  const n = ids.shape[0]!;
  const unit = (x: Tensor) => tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.mul(x, x), 1, true), 1e-12)));
  const similarity = matMul(unit(ids), transposeLast(unit(contexts)));
  const logits = tf.div(tf.sub(similarity, tf.mul(tf.eye(n), margin)), temperature);
  const labels = tf.range(0, n, 1, 'int32');
  return tf.mul(tf.add(softmaxCrossEntropy(logits, labels), softmaxCrossEntropy(transposeLast(logits), labels)), 0.5);
}
