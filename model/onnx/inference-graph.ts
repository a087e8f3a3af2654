import { LAYER_NORM_EPS } from '../ops.js';
import type { ModelConfig } from '../bert4rec.js';
import { ELEMENT_TYPES, OnnxGraphBuilder } from './graph-builder.js';
import { quantizedMatMul } from './quantize.js';

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

/**
 * How the graph scores the catalog. `exact`: every item's float32 logit, then top-k. `two-stage`: an 8-bit first pass
 * over every item picks the best `candidates` (at least k), whose float32 logits are then computed exactly for the
 * final top-k: the returned scores are exact, and an item is missed only if quantisation pushes one of the true top-k
 * out of the candidates. The first pass reads a quarter of the bytes, which is what a one-query run over a large
 * catalog is bound by (memory bandwidth).
 */
export type ScoringGraph = { kind: 'exact' } | { kind: 'two-stage'; candidates: number };

/** Above this many items the exported graph is two-stage by default; below it the exact product is already fast. */
export const TWO_STAGE_MIN_ITEMS = 50_000;
export const DEFAULT_CANDIDATES = 200;

export function defaultScoringGraph(numItems: number): ScoringGraph {
  return numItems > TWO_STAGE_MIN_ITEMS ? { kind: 'two-stage', candidates: DEFAULT_CANDIDATES } : { kind: 'exact' };
}

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
export function buildInferenceGraph(
  config: ModelConfig,
  weights: Record<string, WeightArray>,
  tables: { items: WeightArray; critiques: WeightArray },
  scoring: ScoringGraph = { kind: 'exact' },
): Uint8Array {
  const { dModel: d, heads, numItems } = config;
  const dh = d / heads;
  const g = new OnnxGraphBuilder('flarechat_inference');
  const weight = (name: string) => {
    const found = weights[name];
    if (!found) throw new Error(`the bundle has no weight '${name}'`);
    return found;
  };
  const w = (name: string) => g.float(name, weight(name).shape, weight(name).data);
  const rows = g.input(GRAPH_INPUTS.rows, 'int64', ['batch', 'length']);
  const tokens = g.input(GRAPH_INPUTS.tokens, 'int64', ['batch', 'length']);
  const predictAt = g.input(GRAPH_INPUTS.predictAt, 'int64', ['batch']);
  const exclude = g.input(GRAPH_INPUTS.exclude, 'int64', ['batch', 'excluded']);
  const k = g.input(GRAPH_INPUTS.k, 'int64', [1]);

  const table = concatRows(tables.items, tables.critiques);
  const dense = (x: string, name: string) => g.node('Add', [g.node('MatMul', [x, w(`${name}_w`)]), w(`${name}_b`)]);
  const layerNorm = (x: string, name: string) => g.node('LayerNormalization', [x, w(`${name}_gamma`), w(`${name}_beta`)], { axis: -1, epsilon: { float: LAYER_NORM_EPS } });
  const gelu = (x: string) => {
    const cube = g.node('Mul', [g.node('Mul', [x, x]), x]);
    const inner = g.node('Mul', [g.node('Add', [x, g.node('Mul', [cube, g.scalar('gelu_a', 0.044715)])]), g.scalar('gelu_c', GELU_C)]);
    return g.node('Mul', [g.node('Mul', [x, g.scalar('half', 0.5)]), g.node('Add', [g.scalar('one', 1), g.node('Tanh', [inner])])]);
  };

  const inputs = g.node('Gather', [g.float('input_table', table.shape, table.data), rows], { axis: 0 });
  const length = g.node('Shape', [rows], { start: 1, end: 2 });
  // Positions from the start: rows 0..length-1. From the end (ModelConfig.positionsFromEnd): token t of a row whose
  // [MASK] is at predict_at takes position L-1-(predict_at-t); padding after the [MASK] is clamped (never attended).
  const positions = config.positionsFromEnd
    ? (() => {
        const columns = g.node('Unsqueeze', [g.node('Range', [g.int64('range_start', [0], []), g.node('Squeeze', [length, g.int64('squeeze_axis', [0])]), g.int64('range_step', [1], [])]), g.int64('row_axis', [0])]);
        const offset = g.node('Unsqueeze', [g.node('Sub', [g.int64('last_position', [config.maxLength - 1], []), predictAt]), g.int64('column_axis', [1])]);
        const ids = g.node('Min', [g.node('Add', [columns, offset]), g.int64('max_position', [config.maxLength - 1], [])]);
        return g.node('Gather', [w('position_embedding'), ids], { axis: 0 });
      })()
    : g.node('Slice', [w('position_embedding'), g.int64('zero', [0]), length, g.int64('zero', [0])]);
  let x = layerNorm(g.node('Add', [inputs, positions]), 'embedding_ln');

  const isPadding = g.node('Cast', [g.node('Equal', [tokens, g.int64('padding', [0], [])])], { to: ELEMENT_TYPES.float32 });
  const paddingBias = g.node('Unsqueeze', [g.node('Mul', [isPadding, g.scalar('big', -1e9)]), g.int64('axes', [1, 2])]);
  const headShape = g.int64('head_shape', [0, 0, heads, dh]);
  const splitHeads = (t: string, perm: number[]) => g.node('Transpose', [g.node('Reshape', [t, headShape])], { perm });

  // Only the predicted position reaches the head, so the last layer attends and transforms for that position alone.
  const predictedIndex = g.node('Unsqueeze', [predictAt, g.int64('axis', [1])]);
  const atPrediction = (t: string) => g.node('Unsqueeze', [g.node('GatherND', [t, predictedIndex], { batch_dims: 1 }), g.int64('axis', [1])]);
  for (let l = 0; l < config.layers; l++) {
    const last = l === config.layers - 1;
    const [q, key, value] = g.nodeN('Split', [dense(x, `layer${l}_qkv`), g.int64('split', [d, d, d])], 3, { axis: 2 }) as [string, string, string];
    const scaledQ = g.node('Mul', [splitHeads(last ? atPrediction(q) : q, [0, 2, 1, 3]), g.scalar('scale', 1 / Math.sqrt(dh))]);
    const scores = g.node('Add', [g.node('MatMul', [scaledQ, splitHeads(key, [0, 2, 3, 1])]), paddingBias]);
    const context = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), splitHeads(value, [0, 2, 1, 3])]);
    const merged = g.node('Reshape', [g.node('Transpose', [context], { perm: [0, 2, 1, 3] }), g.int64('merge_shape', [0, 0, d])]);
    x = layerNorm(g.node('Add', [last ? atPrediction(x) : x, dense(merged, `layer${l}_out`)]), `layer${l}_ln1`);
    x = layerNorm(g.node('Add', [x, dense(gelu(dense(x, `layer${l}_ffn1`)), `layer${l}_ffn2`)]), `layer${l}_ln2`);
  }

  const picked = g.node('Reshape', [x, g.int64('vector_shape', [-1, d])]);
  const vectors = weights.head_w ? layerNorm(gelu(dense(picked, 'head')), 'head_ln') : picked;
  const bias = g.float('output_bias', weight('output_bias').shape, catalogOnlyBias(weight('output_bias')));
  // Flare with text at the output scores by the items' input rows (ID + text context), as the TF.js scorer does.
  const output = config.flare?.outputText ? tables.items : weight('item_embedding');
  const embedding = g.float('output_rows', output.shape, output.data);
  // Vocabulary columns to remove: the row's own tokens (history, padding, [MASK]) and the excluded items (index + 1).
  const removed = g.node('Concat', [tokens, g.node('Add', [exclude, g.int64('one', [1], [])])], { axis: 1 });
  const minusInfinity = g.scalar('minus_infinity', -Infinity);
  const maskRemoved = (logits: string) => g.node('ScatterElements', [logits, removed, g.node('Expand', [minusInfinity, g.node('Shape', [removed])])], { axis: 1 });
  const topK = (scores: string, count: string) => g.nodeN('TopK', [scores, count], 2, { axis: -1, largest: 1, sorted: 1 }) as [string, string];

  let topScores: string;
  let topColumns: string;
  if (scoring.kind === 'exact') {
    // Gemm with transB reads item_embedding [V, d] as stored, and beats MatMul on a pre-transposed copy for one request.
    [topScores, topColumns] = topK(maskRemoved(g.node('Gemm', [vectors, embedding, bias], { transB: 1 })), k);
  } else {
    const vocabulary = output.shape[0]!;
    // One scale per item: DynamicQuantizeMatMul takes B as [K, N] with a scale per column, so the [V, d] rows are read transposed.
    // The query side is quantised per run over the whole batch; every row of it left a layer norm (the head's, or the last layer's without a head), so the rows share a range.
    const approximate = quantizedMatMul(g, vectors, (r, c) => output.data[c * d + r]!, d, vocabulary, bias, 'item_embedding');
    const count = g.node('Max', [k, g.int64('candidates', [Math.min(scoring.candidates, numItems)])]);
    const [firstScores, candidates] = topK(maskRemoved(approximate), count);
    const candidateRows = g.node('Gather', [embedding, candidates], { axis: 0 });
    const dot = g.node('MatMul', [candidateRows, g.node('Unsqueeze', [vectors, g.int64('axis', [2])])]);
    const exact = g.node('Add', [g.node('Squeeze', [dot, g.int64('axis', [2])]), g.node('Gather', [bias, candidates], { axis: 0 })]);
    // Candidates the first pass scored -Infinity are removed items (fewer than `count` left): they stay removed.
    const rescored = g.node('Where', [g.node('IsInf', [firstScores], { detect_positive: 0 }), minusInfinity, exact]);
    let positions: string;
    [topScores, positions] = topK(rescored, k);
    topColumns = g.node('GatherElements', [candidates, positions], { axis: 1 });
  }
  const topIndices = g.node('Sub', [topColumns, g.int64('one', [1], [])]);

  g.output(topIndices, GRAPH_OUTPUTS.itemIds, 'int64', ['batch', 'k']);
  g.output(topScores, GRAPH_OUTPUTS.scores, 'float32', ['batch', 'k']);
  const metadata: Record<string, string> = { numItems: String(numItems), dModel: String(d), maxLength: String(config.maxLength), scoring: scoring.kind };
  if (scoring.kind === 'two-stage') metadata.candidates = String(scoring.candidates);
  return g.toBytes(undefined, metadata);
}
