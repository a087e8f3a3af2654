import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParams, type ModelConfig } from '../../../model/bert4rec.js';
import { saveBundle } from '../../../model/bundle.js';
import { Catalog, type Item } from '../../../model/catalog.js';
import { CritiqueVocabulary } from '../../../model/critique-vocabulary.js';
import { exportOnnx } from '../../../model/onnx/export-bundle.js';
import type { ScoringGraph } from '../../../model/onnx/inference-graph.js';
import { initBackend, tf } from '../../../model/tf.js';

export const DEMO_BUNDLE = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');

/** A copy of the shipped demo bundle with model.onnx exported into it (the shipped folder is left untouched). */
export async function exportedDemoBundle(scoring?: ScoringGraph): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-onnx-demo-'));
  cpSync(DEMO_BUNDLE, dir, { recursive: true });
  await exportOnnx(dir, undefined, scoring);
  return dir;
}

/** A freshly initialised (untrained) bundle with precise critiques over a small made-up category tree, exported. */
export async function tinyExportedBundle(seed = 7, scoring?: ScoringGraph, layout: Pick<ModelConfig, 'positionsFromEnd' | 'outputHead'> = {}): Promise<string> {
  await initBackend();
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-onnx-tiny-'));
  const items: Item[] = Array.from({ length: 60 }, (_, i) => ({
    id: `tiny-${i}`,
    title: `Tiny item ${i}`,
    categories: ['Root', `Aisle ${i % 3}`, `Shelf ${i % 6}`, `Bin ${i % 12}`],
  }));
  const catalog = new Catalog(items);
  const vocabulary = CritiqueVocabulary.fromCatalog(catalog, 4);
  const config: ModelConfig = { numItems: items.length, numCritiqueTokens: vocabulary.size, critiqueLevels: 4, maxLength: 8, dModel: 16, heads: 2, layers: 2, dHidden: 32, ...layout };
  await saveBundle(dir, { model: 'bert4rec', config, critiqueMode: 'precise', critiquePaths: vocabulary.paths, encoder: null, dataset: 'tiny' }, initParams(config, seed, layout.outputHead === false ? 'fan-in' : 'bert'), catalog);
  await exportOnnx(dir, undefined, scoring);
  return dir;
}

/**
 * Two copies of one `small` Bert4Rec bundle (d 64, 2 layers, maxLength 50, random weights) over `items` made-up items:
 * `exact` exported with the exact graph, `chosen` with the default export (or `scoring`). The output bias is random too.
 */
export async function syntheticExportedPair(items: number, scoring?: ScoringGraph): Promise<{ exact: string; chosen: string }> {
  await initBackend();
  const exact = mkdtempSync(join(tmpdir(), 'flarechat-onnx-synthetic-'));
  const catalog = new Catalog(Array.from({ length: items }, (_, i): Item => ({ id: `syn-${i}`, title: `Synthetic item ${i}`, categories: [] })));
  const config: ModelConfig = { numItems: items, numCritiqueTokens: 0, critiqueLevels: 0, maxLength: 50, dModel: 64, heads: 2, layers: 2, dHidden: 256 };
  const params: Record<string, tf.Tensor> = initParams(config, 3);
  // A fresh bundle's output bias is zero; a random one checks that both stages of the two-stage graph add it.
  params.output_bias!.dispose();
  params.output_bias = tf.randomNormal([items + 2], 0, 0.02, 'float32', 5);
  await saveBundle(exact, { model: 'bert4rec', config, critiqueMode: 'none', critiquePaths: [], encoder: null, dataset: `synthetic-${items}` }, params, catalog);
  Object.values(params).forEach((t) => t.dispose());
  const chosen = mkdtempSync(join(tmpdir(), 'flarechat-onnx-synthetic-'));
  cpSync(exact, chosen, { recursive: true });
  await exportOnnx(exact, undefined, { kind: 'exact' });
  await exportOnnx(chosen, undefined, scoring);
  return { exact, chosen };
}
