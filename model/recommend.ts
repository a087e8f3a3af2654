import type { Catalog } from './catalog.js';
import { loadBundleWeights, type BundleManifest } from './bundle.js';
import type { CritiqueVocabulary } from './critique-vocabulary.js';
import { OnnxScorer } from './onnx/onnx-scorer.js';
import type { RecommendQuery, RecommendResult } from './recommendation.js';
import { FreeTextCritiques } from './free-text-critique.js';
import { bert4recInputTables, critiqueRow, INPUT_TABLE_NAMES, type InputTables } from './input-tables.js';
import { scoreItems } from './scorer.js';
import { initBackend, type BackendChoice, tf } from './tf.js';

export type { RecommendQuery, RecommendResult } from './recommendation.js';

/** A trained bundle loaded for inference: the model's scores, with history and exclusions removed, top-k. */
export interface LoadedModel {
  readonly manifest: BundleManifest;
  readonly catalog: Catalog;
  readonly vocabulary: CritiqueVocabulary;
  readonly backend: BackendChoice;
  /** The weights as loaded (layers, head, embeddings). */
  readonly params: Record<string, tf.Tensor>;
  /** The user-independent input rows every request gathers from (see input-tables.ts). */
  readonly tables: InputTables;
  recommend(query: RecommendQuery): Promise<RecommendResult>;
  /** Several queries ranked in one model run (the model server's micro-batches). */
  recommendBatch(queries: RecommendQuery[]): Promise<RecommendResult[]>;
  scoreBatch(requests: { history: ArrayLike<number>; critique?: string }[]): Promise<Float32Array[]>;
  describe(): string;
  dispose(): void;
}

export async function loadBundle(dir: string, options: { onnx?: boolean } = {}): Promise<LoadedModel> {
  const tfBackend = await initBackend();
  const { manifest, params, catalog, vocabulary } = loadBundleWeights(dir);
  const tables = storedTables(params) ?? bert4recInputTables(manifest.config, params, catalog, vocabulary);
  const freeText = FreeTextCritiques.supported(manifest) ? new FreeTextCritiques(manifest, params) : undefined;
  // A critique the vocabulary does not know at all is the user's own words: Flare reads them through its encoder.
  const isFreeText = (critique?: string): critique is string => freeText !== undefined && critique !== undefined && critique.trim() !== '' && critiqueRow(vocabulary, critique) === 0;
  const scoreBatch = async (requests: { history: ArrayLike<number>; critique?: string }[]) => {
    const texts = [...new Set(requests.map((r) => r.critique).filter(isFreeText))];
    if (texts.length === 0) return scoreItems(manifest.config, params, tables, vocabulary, requests);
    const rows = await freeText!.rows(texts);
    const extended = { items: tables.items, critiques: tf.concat([tables.critiques, rows]) as tf.Tensor2D };
    const first = tables.critiques.shape[0];
    try {
      return await scoreItems(manifest.config, params, extended, vocabulary, requests.map((r) => (isFreeText(r.critique) ? { ...r, critiqueRowIndex: first + texts.indexOf(r.critique) } : r)));
    } finally {
      tf.dispose([rows, extended.critiques]);
    }
  };
  // A bundle with an exported model.onnx ranks through onnxruntime (model/onnx/); `{ onnx: false }` keeps TF.js.
  const onnx = options.onnx === false ? undefined : await OnnxScorer.open(dir, manifest);
  const backend: BackendChoice = onnx ? { name: onnx.backendName, notes: onnx.notes } : tfBackend;
  const rankWithTf = async (queries: RecommendQuery[]): Promise<RecommendResult[]> => {
    const rows = await scoreBatch(queries.map((q) => ({ history: q.history, critique: q.critique })));
    return queries.map((query, b) => {
      const row = rows[b]!;
      const removed = new Set([...query.history, ...(query.exclude ?? [])]);
      const k = Math.max(0, Math.min(query.k, catalog.size));
      const candidates = Array.from(row.keys()).filter((i) => !removed.has(i));
      candidates.sort((x, y) => row[y]! - row[x]! || x - y);
      return { items: candidates.slice(0, k).map((index) => ({ index, score: row[index]! })) };
    });
  };
  const recommendBatch = async (queries: RecommendQuery[]): Promise<RecommendResult[]> => {
    for (const query of queries) {
      for (const i of [...query.history, ...(query.exclude ?? [])]) {
        if (!Number.isInteger(i) || i < 0 || i >= catalog.size) throw new RangeError(`item index ${i} is not in the catalog (0..${catalog.size - 1})`);
      }
    }
    if (!onnx || queries.some((q) => isFreeText(q.critique))) return rankWithTf(queries);
    return (await onnx.topK(vocabulary, queries)).map((items) => ({ items }));
  };
  return {
    manifest,
    params,
    tables,
    catalog,
    vocabulary,
    backend,
    scoreBatch,
    recommendBatch,
    async recommend(query) {
      return (await recommendBatch([query]))[0]!;
    },
    describe() {
      return `${manifest.model} (${manifest.config.layers} layers, d ${manifest.config.dModel}, critiques ${manifest.critiqueMode}) on ${manifest.dataset}, ${catalog.size} items, ${backend.name}`;
    },
    dispose() {
      onnx?.dispose();
      void freeText?.dispose();
      Object.values(params).forEach((t: tf.Tensor) => t.dispose());
      if (tables.items !== params[INPUT_TABLE_NAMES.items]) tf.dispose([tables.items, tables.critiques]);
    },
  };
}

/** Tables a bundle stores (Flare bundles always do: computing them needs the text features, which bundles do not ship). */
function storedTables(params: Record<string, tf.Tensor>): InputTables | undefined {
  const items = params[INPUT_TABLE_NAMES.items];
  const critiques = params[INPUT_TABLE_NAMES.critiques];
  return items && critiques ? { items: items as tf.Tensor2D, critiques: critiques as tf.Tensor2D } : undefined;
}
