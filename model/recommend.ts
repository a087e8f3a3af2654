import type { Catalog } from './catalog.js';
import { loadBundleWeights, type BundleManifest } from './bundle.js';
import type { CritiqueVocabulary } from './critique-vocabulary.js';
import { scoreItems } from './scorer.js';
import { initBackend, type BackendChoice, tf } from './tf.js';

export interface RecommendQuery {
  history: number[];
  critique?: string;
  k: number;
  exclude?: number[];
}

/** A trained bundle loaded for inference: the model's scores, with history and exclusions removed, top-k. */
export interface LoadedModel {
  readonly manifest: BundleManifest;
  readonly catalog: Catalog;
  readonly vocabulary: CritiqueVocabulary;
  readonly backend: BackendChoice;
  recommend(query: RecommendQuery): Promise<{ items: { index: number; score: number }[] }>;
  scoreBatch(requests: { history: ArrayLike<number>; critique?: string }[]): Promise<Float32Array[]>;
  describe(): string;
  dispose(): void;
}

export async function loadBundle(dir: string): Promise<LoadedModel> {
  const backend = await initBackend();
  const { manifest, params, catalog, vocabulary } = loadBundleWeights(dir);
  const scoreBatch = (requests: { history: ArrayLike<number>; critique?: string }[]) => scoreItems(manifest.config, params, catalog, vocabulary, requests);
  return {
    manifest,
    catalog,
    vocabulary,
    backend,
    scoreBatch,
    async recommend(query) {
      for (const i of [...query.history, ...(query.exclude ?? [])]) {
        if (!Number.isInteger(i) || i < 0 || i >= catalog.size) throw new RangeError(`item index ${i} is not in the catalog (0..${catalog.size - 1})`);
      }
      const [scores] = await scoreBatch([{ history: query.history, critique: query.critique }]);
      const removed = new Set([...query.history, ...(query.exclude ?? [])]);
      const order: number[] = [];
      const row = scores!;
      const k = Math.max(0, Math.min(query.k, catalog.size));
      const candidates = Array.from(row.keys()).filter((i) => !removed.has(i));
      candidates.sort((a, b) => row[b]! - row[a]! || a - b);
      for (const i of candidates.slice(0, k)) order.push(i);
      return { items: order.map((index) => ({ index, score: row[index]! })) };
    },
    describe() {
      return `${manifest.model} (${manifest.config.layers} layers, d ${manifest.config.dModel}, critiques ${manifest.critiqueMode}) on ${manifest.dataset}, ${catalog.size} items, ${backend.name}`;
    },
    dispose() {
      Object.values(params).forEach((t: tf.Tensor) => t.dispose());
    },
  };
}
