import type { UseLiteFiles } from './package-files.js';

export interface Matrix {
  rows: number;
  cols: number;
  values: Float32Array;
}

export interface UseLiteLayer {
  attentionNormScale: Float32Array;
  attentionNormBias: Float32Array;
  qkv: Matrix;
  qkvBias: Float32Array;
  heads: number;
  /** The graph's own query scale (1/sqrt(head size)). */
  queryScale: number;
  output: Matrix;
  outputBias: Float32Array;
  /** Layer 0 widens 256 -> 512, so its residual goes through a dense projection; null when the width is unchanged. */
  residual: { weight: Matrix; bias: Float32Array } | null;
  ffnNormScale: Float32Array;
  ffnNormBias: Float32Array;
  ffnIn: Matrix;
  ffnInBias: Float32Array;
  ffnOut: Matrix;
  ffnOutBias: Float32Array;
}

/** USE-lite's parameters under our names, read from the package's TF graph weight table. */
export interface UseLiteParameters {
  embedding: Matrix;
  /** Sinusoid frequencies of the timing signal; sin and cos halves are concatenated. */
  inverseTimescales: Float32Array;
  layers: UseLiteLayer[];
  poolDense: Matrix;
  poolBias: Float32Array;
  layerNormEpsilon: number;
  maxTokens: number;
  width: number;
}

const ENCODE = 'module_apply_default/Encoder_en/KonaTransformer/Encode';
const ENCODE_VARIABLES = 'module/Encoder_en/KonaTransformer/Encode';
const HEADS = 4;
const LAYER_NORM_EPSILON = 1e-6;
/** ClipToMaxLength in the graph drops token positions from 128 on. */
const MAX_TOKENS = 128;

export function useLiteParameters(files: UseLiteFiles): UseLiteParameters {
  const vector = (name: string): Float32Array => {
    const w = files.weights.get(name);
    if (!w || !(w.values instanceof Float32Array)) throw new Error(`USE-lite weights: ${name} is missing (package layout changed?)`);
    return w.values;
  };
  const matrix = (name: string): Matrix => {
    const w = files.weights.get(name);
    if (!w || !(w.values instanceof Float32Array)) throw new Error(`USE-lite weights: ${name} is missing (package layout changed?)`);
    // 1x1 convolution kernels [1, 1, in, out] are plain [in, out] matrices.
    const shape = w.shape.filter((d, i) => !(d === 1 && i < w.shape.length - 2));
    return { rows: shape[0]!, cols: shape[1]!, values: w.values };
  };
  const layers = [0, 1].map((l): UseLiteLayer => {
    const stack = `${ENCODE}/TransformerStack/Layer_${l}/TransformerLayer`;
    const own = `${ENCODE}/Layer_${l}/TransformerLayer`;
    const qkv = matrix(`${ENCODE_VARIABLES}/Layer_${l}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0`);
    return {
      attentionNormScale: vector(`${own}/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
      attentionNormBias: vector(`${own}/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
      qkv,
      qkvBias: vector(`${own}/MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`),
      heads: HEADS,
      queryScale: vector(`${stack}/MultiheadAttention/mul/y`)[0]!,
      output: matrix(`${ENCODE_VARIABLES}/Layer_${l}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0`),
      outputBias: vector(`${own}/MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`),
      residual: files.weights.has(`${own}/dense/kernel/ConcatPartitions/concat`)
        ? { weight: matrix(`${own}/dense/kernel/ConcatPartitions/concat`), bias: vector(`${own}/dense/bias/ConcatPartitions/concat`) }
        : null,
      ffnNormScale: vector(`${own}/FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
      ffnNormBias: vector(`${own}/FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
      ffnIn: matrix(`${stack}/FFN/conv1/Tensordot/Reshape_1`),
      ffnInBias: vector(`${own}/FFN/conv1/bias/ConcatPartitions/concat`),
      ffnOut: matrix(`${stack}/FFN/conv2/Tensordot/Reshape_1`),
      ffnOutBias: vector(`${own}/FFN/conv2/bias/ConcatPartitions/concat`),
    };
  });
  const poolDense = matrix('module/Encoder_en/hidden_layers/tanh_layer_0/weights');
  return {
    embedding: matrix('module/Embeddings_en'),
    inverseTimescales: vector(`${ENCODE}/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`),
    layers,
    poolDense,
    poolBias: vector('module/Encoder_en/hidden_layers/tanh_layer_0/bias'),
    layerNormEpsilon: LAYER_NORM_EPSILON,
    maxTokens: MAX_TOKENS,
    width: poolDense.rows,
  };
}
