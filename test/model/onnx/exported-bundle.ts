import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParams, type ModelConfig } from '../../../model/bert4rec.js';
import { saveBundle } from '../../../model/bundle.js';
import { Catalog, type Item } from '../../../model/catalog.js';
import { CritiqueVocabulary } from '../../../model/critique-vocabulary.js';
import { exportOnnx } from '../../../model/onnx/export-bundle.js';
import { initBackend } from '../../../model/tf.js';

export const DEMO_BUNDLE = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');

/** A copy of the shipped demo bundle with model.onnx exported into it (the shipped folder is left untouched). */
export async function exportedDemoBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-onnx-demo-'));
  cpSync(DEMO_BUNDLE, dir, { recursive: true });
  await exportOnnx(dir);
  return dir;
}

/** A freshly initialised (untrained) bundle with precise critiques over a small made-up category tree, exported. */
export async function tinyExportedBundle(seed = 7): Promise<string> {
  await initBackend();
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-onnx-tiny-'));
  const items: Item[] = Array.from({ length: 60 }, (_, i) => ({
    id: `tiny-${i}`,
    title: `Tiny item ${i}`,
    categories: ['Root', `Aisle ${i % 3}`, `Shelf ${i % 6}`, `Bin ${i % 12}`],
  }));
  const catalog = new Catalog(items);
  const vocabulary = CritiqueVocabulary.fromCatalog(catalog, 4);
  const config: ModelConfig = { numItems: items.length, numCritiqueTokens: vocabulary.size, critiqueLevels: 4, maxLength: 8, dModel: 16, heads: 2, layers: 2, dHidden: 32 };
  await saveBundle(dir, { model: 'bert4rec', config, critiqueMode: 'precise', critiquePaths: vocabulary.paths, encoder: null, dataset: 'tiny' }, initParams(config, seed), catalog);
  await exportOnnx(dir);
  return dir;
}
