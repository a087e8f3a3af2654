import { join } from 'node:path';
import { loadBundle } from '../recommend.js';
import type { tf } from '../tf.js';
import { buildInferenceGraph, type WeightArray } from './inference-graph.js';
import { ONNX_FILE, writeOnnxModel, type OnnxRecord } from './onnx-record.js';

async function arrayOf(t: tf.Tensor): Promise<WeightArray> {
  return { data: (await t.data()) as Float32Array, shape: t.shape };
}

/**
 * Writes the bundle's serving graph to `out` (default <bundle>/model.onnx) and onnx.json beside it. Exported from the
 * loaded weights and input tables, so it serves whatever model computed the tables (Bert4Rec* or Flare).
 */
export async function exportOnnx(bundleDir: string, out = join(bundleDir, ONNX_FILE)): Promise<OnnxRecord & { path: string }> {
  const model = await loadBundle(bundleDir, { onnx: false });
  try {
    const weights: Record<string, WeightArray> = {};
    for (const [name, tensor] of Object.entries(model.params)) weights[name] = await arrayOf(tensor);
    const tables = { items: await arrayOf(model.tables.items), critiques: await arrayOf(model.tables.critiques) };
    const bytes = buildInferenceGraph(model.manifest.config, weights, tables);
    const record = writeOnnxModel(out, bytes, { bundleWeightsSha256: model.manifest.weightsSha256, numItems: model.manifest.config.numItems });
    return { ...record, path: out };
  } finally {
    model.dispose();
  }
}
