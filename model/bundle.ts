import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { Catalog, type Item } from './catalog.js';
import { BundleError } from './bundle-error.js';
import { checkWeightShapes, hashBundleFiles, verifyBundleFiles, warnOnce, writeManifest } from './bundle-files.js';
import type { ModelConfig, Params } from './bert4rec.js';
import { CritiqueVocabulary } from './critique-vocabulary.js';
import { tf } from './tf.js';

export const BUNDLE_FORMAT = 'flarechat-bundle';
export const BUNDLE_VERSION = 1;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  model: 'bert4rec' | 'flare';
  config: ModelConfig;
  critiqueMode: 'none' | 'broad' | 'precise';
  critiquePaths: string[];
  /** Text encoder the bundle was trained with; null when the model reads no text. */
  encoder: { name: string; version: string; dim: number } | null;
  weights: { name: string; shape: number[]; offset: number; length: number }[];
  weightsSha256: string;
  /**
   * SHA-256 of every file in the bundle folder but this manifest (bundle-files.ts), checked at load; absent in
   * bundles written before the list existed, which load with a warning (`flarechat bundle rehash` adds it).
   */
  files?: Record<string, string>;
  dataset: string;
  metrics?: Record<string, unknown>;
  /** Items appended after training (`flarechat add-items`, POST /v1/items): the last `addedItems` of the catalog. */
  addedItems?: number;
  createdAt: string;
}

export interface LoadedWeights {
  manifest: BundleManifest;
  params: Record<string, tf.Tensor>;
  catalog: Catalog;
  vocabulary: CritiqueVocabulary;
}

export { BundleError } from './bundle-error.js';

/** Writes manifest.json, weights.bin and catalog.jsonl; the manifest last and by rename, so a crash leaves no half bundle. */
export async function saveBundle(dir: string, manifest: Omit<BundleManifest, 'format' | 'version' | 'weights' | 'weightsSha256' | 'createdAt'>, params: Params | Record<string, tf.Tensor>, catalog: Catalog): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(params).sort();
  const entries: BundleManifest['weights'] = [];
  const arrays: Float32Array[] = [];
  let offset = 0;
  for (const name of names) {
    const t = params[name]!;
    const data = (await t.data()) as Float32Array;
    entries.push({ name, shape: t.shape, offset, length: data.length });
    arrays.push(data);
    offset += data.length;
  }
  const all = new Float32Array(offset);
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  const bytes = Buffer.from(all.buffer);
  writeFileSync(join(dir, 'weights.bin'), bytes);
  writeFileSync(join(dir, 'catalog.jsonl'), catalog.items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  const full: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    ...manifest,
    weights: entries,
    weightsSha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: new Date().toISOString(),
    files: hashBundleFiles(dir),
  };
  writeManifest(dir, full);
}

export function readBundleManifest(dir: string): BundleManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new BundleError(`${dir} is not a model bundle (no manifest.json); train one with \`flarechat train\``);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BundleManifest;
  } catch (error) {
    throw new BundleError(`${path} is corrupt: ${(error as Error).message}`);
  }
  if (manifest.format !== BUNDLE_FORMAT) throw new BundleError(`${path}: format '${String(manifest.format)}', expected '${BUNDLE_FORMAT}'`);
  if (manifest.version !== BUNDLE_VERSION) {
    throw new BundleError(`${path}: bundle version ${manifest.version}, this flarechat reads version ${BUNDLE_VERSION}; retrain or export it again`);
  }
  return manifest;
}

function parseCatalogLine(line: string, path: string, number: number): Item {
  try {
    return JSON.parse(line) as Item;
  } catch {
    throw new BundleError(`${path} line ${number} is not valid JSON (a truncated or damaged copy): copy the bundle again or retrain`);
  }
}

export function loadBundleWeights(dir: string): LoadedWeights {
  const manifest = readBundleManifest(dir);
  const weightsPath = join(dir, 'weights.bin');
  if (!existsSync(weightsPath)) throw new BundleError(`${weightsPath} is missing: the bundle is incomplete; copy the whole folder again or retrain`);
  const bytes = readFileSync(weightsPath);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== manifest.weightsSha256) throw new BundleError(`${join(dir, 'weights.bin')} is corrupt (checksum mismatch): retrain or copy the bundle again`);
  checkWeightShapes(dir, manifest, bytes.byteLength);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const params: Record<string, tf.Tensor> = {};
  for (const w of manifest.weights) params[w.name] = tf.tensor(all.subarray(w.offset, w.offset + w.length), w.shape);
  const catalogPath = join(dir, 'catalog.jsonl');
  if (!existsSync(catalogPath)) throw new BundleError(`${catalogPath} is missing: the bundle is incomplete; copy the whole folder again or retrain`);
  const items = readFileSync(catalogPath, 'utf8')
    .split('\n')
    .map((line, i) => (line ? parseCatalogLine(line, catalogPath, i + 1) : undefined))
    .filter((item): item is Item => item !== undefined);
  // After the catalog's own line checks, which name the line: a catalog that parses but changed is caught here.
  // weights.bin was checked above; model.onnx is checked against onnx.json's SHA-256 when onnxruntime opens it.
  for (const warning of verifyBundleFiles(dir, manifest, { verifiedElsewhere: ['weights.bin', 'model.onnx'] })) warnOnce(warning);
  if (items.length !== manifest.config.numItems) throw new BundleError(`${dir}: catalog has ${items.length} items, the model ${manifest.config.numItems}`);
  return { manifest, params, catalog: new Catalog(items), vocabulary: new CritiqueVocabulary(manifest.critiquePaths, manifest.config.critiqueLevels) };
}
