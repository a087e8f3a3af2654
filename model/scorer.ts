import type { Catalog } from './catalog.js';
import { encodeInputs, headVectors, logitsFromVectors, maskToken, positionOf, withRepeatBias, type ModelConfig, type Params } from './bert4rec.js';
import type { CritiqueVocabulary } from './critique-vocabulary.js';
import { critiqueRow, type InputTables } from './input-tables.js';
import { gatherRows } from './ops.js';
import { tf } from './tf.js';

export interface ScoreRequest {
  /** Item indices (0-based catalog positions), oldest first. */
  history: ArrayLike<number>;
  /** Critique for the predicted position: category levels or an "A - B - C" path. */
  critique?: readonly string[] | string;
  /** A critique row given directly (e.g. a free-text critique appended to the table), instead of looking `critique` up. */
  critiqueRowIndex?: number;
}

/**
 * The inference layout: the last maxLength-1 history items, then [MASK] at the predicted position. `rows` index the
 * concatenation [tables.items; tables.critiques], so the masked position takes the row of its critique.
 */
export function inferenceLayout(config: ModelConfig, vocabulary: CritiqueVocabulary, requests: readonly ScoreRequest[]) {
  const len = Math.min(config.maxLength, Math.max(1, ...requests.map((r) => Math.min(r.history.length, config.maxLength - 1) + 1)));
  const tokens = new Int32Array(requests.length * len);
  const rows = new Int32Array(requests.length * len);
  const positions = new Int32Array(requests.length * len);
  const predictAt = new Int32Array(requests.length);
  const critiqueBase = config.numItems + 2;
  requests.forEach((r, b) => {
    const history = Array.from(r.history).slice(-(config.maxLength - 1));
    history.forEach((item, t) => {
      tokens[b * len + t] = item + 1;
      rows[b * len + t] = item + 1;
    });
    const at = history.length;
    for (let t = 0; t <= at; t++) positions[b * len + t] = positionOf(config, t, at + 1);
    tokens[b * len + at] = maskToken(config);
    rows[b * len + at] = critiqueBase + (r.critiqueRowIndex ?? critiqueRow(vocabulary, r.critique));
    predictAt[b] = b * len + at;
  });
  return { tokens, rows, positions, predictAt, batch: requests.length, length: len };
}

/** Logits [B, V] for requests, from precomputed input tables. */
export function scoreFromTables(config: ModelConfig, p: Params | Record<string, tf.Tensor>, tables: InputTables, vocabulary: CritiqueVocabulary, requests: readonly ScoreRequest[]): tf.Tensor2D {
  return tf.tidy(() => {
    const layout = inferenceLayout(config, vocabulary, requests);
    const tokens = tf.tensor2d(layout.tokens, [layout.batch, layout.length], 'int32');
    const table = tf.concat([tables.items, tables.critiques]);
    const inputs = tf.reshape(tf.gather(table, tf.tensor1d(layout.rows, 'int32')), [layout.batch, layout.length, config.dModel]);
    const params = p as Params;
    const positions = config.positionsFromEnd ? { positions: tf.tensor2d(layout.positions, [layout.batch, layout.length], 'int32') } : {};
    const hidden = encodeInputs(config, params, inputs, { tokens, ...positions });
    const picked = gatherRows(tf.reshape(hidden, [-1, config.dModel]), tf.tensor1d(layout.predictAt, 'int32'));
    const logits = logitsFromVectors(params, headVectors(params, picked), config.flare?.outputText ? tables.items : undefined);
    return withRepeatBias(config, params, logits, layout) as tf.Tensor2D;
  });
}

/** Scores of every catalog item (index i = item i) for each request. */
export async function scoreItems(config: ModelConfig, params: Params | Record<string, tf.Tensor>, tables: InputTables, vocabulary: CritiqueVocabulary, requests: readonly ScoreRequest[]): Promise<Float32Array[]> {
  if (requests.length === 0) return [];
  const out = tf.tidy(() => tf.slice(scoreFromTables(config, params, tables, vocabulary, requests), [0, 1], [requests.length, config.numItems]));
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return requests.map((_, i) => data.slice(i * config.numItems, (i + 1) * config.numItems));
}

export type { Catalog };
