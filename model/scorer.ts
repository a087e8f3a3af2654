import type { Catalog } from './catalog.js';
import { logits, maskToken, type ModelConfig, type Params } from './bert4rec.js';
import type { CritiqueVocabulary } from './critique-vocabulary.js';
import { tf } from './tf.js';

export interface ScoreRequest {
  /** Item indices (0-based catalog positions), oldest first. */
  history: ArrayLike<number>;
  /** Critique for the predicted position: category levels or an "A - B - C" path. */
  critique?: readonly string[] | string;
}

/**
 * Builds the inference input: the last maxLength-1 history items, then [MASK] at the predicted position. History
 * positions carry their own items' critiques when the model was trained with critiques, as in training.
 */
export function inferenceBatch(config: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, requests: readonly ScoreRequest[]) {
  const len = Math.min(config.maxLength, Math.max(1, ...requests.map((r) => Math.min(r.history.length, config.maxLength - 1) + 1)));
  const levels = Math.max(1, vocabulary.levels);
  const tokens = new Int32Array(requests.length * len);
  const critiques = new Int32Array(requests.length * len * levels);
  const predictAt = new Int32Array(requests.length);
  requests.forEach((r, b) => {
    const history = Array.from(r.history).slice(-(config.maxLength - 1));
    history.forEach((item, t) => {
      tokens[b * len + t] = item + 1;
      if (vocabulary.levels > 0) critiques.set(vocabulary.encode(catalog.item(item).categories), (b * len + t) * levels);
    });
    const at = history.length;
    tokens[b * len + at] = maskToken(config);
    if (vocabulary.levels > 0 && r.critique !== undefined) critiques.set(vocabulary.encode(r.critique), (b * len + at) * levels);
    predictAt[b] = b * len + at;
  });
  return {
    tokens: tf.tensor2d(tokens, [requests.length, len], 'int32'),
    critiques: tf.tensor3d(critiques, [requests.length, len, levels], 'int32'),
    predictAt: tf.tensor1d(predictAt, 'int32'),
  };
}

/** Scores of every catalog item (index i = item i) for each request. */
export async function scoreItems(config: ModelConfig, params: Params | Record<string, tf.Tensor>, catalog: Catalog, vocabulary: CritiqueVocabulary, requests: readonly ScoreRequest[]): Promise<Float32Array[]> {
  if (requests.length === 0) return [];
  const out = tf.tidy(() => {
    const input = inferenceBatch(config, catalog, vocabulary, requests);
    const all = logits(config, params as Params, input);
    return tf.slice(all, [0, 1], [requests.length, config.numItems]);
  });
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return requests.map((_, i) => data.slice(i * config.numItems, (i + 1) * config.numItems));
}
