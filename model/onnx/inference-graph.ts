import { LAYER_NORM_EPS } from '../ops.js';
import type { ModelConfig } from '../bert4rec.js';
import { attr, ElementType, GraphBuilder } from './graph-builder.js';

/** A weight as plain data (what the graph embeds as an initializer). */
export interface WeightArray {
  data: Float32Array;
  shape: number[];
}

/** The names and meaning of the exported graph's inputs and outputs: the contract between export and scorer. */
export const GRAPH_INPUTS = {
  /** int64 [batch, length]: rows of concat(tables.items, tables.critiques), as `inferenceLayout` builds them. */
  rows: 'rows',
  /** int64 [batch, length]: tokens (0 padding), for the attention padding mask and to mask seen items. */
  tokens: 'tokens',
  /** int64 [batch]: position of the predicted ([MASK]) token within each row. */
  predictAt: 'predict_at',
  /** int64 [batch, excluded]: catalog indices never to return, -1 as padding. */
  exclude: 'exclude',
  /** int64 [1]: how many items to return (at most numItems). */
  k: 'k',
} as const;

export const GRAPH_OUTPUTS = {
  /** int64 [batch, k]: catalog indices, best first (ties: lower index first). */
  itemIds: 'item_ids',
  /** float [batch, k]: logits; -Infinity past the last catalog item left (when fewer than k remain): drop those. */
  scores: 'scores',
} as const;

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * The output bias with the padding and [MASK] columns at -Infinity, so top-k over the whole vocabulary only ever
 * ranks catalog items first (cheaper than slicing the [batch, V] logits down to the catalog columns).
 */
function catalogOnlyBias(bias: WeightArray): Float32Array {
  const out = Float32Array.from(bias.data);
  out[0] = -Infinity;
  out[out.length - 1] = -Infinity;
  return out;
}

function concatRows(a: WeightArray, b: WeightArray): WeightArray {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { data, shape: [a.shape[0]! + b.shape[0]!, a.shape[1]!] };
}

/**
 * The serving graph of every bundle (see model/README.md): gather input-table rows, learned positions, embedding
 * layer norm, post-LN transformer layers, the head at the predicted position, logits over the vocabulary, seen and
 * excluded items masked, top-k. Only the tables differ between Bert4Rec* and Flare, so this is model-agnostic.
 */
export function buildInferenceGraph(config: ModelConfig, weights: Record<string, WeightArray>, tables: { items: WeightArray; critiques: WeightArray }): Uint8Array {
  const { dModel: d, heads, numItems } = config;
  const dh = d / heads;
  const g = new GraphBuilder();
  const w = (name: string) => {
    const weight = weights[name];
    if (!weight) throw new Error(`the bundle has no weight '${name}'`);
    return g.floats(name, weight.data, weight.shape);
  };
  const rows = g.input(GRAPH_INPUTS.rows, ElementType.int64, ['batch', 'length']);
  const tokens = g.input(GRAPH_INPUTS.tokens, ElementType.int64, ['batch', 'length']);
  const predictAt = g.input(GRAPH_INPUTS.predictAt, ElementType.int64, ['batch']);
  const exclude = g.input(GRAPH_INPUTS.exclude, ElementType.int64, ['batch', 'excluded']);
  const k = g.input(GRAPH_INPUTS.k, ElementType.int64, [1]);

  const table = concatRows(tables.items, tables.critiques);
  const dense = (x: string, name: string) => g.op('Add', [g.op('MatMul', [x, w(`${name}_w`)]), w(`${name}_b`)]);
  const layerNorm = (x: string, name: string) => g.op('LayerNormalization', [x, w(`${name}_gamma`), w(`${name}_beta`)], { axis: attr.int(-1), epsilon: attr.float(LAYER_NORM_EPS) });
  const gelu = (x: string) => {
    const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
    const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, g.scalar(0.044715)])]), g.scalar(GELU_C)]);
    return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [g.scalar(1), g.op('Tanh', [inner])])]);
  };

  const inputs = g.op('Gather', [g.floats('input_table', table.data, table.shape), rows], { axis: attr.int(0) });
  const length = g.op('Shape', [rows], { start: attr.int(1), end: attr.int(2) });
  const positions = g.op('Slice', [w('position_embedding'), g.int64s([0]), length, g.int64s([0])]);
  let x = g.op('LayerNormalization', [g.op('Add', [inputs, positions]), w('embedding_ln_gamma'), w('embedding_ln_beta')], { axis: attr.int(-1), epsilon: attr.float(LAYER_NORM_EPS) });

  const isPadding = g.op('Cast', [g.op('Equal', [tokens, g.int64s([0], [])])], { to: attr.int(ElementType.float) });
  const paddingBias = g.op('Unsqueeze', [g.op('Mul', [isPadding, g.scalar(-1e9)]), g.int64s([1, 2])]);
  const splitHeads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, g.int64s([0, 0, heads, dh])])], { perm: attr.ints(perm) });

  // Only the predicted position reaches the head, so the last layer attends and transforms for that position alone.
  const predictedIndex = g.op('Unsqueeze', [predictAt, g.int64s([1])]);
  const atPrediction = (t: string) => g.op('Unsqueeze', [g.op('GatherND', [t, predictedIndex], { batch_dims: attr.int(1) }), g.int64s([1])]);
  for (let l = 0; l < config.layers; l++) {
    const last = l === config.layers - 1;
    const [q, key, value] = g.opN('Split', [dense(x, `layer${l}_qkv`), g.int64s([d, d, d])], 3, { axis: attr.int(2) }) as [string, string, string];
    const scaledQ = g.op('Mul', [splitHeads(last ? atPrediction(q) : q, [0, 2, 1, 3]), g.scalar(1 / Math.sqrt(dh))]);
    const scores = g.op('Add', [g.op('MatMul', [scaledQ, splitHeads(key, [0, 2, 3, 1])]), paddingBias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: attr.int(-1) }), splitHeads(value, [0, 2, 1, 3])]);
    const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: attr.ints([0, 2, 1, 3]) }), g.int64s([0, 0, d])]);
    x = layerNorm(g.op('Add', [last ? atPrediction(x) : x, dense(merged, `layer${l}_out`)]), `layer${l}_ln1`);
    x = layerNorm(g.op('Add', [x, dense(gelu(dense(x, `layer${l}_ffn1`)), `layer${l}_ffn2`)]), `layer${l}_ln2`);
  }

  const picked = g.op('Reshape', [x, g.int64s([-1, d])]);
  const vectors = layerNorm(gelu(dense(picked, 'head')), 'head_ln');
  // Gemm with transB reads item_embedding [V, d] as stored, and beats MatMul on a pre-transposed copy for one request.
  const bias = g.floats('output_bias', catalogOnlyBias(weights.output_bias!), weights.output_bias!.shape);
  const logits = g.op('Gemm', [vectors, w('item_embedding'), bias], { transB: attr.int(1) });

  // Vocabulary columns to remove: the row's own tokens (history, padding, [MASK]) and the excluded items (index + 1).
  const removed = g.op('Concat', [tokens, g.op('Add', [exclude, g.int64s([1], [])])], { axis: attr.int(1) });
  const minusInfinity = g.op('Expand', [g.scalar(-Infinity), g.op('Shape', [removed])]);
  const masked = g.op('ScatterElements', [logits, removed, minusInfinity], { axis: attr.int(1) });
  const [topScores, topColumns] = g.opN('TopK', [masked, k], 2, { axis: attr.int(-1), largest: attr.int(1), sorted: attr.int(1) }) as [string, string];
  const topIndices = g.op('Sub', [topColumns, g.int64s([1], [])]);

  g.output(topIndices, GRAPH_OUTPUTS.itemIds, ElementType.int64, ['batch', 'k']);
  g.output(topScores, GRAPH_OUTPUTS.scores, ElementType.float, ['batch', 'k']);
  return g.toBytes('flarechat_inference', { numItems: String(numItems), dModel: String(d), maxLength: String(config.maxLength) });
}
