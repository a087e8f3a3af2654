import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { maskToken, type ModelConfig, type Params } from './bert4rec.js';
import { loadBundleWeights, saveBundle, type BundleManifest } from './bundle.js';
import { Catalog, type Item } from './catalog.js';
import { DEFAULT_MAX_TEXT_TOKENS } from './flare-config.js';
import { flareFeatures, textContext, UNSEEN_ITEM_EMBEDDING } from './flare.js';
import { encodeCritiqueTexts } from './free-text-critique.js';
import { critiqueRow, INPUT_TABLE_NAMES } from './input-tables.js';
import { exportOnnx } from './onnx/export-bundle.js';
import { ONNX_FILE, ONNX_RECORD_FILE, type OnnxRecord } from './onnx/onnx-record.js';
import { encodeTextFeatures, itemDescription, openTextEncoder, type TextEncoder } from './text-encoder/index.js';
import { applyTextToId, fitTextToId, nearestTextRows } from './text-to-id.js';
import { tf } from './tf.js';

/**
 * Items added to a trained Flare bundle without retraining (issue 19). A new item's input row is built as trained
 * items' rows are (input-tables.ts): an ID part plus the Perceiver's text context of its description and its own
 * category critique, with the ID part the learned unseen-item embedding (flare.ts UNSEEN_ITEM_EMBEDDING), or zero (the
 * text alone) in a bundle trained without one. That is what the model learned to read for an ID it does not know.
 *
 * How a new item is scored at the output (the output layer is tied to the item embedding plus a bias):
 * - the usual bundle (ID rows at the output): its output row and bias are those its text points to among the trained
 *   items (text-to-id.ts): 'nearest-text' (the default) blends the ID rows and biases of the 20 trained items with the
 *   nearest text contexts, weighted by softmax(cosine / 0.02), so a near-copy of a trained item ranks as that item;
 *   'linear-text' is a ridge-regression map from text context to [ID row, bias] fitted on the trained items.
 *   Neither the unseen row (the same for every new item: all would tie) nor the raw text context (at about 16x the
 *   ID rows' scale: every new item would top or trail every list, whatever the history) ranks like a trained item.
 *   On the demo bundle a new Karter beaker set ranked 1st of 22 beakers after a history of beakers with the nearest
 *   rows, 20th with the linear map; `flarechat experiment cold-start` measures both on held-out items;
 * - a bundle scoring by ID + text context at the output (outputText): the same input-table row, as trained items are
 *   scored by their table rows, with the mean output bias of the trained items.
 */
export interface AddItemsResult {
  /** Items appended to the catalog (0 when every id was already there: the bundle is left as it was). */
  added: number;
  /** Ids already in the catalog with the same content (adding is idempotent). */
  alreadyPresent: number;
  /** Where the new items' ID part came from. */
  idSource: 'unseen-embedding' | 'text-only';
  /** How new items are scored at the output (see the module comment). */
  outputScoring: OutputRowMethod | 'input-row';
  /** Catalog size afterwards. */
  numItems: number;
  /** Whether model.onnx was exported again. */
  onnx: boolean;
  seconds: number;
}

/** Where a new item's output row and bias come from in a bundle with ID rows at the output (see the module comment). */
export type OutputRowMethod = 'nearest-text' | 'linear-text';

export interface AddItemsOptions {
  /** Default 'nearest-text'. */
  outputRows?: OutputRowMethod;
  /** The text encoder to open instead of the one the manifest names (a folder encoder that moved); it must be the same model. */
  encoder?: string;
  log?: (line: string) => void;
}

/** Why an item cannot be added: a one-line message for the user (`flarechat add-items`, POST /v1/items' 400). */
export class AddItemsError extends Error {
  readonly userFacing = true;
}

/** Plain text of how the ID part of new items is chosen, for the command's output. */
export function describeIdSource(source: AddItemsResult['idSource']): string {
  return source === 'unseen-embedding'
    ? 'ID part: the learned unseen-item embedding'
    : 'ID part: none (the bundle was trained without the unseen-item embedding, so new items rank by their text alone; retrain with --unseen-item-rate for a learned one)';
}

const sameItem = (a: Item, b: Item) => JSON.stringify([a.id, a.title, a.categories, a.brand ?? null, a.price ?? null]) === JSON.stringify([b.id, b.title, b.categories, b.brand ?? null, b.price ?? null]);

/** Refuses what cannot take new items, before anything heavy is loaded. */
export function checkCanAddItems(dir: string, manifest: BundleManifest): void {
  if (manifest.model !== 'flare' || !manifest.config.flare) {
    throw new AddItemsError(`${dir} is a Bert4Rec* bundle: it ranks items only by the ID embeddings it trained and has no text path to place an item it never saw; add items to a Flare bundle (flarechat train --model flare)`);
  }
  if (!manifest.encoder) throw new AddItemsError(`${dir} records no text encoder, so new items' text cannot be read the way it was trained; retrain the bundle`);
}

async function openBundleEncoder(dir: string, manifest: BundleManifest, spec?: string): Promise<TextEncoder> {
  const expected = manifest.encoder!;
  let encoder: TextEncoder;
  try {
    encoder = await openTextEncoder(spec ?? expected.name, { expectedDim: expected.dim });
  } catch (error) {
    throw new AddItemsError(`cannot open the text encoder ${spec ?? expected.name} that ${dir} was trained with: ${(error as Error).message.split('\n')[0]}`);
  }
  if (encoder.info.name !== expected.name || encoder.info.dim !== expected.dim) {
    await encoder.dispose();
    throw new AddItemsError(`${dir} was trained with text encoder ${expected.name} (${expected.dim}-d), not ${encoder.info.name} (${encoder.info.dim}-d): new items must be read by the same encoder`);
  }
  return encoder;
}

/** Text contexts [k, d] of new items: (description, own category critique) through the Perceiver. */
async function newItemContexts(config: ModelConfig, params: Record<string, tf.Tensor>, manifest: BundleManifest, vocabularyOf: (categories: readonly string[]) => string | undefined, encoder: TextEncoder, items: readonly Item[]): Promise<tf.Tensor2D> {
  const flare = config.flare!;
  const descriptions = items.map((item) => itemDescription(item));
  const texts = await encodeTextFeatures(encoder, descriptions, { maxTokens: flare.maxTextTokens ?? DEFAULT_MAX_TEXT_TOKENS, poolTo: flare.textTokens });
  // Each item's own critique path, as trained items carry it in the tables (only the distinct ones are encoded).
  const paths = items.map((item) => vocabularyOf(item.categories));
  const distinct = [...new Set(paths.filter((p): p is string => p !== undefined))];
  const critiques = distinct.length
    ? await encodeCritiqueTexts(encoder, distinct, flare.critiqueTokens)
    : { count: 0, tokens: flare.critiqueTokens, dim: texts.dim, states: new Float32Array(0), mask: new Uint8Array(0) };
  const features = flareFeatures(texts, critiques);
  const critiqueRows = paths.map((p) => (p === undefined ? features.numCritiques : distinct.indexOf(p)));
  const chunk = 1024;
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < items.length; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, items.length - start) }, (_, i) => start + i);
    parts.push(tf.tidy(() => textContext(config, flare, params as Params, features, rows, rows.map((r) => critiqueRows[r]!))));
  }
  const contexts = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return contexts;
}

/** Output rows and biases of new items from their text contexts, in a bundle with ID rows at the output (see above). */
function predictedOutputRows(params: Record<string, tf.Tensor>, trained: number, contexts: tf.Tensor2D, method: OutputRowMethod): { rows: tf.Tensor2D; bias: tf.Tensor1D } {
  const d = contexts.shape[1];
  const [ids, trainedContexts, bias] = tf.tidy(() => {
    const ids = tf.slice(params.item_embedding!, [1, 0], [trained, d]) as tf.Tensor2D;
    return [ids, tf.sub(tf.slice(params[INPUT_TABLE_NAMES.items]!, [1, 0], [trained, d]), ids) as tf.Tensor2D, tf.slice(params.output_bias!, [1], [trained]) as tf.Tensor1D];
  });
  try {
    return method === 'nearest-text' ? nearestTextRows(trainedContexts, ids, bias, contexts) : applyTextToId(fitTextToId(trainedContexts, ids, bias), contexts);
  } finally {
    tf.dispose([ids, trainedContexts, bias]);
  }
}

/** Rows 0..n of a [n+2, ...] vocabulary tensor, then `added`, then its last row (the [MASK]). */
function insertBeforeMask(table: tf.Tensor, added: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n = table.shape[0]! - 1;
    const rest = table.shape.slice(1);
    const head = tf.slice(table, [0, ...rest.map(() => 0)], [n, ...rest]);
    const mask = tf.slice(table, [n, ...rest.map(() => 0)], [1, ...rest]);
    return tf.concat([head, added, mask]);
  });
}

/**
 * Writes the bundle with the new items into a staging folder beside it (weights, catalog, ONNX export, the other files
 * copied), then swaps the folders by rename: a crash leaves the old bundle or the new one, never a mix.
 */
async function replaceBundle(dir: string, write: (staging: string) => Promise<void>): Promise<void> {
  const staging = join(dirname(dir), `.${basename(dir)}.adding-${process.pid}`);
  const retired = join(dirname(dir), `.${basename(dir)}.replaced-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    await write(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(retired, { recursive: true, force: true });
  renameSync(dir, retired);
  renameSync(staging, dir);
  rmSync(retired, { recursive: true, force: true });
}

/** Adds `items` to the Flare bundle in `dir` (see the module comment); ids already present with the same content are skipped. */
export async function addItemsToBundle(dir: string, items: readonly Item[], options: AddItemsOptions = {}): Promise<AddItemsResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const loaded = loadBundleWeights(dir);
  const { manifest, params, catalog, vocabulary } = loaded;
  try {
    checkCanAddItems(dir, manifest);
    const fresh: Item[] = [];
    let alreadyPresent = 0;
    for (const item of items) {
      const at = catalog.indexOf(item.id);
      if (at === undefined) fresh.push(item);
      else if (sameItem(catalog.item(at), item)) alreadyPresent++;
      else throw new AddItemsError(`item '${item.id.slice(0, 64)}' is already in the catalog of ${dir} with other content ('${catalog.item(at).title.slice(0, 60)}'): adding never changes an existing item; give the new one its own id`);
    }
    const idSource: AddItemsResult['idSource'] = params[UNSEEN_ITEM_EMBEDDING] ? 'unseen-embedding' : 'text-only';
    const tables = params[INPUT_TABLE_NAMES.items];
    if (!tables || !params[INPUT_TABLE_NAMES.critiques]) throw new AddItemsError(`${dir} has no stored input tables (a Flare bundle from before they were stored): retrain it`);
    const outputScoring: AddItemsResult['outputScoring'] = manifest.config.flare!.outputText ? 'input-row' : (options.outputRows ?? 'nearest-text');
    if (fresh.length === 0) return { added: 0, alreadyPresent, idSource, outputScoring, numItems: catalog.size, onnx: existsSync(join(dir, ONNX_FILE)), seconds: (performance.now() - started) / 1000 };
    const encoder = await openBundleEncoder(dir, manifest, options.encoder);
    let contexts: tf.Tensor2D;
    try {
      log(`encoding ${fresh.length} item descriptions with ${manifest.encoder!.name}`);
      const ownPath = (categories: readonly string[]) => {
        const row = vocabulary.levels > 0 ? critiqueRow(vocabulary, categories) : 0;
        return row > 0 ? vocabulary.paths[row - 1] : undefined;
      };
      contexts = await newItemContexts(manifest.config, params, manifest, ownPath, encoder, fresh);
    } finally {
      await encoder.dispose();
    }
    const config: ModelConfig = { ...manifest.config, numItems: catalog.size + fresh.length };
    const n = catalog.size;
    const k = fresh.length;
    const unseen = params[UNSEEN_ITEM_EMBEDDING];
    const inputRows = unseen ? tf.tidy(() => tf.add(contexts, unseen) as tf.Tensor2D) : contexts;
    let output: { rows: tf.Tensor2D; bias: tf.Tensor1D };
    if (config.flare!.outputText) {
      // Scored by the table row; item_embedding keeps the ID part alone (table = ID + text, as for trained items).
      const trainedBias = tf.tidy(() => tf.mean(tf.slice(params.output_bias!, [1], [n - (manifest.addedItems ?? 0)])));
      output = { rows: unseen ? tf.tidy(() => tf.tile(tf.reshape(unseen, [1, -1]), [k, 1]) as tf.Tensor2D) : tf.zeros([k, config.dModel]), bias: tf.tidy(() => tf.tile(tf.reshape(trainedBias, [1]), [k]) as tf.Tensor1D) };
      trainedBias.dispose();
    } else output = predictedOutputRows(params, n - (manifest.addedItems ?? 0), contexts, outputScoring as OutputRowMethod);
    const updated: Record<string, tf.Tensor> = {
      ...params,
      item_embedding: insertBeforeMask(params.item_embedding!, output.rows),
      output_bias: insertBeforeMask(params.output_bias!, output.bias),
      [INPUT_TABLE_NAMES.items]: insertBeforeMask(tables, inputRows),
    };
    if (maskToken(config) !== updated.item_embedding!.shape[0]! - 1) throw new Error('add-items: the [MASK] row moved');
    const onnxRecord = existsSync(join(dir, ONNX_RECORD_FILE)) ? (JSON.parse(readFileSync(join(dir, ONNX_RECORD_FILE), 'utf8')) as OnnxRecord) : undefined;
    const hadOnnx = existsSync(join(dir, ONNX_FILE));
    const { format: _f, version: _v, weights: _w, weightsSha256: _s, createdAt: _c, files: _h, ...kept } = manifest;
    const addedBefore = manifest.addedItems ?? 0;
    await replaceBundle(dir, async (staging) => {
      // Reports and charts of the training run stay with the bundle (copied first, so saveBundle lists their
      // SHA-256 with the rest); the weights-derived files are written anew.
      const rewritten = new Set(['manifest.json', 'weights.bin', 'catalog.jsonl', ONNX_FILE, ONNX_RECORD_FILE]);
      mkdirSync(staging, { recursive: true });
      for (const name of readdirSync(dir)) if (!rewritten.has(name) && !name.startsWith('.')) cpSync(join(dir, name), join(staging, name), { recursive: true });
      await saveBundle(staging, { ...kept, config, addedItems: addedBefore + fresh.length }, updated, new Catalog([...catalog.items, ...fresh]));
      if (hadOnnx) {
        log('exporting model.onnx again with the new items');
        // Lists model.onnx and onnx.json in the manifest too (export-bundle.ts rehashes the bundle it writes into).
        await exportOnnx(staging, undefined, onnxRecord?.scoring);
      }
    });
    tf.dispose([...new Set([contexts, inputRows]), output.rows, output.bias, updated.item_embedding!, updated.output_bias!, updated[INPUT_TABLE_NAMES.items]!]);
    return { added: fresh.length, alreadyPresent, idSource, outputScoring, numItems: config.numItems, onnx: hadOnnx, seconds: (performance.now() - started) / 1000 };
  } finally {
    Object.values(params).forEach((t) => t.dispose());
  }
}
