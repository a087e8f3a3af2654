import { dirname, join, resolve } from 'node:path';
import { rehashBundle } from '../bundle-files.js';
import { loadBundle } from '../recommend.js';
import type { tf } from '../tf.js';
import { buildInferenceGraph, defaultScoringGraph, type ScoringGraph, type WeightArray } from './inference-graph.js';
import { ONNX_FILE, writeOnnxModel, type OnnxRecord } from './onnx-record.js';

async function arrayOf(t: tf.Tensor): Promise<WeightArray> {
  return { data: (await t.data()) as Float32Array, shape: t.shape };
}

/**
 * Writes the bundle's serving graph to `out` (default <bundle>/model.onnx) and onnx.json beside it, recording which
 * scoring graph it is: `scoring`, by default two-stage above TWO_STAGE_MIN_ITEMS catalog items and exact below. Exported
 * from the loaded weights and input tables, so it serves whatever model computed the tables (Bert4Rec* or Flare).
 */
export async function exportOnnx(bundleDir: string, out = join(bundleDir, ONNX_FILE), scoring?: ScoringGraph): Promise<OnnxRecord & { path: string }> {
  const model = await loadBundle(bundleDir, { onnx: false });
  try {
    const weights: Record<string, WeightArray> = {};
    for (const [name, tensor] of Object.entries(model.params)) weights[name] = await arrayOf(tensor);
    const tables = { items: await arrayOf(model.tables.items), critiques: await arrayOf(model.tables.critiques) };
    const { numItems } = model.manifest.config;
    const graph = scoring ?? defaultScoringGraph(numItems);
    if (graph.kind === 'two-stage' && !(Number.isInteger(graph.candidates) && graph.candidates >= 1)) throw new RangeError(`candidates must be a positive integer, not ${graph.candidates}`);
    const bytes = buildInferenceGraph(model.manifest.config, weights, tables, graph);
    const record = writeOnnxModel(out, bytes, { bundleWeightsSha256: model.manifest.weightsSha256, numItems, scoring: graph });
    // An export into the bundle adds or replaces files the manifest lists with their SHA-256.
    if (resolve(dirname(out)) === resolve(bundleDir)) rehashBundle(bundleDir);
    return { ...record, path: out };
  } finally {
    model.dispose();
  }
}
