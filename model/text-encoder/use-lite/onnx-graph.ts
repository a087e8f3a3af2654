import { OnnxGraphBuilder } from '../../onnx/graph-builder.js';
import { quantizedMatMul } from '../../onnx/quantize.js';
import type { Matrix, UseLiteLayer, UseLiteParameters } from './parameters.js';

/** Input and output names of the graph built here. */
export const USE_LITE_GRAPH = { ids: 'ids', mask: 'mask', states: 'states', pooled: 'pooled' } as const;

/** The sinusoid timing signal for positions 0..maxTokens-1: [sin(p*f) for f] ++ [cos(p*f) for f], as the graph adds it. */
export function timingSignal(inverseTimescales: Float32Array, maxTokens: number): Float32Array {
  const half = inverseTimescales.length;
  const table = new Float32Array(maxTokens * half * 2);
  for (let p = 0; p < maxTokens; p++) {
    for (let i = 0; i < half; i++) {
      // float32 product first, as TF computes it, before sin/cos.
      const angle = Math.fround(p * inverseTimescales[i]!);
      table[p * half * 2 + i] = Math.sin(angle);
      table[p * half * 2 + half + i] = Math.cos(angle);
    }
  }
  return table;
}

/** The query columns of a fused [in, 3*in] q|k|v projection multiplied by `scale` (folds the graph's q*scale). */
function scaleQueryColumns(qkv: Matrix, bias: Float32Array, scale: number): { weight: Float32Array; bias: Float32Array } {
  const width = qkv.cols / 3;
  const weight = Float32Array.from(qkv.values);
  for (let r = 0; r < qkv.rows; r++) for (let c = 0; c < width; c++) weight[r * qkv.cols + c]! *= scale;
  const scaledBias = Float32Array.from(bias);
  for (let c = 0; c < width; c++) scaledBias[c]! *= scale;
  return { weight, bias: scaledBias };
}

export interface UseLiteGraphOptions {
  /** 8-bit weights per output column with activations quantised per run (model/onnx/quantize.ts). */
  int8?: boolean;
}

function dense(g: OnnxGraphBuilder, options: UseLiteGraphOptions, x: string, m: Matrix, bias: Float32Array, name: string, values = m.values): string {
  if (options.int8) return quantizedMatMul(g, x, (r, c) => values[r * m.cols + c]!, m.rows, m.cols, g.float(`${name}_b`, [m.cols], bias), name);
  return g.node('Add', [g.node('MatMul', [x, g.float(`${name}_w`, [m.rows, m.cols], values)]), g.float(`${name}_b`, [m.cols], bias)]);
}

function layerNorm(g: OnnxGraphBuilder, x: string, scale: Float32Array, bias: Float32Array, epsilon: number, name: string): string {
  return g.node('LayerNormalization', [x, g.float(`${name}_scale`, [scale.length], scale), g.float(`${name}_bias`, [bias.length], bias)], { axis: -1, epsilon: { float: epsilon } });
}

/** Pre-norm transformer layer of USE-lite (tensor2tensor style): x + attn(ln(x)), then + ffn(ln(.)). */
function transformerLayer(g: OnnxGraphBuilder, options: UseLiteGraphOptions, x: string, attentionBias: string, layer: UseLiteLayer, epsilon: number, name: string): string {
  const width = layer.qkv.cols / 3;
  const headSize = width / layer.heads;
  const normed = layerNorm(g, x, layer.attentionNormScale, layer.attentionNormBias, epsilon, `${name}_ln1`);
  const folded = scaleQueryColumns(layer.qkv, layer.qkvBias, layer.queryScale);
  const qkv = dense(g, options, normed, layer.qkv, folded.bias, `${name}_qkv`, folded.weight);
  const [q, k, v] = ['q', 'k', 'v'].map((part, i) =>
    g.node('Slice', [qkv, g.int64(`${name}_${part}_start`, [i * width]), g.int64(`${name}_${part}_end`, [(i + 1) * width]), g.int64(`${name}_${part}_axis`, [2])]),
  ) as [string, string, string];
  const headShape = g.int64(`${name}_heads_shape`, [0, 0, layer.heads, headSize]);
  const split = (t: string, perm: number[]) => g.node('Transpose', [g.node('Reshape', [t, headShape])], { perm });
  const scores = g.node('Add', [g.node('MatMul', [split(q, [0, 2, 1, 3]), split(k, [0, 2, 3, 1])]), attentionBias]);
  const context = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), split(v, [0, 2, 1, 3])]);
  const merged = g.node('Reshape', [g.node('Transpose', [context], { perm: [0, 2, 1, 3] }), g.int64(`${name}_merge_shape`, [0, 0, width])]);
  const attended = dense(g, options, merged, layer.output, layer.outputBias, `${name}_out`);
  const residual = layer.residual ? dense(g, options, x, layer.residual.weight, layer.residual.bias, `${name}_residual`) : x;
  const afterAttention = g.node('Add', [attended, residual]);
  const ffnNormed = layerNorm(g, afterAttention, layer.ffnNormScale, layer.ffnNormBias, epsilon, `${name}_ln2`);
  const hidden = g.node('Relu', [dense(g, options, ffnNormed, layer.ffnIn, layer.ffnInBias, `${name}_ffn1`)]);
  return g.node('Add', [afterAttention, dense(g, options, hidden, layer.ffnOut, layer.ffnOutBias, `${name}_ffn2`)]);
}

/**
 * USE-lite as an ONNX graph. Inputs: ids int64 [batch, tokens] (right-padded), mask float [batch, tokens] (1 = real
 * token). Outputs: states [batch, tokens, 512] (last transformer layer, the graph's
 * TransformerStack/Layer_1/TransformerLayer/FFN/layer_postprocess/add) and pooled [batch, 512] (masked mean, tanh
 * dense, L2 normalised: the package's sentence vector).
 */
export function buildUseLiteGraph(p: UseLiteParameters, options: UseLiteGraphOptions = {}): Uint8Array {
  const g = new OnnxGraphBuilder('use_lite');
  const ids = g.input(USE_LITE_GRAPH.ids, 'int64', ['batch', 'tokens']);
  const mask = g.input(USE_LITE_GRAPH.mask, 'float32', ['batch', 'tokens']);
  // The graph's timing-signal layer adds its input back as a residual (x + (x + timing)): fold the 2 into the table.
  const doubled = p.embedding.values.map((v) => 2 * v);
  const embedded = g.node('Gather', [g.float('embedding', [p.embedding.rows, p.embedding.cols], doubled), ids]);
  const tokens = g.node('Shape', [ids], { start: 1, end: 2 });
  const timing = g.float('timing', [p.maxTokens, p.embedding.cols], timingSignal(p.inverseTimescales, p.maxTokens));
  const positions = g.node('Slice', [timing, g.int64('timing_start', [0]), tokens, g.int64('timing_axis', [0])]);
  let x = g.node('Add', [embedded, positions]);
  // (mask - 1) * 1e9: 0 for real keys, -1e9 for padding, shaped [batch, 1, 1, tokens] to broadcast over heads and queries.
  const bias = g.node('Mul', [g.node('Sub', [mask, g.scalar('one', 1)]), g.scalar('big', 1e9)]);
  const attentionBias = g.node('Unsqueeze', [bias, g.int64('bias_axes', [1, 2])]);
  p.layers.forEach((layer, l) => {
    x = transformerLayer(g, options, x, attentionBias, layer, p.layerNormEpsilon, `layer${l}`);
  });
  g.output(x, USE_LITE_GRAPH.states, 'float32', ['batch', 'tokens', p.width]);
  const maskColumn = g.node('Unsqueeze', [mask, g.int64('mask_axis', [2])]);
  const summed = g.node('ReduceSum', [g.node('Mul', [x, maskColumn]), g.int64('token_axis', [1])], { keepdims: 0 });
  const counts = g.node('Max', [g.node('ReduceSum', [mask, g.int64('count_axis', [1])], { keepdims: 1 }), g.scalar('min_count', 1)]);
  const hidden = g.node('Tanh', [dense(g, {}, g.node('Div', [summed, counts]), p.poolDense, p.poolBias, 'pool')]);
  const squared = g.node('ReduceSum', [g.node('Mul', [hidden, hidden]), g.int64('feature_axis', [1])], { keepdims: 1 });
  const pooled = g.node('Mul', [hidden, g.node('Reciprocal', [g.node('Sqrt', [g.node('Max', [squared, g.scalar('min_norm', 1e-12)])])])]);
  g.output(pooled, USE_LITE_GRAPH.pooled, 'float32', ['batch', p.width]);
  return g.toBytes(17);
}
