import { dense, gatherRows, gelu, layerNorm, matMul, transposeLast } from './ops.js';
import type { FlareConfig } from './flare-config.js';
import { tf } from './tf.js';

type Tensor = tf.Tensor;

/** Model hyperparameters; saved in every bundle. Token 0 is padding, items are 1..numItems, numItems+1 is [MASK]. */
export interface ModelConfig {
  numItems: number;
  /** Size of the critique vocabulary: category path prefixes (0 = no critique). */
  numCritiqueTokens: number;
  /** Category levels a critique carries: 4 precise, 2 broad, 0 none. */
  critiqueLevels: number;
  maxLength: number;
  dModel: number;
  heads: number;
  layers: number;
  dHidden: number;
  /**
   * Positions counted back from the end of each sequence: a sequence of n tokens takes positions L-n..L-1, so the
   * predicted [MASK] after a history is always at L-1, the position of "the next item" in training too. Absent in
   * bundles written before it (positions 0..n-1 from the start).
   */
  positionsFromEnd?: boolean;
  /** The dense + GELU + layer-norm output head before the tied logits (original BERT4Rec). Absent = true (older bundles). */
  outputHead?: boolean;
  /** Flare's text path; absent for Bert4Rec*. */
  flare?: FlareConfig;
}

export type Params = Record<string, tf.Variable>;

export const maskToken = (config: ModelConfig) => config.numItems + 1;
export const hasOutputHead = (config: ModelConfig) => config.outputHead !== false;

/** Position of token t of a sequence of n tokens (see ModelConfig.positionsFromEnd). */
export const positionOf = (config: ModelConfig, t: number, n: number) => (config.positionsFromEnd ? config.maxLength - n + t : t);

/** How dense weights start: BERT's truncated normal (std 0.02) or PyTorch nn.Linear's uniform(±1/sqrt(fan in)). */
export type InitScheme = 'bert' | 'fan-in';
export const vocabularySize = (config: ModelConfig) => config.numItems + 2;

/**
 * Weight initialisers drawing from consecutive seeds: truncated-normal-like (clipped at 2 sigma, std 0.02 by
 * default, BERT's), zeros for biases, ones for layer-norm gains.
 */
export function initializers(firstSeed: number) {
  let s = firstSeed;
  const normal = (shape: number[], std = 0.02) => tf.variable(tf.mul(tf.clipByValue(tf.randomNormal(shape, 0, 1, 'float32', s++), -2, 2), std));
  /** PyTorch nn.Linear's default for a [fanIn, fanOut] weight: uniform in ±1/sqrt(fanIn). */
  const fanIn = (shape: number[]) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(shape[0]!), 1 / Math.sqrt(shape[0]!), 'float32', s++));
  return {
    normal,
    /** The initialiser of dense weights under `scheme`: fan-in uniform, or BERT's N(0, 0.02). */
    dense: (scheme: InitScheme) => (scheme === 'fan-in' ? fanIn : (shape: number[]) => normal(shape)),
    zeros: (shape: number[]) => tf.variable(tf.zeros(shape)),
    ones: (shape: number[]) => tf.variable(tf.ones(shape)),
  };
}

/**
 * Embeddings start at N(0, 0.02) (clipped at 2 sigma); dense weights by `init`. BERT's 0.02 suits d = 768; at d = 64
 * it starts every layer near zero and trains slower than PyTorch's fan-in default (training/README.md).
 */
export function initParams(config: ModelConfig, seed: number, init: InitScheme = 'bert'): Params {
  const { dModel: d, dHidden: h } = config;
  const { normal, dense: denseWith, zeros, ones } = initializers(seed);
  const weight = denseWith(init);
  const p: Params = {
    item_embedding: normal([vocabularySize(config), d]),
    position_embedding: normal([config.maxLength, d]),
    critique_embedding: normal([Math.max(1, config.numCritiqueTokens + 1), d]),
    embedding_ln_gamma: ones([d]),
    embedding_ln_beta: zeros([d]),
    output_bias: zeros([vocabularySize(config)]),
  };
  if (hasOutputHead(config)) Object.assign(p, { head_w: weight([d, d]), head_b: zeros([d]), head_ln_gamma: ones([d]), head_ln_beta: zeros([d]) });
  for (let l = 0; l < config.layers; l++) {
    Object.assign(p, {
      [`layer${l}_qkv_w`]: weight([d, 3 * d]),
      [`layer${l}_qkv_b`]: zeros([3 * d]),
      [`layer${l}_out_w`]: weight([d, d]),
      [`layer${l}_out_b`]: zeros([d]),
      [`layer${l}_ln1_gamma`]: ones([d]),
      [`layer${l}_ln1_beta`]: zeros([d]),
      [`layer${l}_ffn1_w`]: weight([d, h]),
      [`layer${l}_ffn1_b`]: zeros([h]),
      [`layer${l}_ffn2_w`]: weight([h, d]),
      [`layer${l}_ffn2_b`]: zeros([d]),
      [`layer${l}_ln2_gamma`]: ones([d]),
      [`layer${l}_ln2_beta`]: zeros([d]),
    });
  }
  return p;
}

/** One packed-free batch: tokens [B, L], critique prefix ids [B, L, levels] (0 = none), masked positions as flat indices. */
export interface BatchInput {
  tokens: tf.Tensor2D;
  critiques?: tf.Tensor3D;
  /** Flat indices (b * L + t) of the positions whose item is predicted. */
  predictAt: tf.Tensor1D;
}

function attention(x: Tensor, bias: Tensor, p: Params, l: number, heads: number, attentionDropout = 0, dropoutSeed?: number): Tensor {
  const [b, len, d] = x.shape as [number, number, number];
  const dh = d / heads;
  const qkv = dense(x, p[`layer${l}_qkv_w`]!, p[`layer${l}_qkv_b`]!);
  const split = (i: number) => tf.transpose(tf.reshape(tf.slice(qkv, [0, 0, i * d], [b, len, d]), [b, len, heads, dh]), [0, 2, 1, 3]);
  const q = tf.mul(split(0), 1 / Math.sqrt(dh));
  const k = split(1);
  const v = split(2);
  const scores = tf.add(matMul(q, transposeLast(k)), bias);
  const weights = attentionDropout > 0 ? tf.dropout(tf.softmax(scores), attentionDropout, undefined, dropoutSeed) : tf.softmax(scores);
  const context = tf.reshape(tf.transpose(matMul(weights, v), [0, 2, 1, 3]), [b, len, d]);
  return dense(context, p[`layer${l}_out_w`]!, p[`layer${l}_out_b`]!);
}

/** Per-position input vectors of Bert4Rec*: item embedding plus the sum of the critique's prefix rows. [B, L, d]. */
export function embedTokens(config: ModelConfig, p: Params, input: Pick<BatchInput, 'tokens' | 'critiques'>): Tensor {
  const [b, len] = input.tokens.shape;
  let x = tf.reshape(gatherRows(p.item_embedding!, tf.reshape(input.tokens, [-1])), [b, len, config.dModel]);
  if (input.critiques && config.critiqueLevels > 0) x = tf.add(x, critiqueVectors(config, p, input.critiques));
  return x;
}

/** Sum of the critique prefix rows at each position (id 0 contributes nothing): [..., d] for ids [..., levels]. */
export function critiqueVectors(config: ModelConfig, p: Params, critiques: Tensor): Tensor {
  const lead = critiques.shape.slice(0, -1);
  const levels = critiques.shape[critiques.shape.length - 1]!;
  const rows = tf.reshape(gatherRows(p.critique_embedding!, tf.reshape(critiques, [-1])), [...lead, levels, config.dModel]);
  const present = tf.expandDims(tf.cast(tf.greater(critiques, 0), 'float32'), -1);
  return tf.sum(tf.mul(rows, present), lead.length);
}

/**
 * Which keys each query may attend to, as an additive bias: padding (token 0) is never attended to and, when
 * sequences are packed into one row (section 4.2.2), a position sees only its own segment. [B, 1, 1|L, L].
 */
export function attentionBias(tokens: Tensor, segments?: Tensor): Tensor {
  const [b, len] = tokens.shape as [number, number];
  const padding = tf.reshape(tf.mul(tf.cast(tf.equal(tokens, 0), 'float32'), -1e9), [b, 1, 1, len]);
  if (!segments) return padding;
  const other = tf.notEqual(tf.reshape(segments, [b, 1, len, 1]), tf.reshape(segments, [b, 1, 1, len]));
  return tf.add(padding, tf.mul(tf.cast(other, 'float32'), -1e9));
}

export interface EncoderLayout {
  /** Item tokens [B, L]: 0 is padding. */
  tokens: tf.Tensor2D;
  /** Position of each token inside its own sequence [B, L]; default 0..L-1 (one sequence a row). */
  positions?: tf.Tensor2D;
  /** Sequence id of each token when several sequences are packed in a row [B, L]. */
  segments?: tf.Tensor2D;
  /** Training only: dropout rate on the embeddings and on each sub-layer's output before its residual add. */
  dropout?: number;
  /** Training only: dropout on the attention weights. */
  attentionDropout?: number;
  /**
   * Training only: the seed of this forward pass's dropout masks (the k-th mask drawn takes seed + k), so a seeded
   * run trains the same every time; unseeded masks when absent.
   */
  dropoutSeed?: number;
}

/**
 * The sequence encoder from per-position input vectors [B, L, d] (ID plus whatever context the model adds): learned
 * positions, embedding layer norm, post-LN transformer layers. Returns hidden states [B, L, d].
 */
export function encodeInputs(config: ModelConfig, p: Params, inputs: Tensor, layout: EncoderLayout): Tensor {
  const [b, len] = layout.tokens.shape;
  const positions = layout.positions
    ? tf.reshape(gatherRows(p.position_embedding!, tf.reshape(layout.positions, [-1])), [b, len, config.dModel])
    : tf.slice(p.position_embedding!, [0, 0], [len, config.dModel]);
  const rate = layout.dropout ?? 0;
  let masks = 0;
  const nextSeed = () => (layout.dropoutSeed === undefined ? undefined : layout.dropoutSeed + masks++);
  const drop = (t: Tensor) => (rate > 0 ? tf.dropout(t, rate, undefined, nextSeed()) : t);
  let x = drop(layerNorm(tf.add(inputs, positions), p.embedding_ln_gamma!, p.embedding_ln_beta!));
  const bias = attentionBias(layout.tokens, layout.segments);
  for (let l = 0; l < config.layers; l++) {
    x = layerNorm(tf.add(x, drop(attention(x, bias, p, l, config.heads, layout.attentionDropout, nextSeed()))), p[`layer${l}_ln1_gamma`]!, p[`layer${l}_ln1_beta`]!);
    const ffn = dense(gelu(dense(x, p[`layer${l}_ffn1_w`]!, p[`layer${l}_ffn1_b`]!)), p[`layer${l}_ffn2_w`]!, p[`layer${l}_ffn2_b`]!);
    x = layerNorm(tf.add(x, drop(ffn)), p[`layer${l}_ln2_gamma`]!, p[`layer${l}_ln2_beta`]!);
  }
  return x;
}

/** The output head on hidden states picked at predicted positions: dense, GELU, layer norm [M, d]; none in models without it. */
export function headVectors(p: Params, picked: Tensor): Tensor {
  if (!p.head_w) return picked;
  return layerNorm(gelu(dense(picked, p.head_w, p.head_b!)), p.head_ln_gamma!, p.head_ln_beta!);
}

/**
 * The learned score of an item the user already has (weight `repeat_bias`, one number; absent in bundles before it):
 * added to the logit of every item visible in the predicted position's own sequence. Training learns how likely a
 * repeat is from the masked items that also appear unmasked in their sequence: in Amazon's 5-core sets almost never,
 * so it learns to rank what the user already has low (the ranking over the full catalog keeps it, nothing excluded;
 * the serving graph removes a user's own items anyway). Stored divided by REPEAT_BIAS_SCALE, so Adam's per-step move
 * (about the learning rate) crosses the logits' range within a few epochs rather than a few hundred.
 */
export const REPEAT_BIAS = 'repeat_bias';
export const REPEAT_BIAS_SCALE = 10;

/**
 * Which vocabulary columns each predicted position has seen: a [M, V] 0/1 matrix, 1 where the item is an unmasked
 * token of the same row and segment (padding, 0, and [MASK] never count). `segments` undefined = one sequence a row.
 */
export function seenItems(config: ModelConfig, layout: { tokens: Int32Array; segments?: Int32Array; length: number; predictAt: Int32Array }): Float32Array {
  const vocabulary = vocabularySize(config);
  const mask = maskToken(config);
  const { tokens, segments, length, predictAt } = layout;
  const seen = new Float32Array(predictAt.length * vocabulary);
  predictAt.forEach((at, m) => {
    const row = Math.floor(at / length) * length;
    const segment = segments?.[at];
    for (let t = row; t < row + length; t++) {
      const token = tokens[t]!;
      if (token === 0 || token === mask || (segments && segments[t] !== segment)) continue;
      seen[m * vocabulary + token] = 1;
    }
  });
  return seen;
}

/** Logits [M, V] plus the learned repeat score on the seen columns (no change for weights without `repeat_bias`). */
export function withRepeatBias(config: ModelConfig, p: Params | Record<string, Tensor>, logits: Tensor, layout: Parameters<typeof seenItems>[1]): Tensor {
  const bias = (p as Params)[REPEAT_BIAS];
  if (!bias) return logits;
  const seen = tf.tensor2d(seenItems(config, layout), [layout.predictAt.length, vocabularySize(config)]);
  return tf.add(logits, tf.mul(seen, tf.mul(bias, REPEAT_BIAS_SCALE)));
}

/**
 * Logits over the whole vocabulary, tied to the item embedding plus a bias: [M, V]. `outputRows` [V, d] replaces the
 * item embedding as the output layer (Flare with text at the output: each item's ID plus its text context).
 */
export function logitsFromVectors(p: Params, vectors: Tensor, outputRows?: Tensor): Tensor {
  return tf.add(matMul(vectors, tf.transpose(outputRows ?? p.item_embedding!)), p.output_bias!);
}
