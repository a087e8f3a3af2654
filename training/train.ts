import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embedTokens, encodeInputs, headVectors, initParams, logitsFromVectors, maskToken, type ModelConfig, type Params } from '../model/bert4rec.js';
import { flareInputs, idTextInfoNce, initFlareParams, type FlareConfig, type FlareFeatures } from '../model/flare.js';
import { gatherRows } from '../model/ops.js';
import { loadBundleWeights, saveBundle } from '../model/bundle.js';
import type { Catalog } from '../model/catalog.js';
import { CRITIQUE_LEVELS, type CritiqueMode } from '../model/critique.js';
import { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import { matMul, softmaxCrossEntropy } from '../model/ops.js';
import { inputTablesFor, type InputTables } from '../model/input-tables.js';
import { scoreItems } from '../model/scorer.js';
import { tf } from '../model/tf.js';
import { loadOptimizerState, saveOptimizerState, writeCheckpoint, type CheckpointState } from './checkpoint.js';
import { DataParallelTrainer } from './parallel/trainer.js';
import { clipByGlobalNorm } from './gradient-clip.js';
import { FlatAdam } from './flat-adam.js';
import { seededRandom, shuffle } from './random.js';
import { evaluateRanking, type EvaluationResult } from './evaluate-ranking.js';
import type { EvalCase } from './splits.js';

export interface TrainConfig {
  preset: string;
  /** bert4rec = Bert4Rec* (IDs, optional critique tokens); flare = IDs + Perceiver-pooled text and critique text. */
  model: 'bert4rec' | 'flare';
  dModel: number;
  heads: number;
  layers: number;
  dHidden: number;
  maxLength: number;
  critique: CritiqueMode;
  /** Probability that a masked position keeps its critique (the rest learn to predict without one). */
  critiqueKeep: number;
  /** Dropout on embeddings and sub-layer outputs while training (BERT's regulariser; small catalogs overfit without it). */
  dropout: number;
  /** Pack several short sequences into each row (section 4.2.2) instead of one sequence a row. */
  packing: boolean;
  /** false = the "w/o bidirectional masking" ablation: only the last item is masked. */
  bidirectionalMasking: boolean;
  maskProbability: number;
  /** Probability that a sequence's last item is masked too, the position inference predicts (Bert4Rec's extra samples). */
  maskLastProbability: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  /** Global gradient-norm clipping before Adam (0 = off). */
  gradientClip: number;
  warmupSteps: number;
  epochs: number;
  /** Stop when validation nDCG@10 has not improved for this many evaluations. */
  patience: number;
  /** No early stop before this epoch: validation first dips as the model leaves its popularity-like start. */
  minEpochs: number;
  /** Validation users scored after each epoch for early stopping (a seeded random sample when fewer than all). */
  evalUsers: number;
  seed: number;
  /** Flare: Perceiver size (Appendix B), the frozen encoder's token states kept per text, and the ID-text loss. */
  perceiverDim: number;
  perceiverHeads: number;
  perceiverLayers: number;
  perceiverLatents: number;
  /** false = the "w/o Perceiver" ablation (mean of the projected token states). */
  usePerceiver: boolean;
  /** Flare's frozen text encoder: 'use-lite' or a folder with model.onnx + tokenizer.json. */
  textEncoder: string;
  /** Tokens of an item description read before pooling to textTokens states (critiques: critiqueTokens). */
  maxTextTokens: number;
  textTokens: number;
  critiqueTokens: number;
  /** Weight of the ID-text InfoNCE loss against the MLM loss (eq. 7); 0 = the "w/o contrastive loss" ablation. */
  contrastiveWeight: number;
  contrastiveTemperature: number;
  contrastiveMargin: number;
  /**
   * Compare the text with a learned linear map of the ID embedding instead of the embedding itself: the IDs, which
   * the output layer also ranks with, then keep the collaborative directions the text cannot explain.
   */
  contrastiveProjection: boolean;
  /**
   * Flare: score items at the output by ID + text context instead of the ID alone. While training, the text part of
   * the output rows is taken from the input tables computed at the start of each epoch (no gradient through it).
   */
  outputText: boolean;
  /** Items per step in the InfoNCE loss (in-batch negatives), at most. */
  contrastiveItems: number;
  /** Data-parallel worker threads (one wasm backend each); 1 = train in this thread. */
  workers: number;
}

/** Appendix B sizes; `small` is the paper's Clothing Small and the benchmark model. */
export const PRESETS: Record<string, Partial<TrainConfig>> = {
  small: { dModel: 64, heads: 2, layers: 2, dHidden: 256 },
  base: { dModel: 768, heads: 16, layers: 8, dHidden: 3072 },
  large: { dModel: 768, heads: 32, layers: 32, dHidden: 3072 },
  scientific: { dModel: 64, heads: 2, layers: 2, dHidden: 256, learningRate: 1e-3, weightDecay: 1e-3, epochs: 30 },
  demo: { model: 'flare', dModel: 64, heads: 2, layers: 2, dHidden: 256, learningRate: 2e-3, epochs: 24, minEpochs: 12, patience: 5, critique: 'precise', maskProbability: 0.4, dropout: 0.2, weightDecay: 1e-3 },
};

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  preset: 'small',
  model: 'bert4rec',
  dModel: 64,
  heads: 2,
  layers: 2,
  dHidden: 256,
  maxLength: 50,
  critique: 'none',
  critiqueKeep: 0.5,
  bidirectionalMasking: true,
  packing: false,
  dropout: 0.1,
  maskProbability: 0.15,
  maskLastProbability: 0,
  batchSize: 64,
  learningRate: 1e-3,
  weightDecay: 1e-2,
  gradientClip: 1,
  warmupSteps: 100,
  epochs: 20,
  patience: 3,
  minEpochs: 0,
  evalUsers: 100_000,
  seed: 1,
  perceiverDim: 64,
  perceiverHeads: 2,
  perceiverLayers: 2,
  perceiverLatents: 2,
  usePerceiver: true,
  textEncoder: 'use-lite',
  maxTextTokens: 96,
  textTokens: 8,
  critiqueTokens: 4,
  contrastiveWeight: 0.3,
  contrastiveTemperature: 0.05,
  contrastiveMargin: 0.1,
  contrastiveProjection: true,
  outputText: false,
  contrastiveItems: 512,
  workers: 1,
};

export function resolveConfig(overrides: Partial<TrainConfig>): TrainConfig {
  const preset = overrides.preset ?? DEFAULT_TRAIN_CONFIG.preset;
  const fromPreset = PRESETS[preset];
  if (!fromPreset) throw new Error(`unknown preset '${preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  const config = { ...DEFAULT_TRAIN_CONFIG, ...fromPreset, ...overrides, preset };
  const problems: string[] = [];
  if (config.dModel % config.heads !== 0) problems.push(`dModel ${config.dModel} is not divisible by heads ${config.heads}`);
  for (const key of ['dModel', 'heads', 'layers', 'dHidden', 'maxLength', 'batchSize', 'epochs'] as const) if (!(Number.isInteger(config[key]) && config[key] > 0)) problems.push(`${key} must be a positive whole number`);
  if (!(config.maskProbability > 0 && config.maskProbability < 1)) problems.push('maskProbability must be in (0, 1)');
  if (!(config.dropout >= 0 && config.dropout < 1)) problems.push('dropout must be in [0, 1)');
  if (!(config.learningRate > 0)) problems.push('learningRate must be > 0');
  if (!(config.gradientClip >= 0)) problems.push('gradientClip must be >= 0 (0 = off)');
  if (!(Number.isInteger(config.evalUsers) && config.evalUsers >= 0)) problems.push('evalUsers must be a whole number >= 0');
  if (!(Number.isInteger(config.workers) && config.workers >= 1)) problems.push('workers must be a positive whole number');
  if (!['none', 'broad', 'precise'].includes(config.critique)) problems.push(`critique must be none, broad or precise`);
  if (!['bert4rec', 'flare'].includes(config.model)) problems.push(`model must be bert4rec or flare`);
  if (config.model === 'flare') {
    for (const key of ['perceiverDim', 'perceiverHeads', 'perceiverLayers', 'perceiverLatents', 'textTokens', 'critiqueTokens', 'contrastiveItems'] as const) if (!(Number.isInteger(config[key]) && config[key] > 0)) problems.push(`${key} must be a positive whole number`);
    if (config.perceiverDim % config.perceiverHeads !== 0) problems.push(`perceiverDim ${config.perceiverDim} is not divisible by perceiverHeads ${config.perceiverHeads}`);
    if (!(config.contrastiveWeight >= 0)) problems.push('contrastiveWeight must be >= 0');
    if (!(config.contrastiveTemperature > 0)) problems.push('contrastiveTemperature must be > 0');
  }
  if (problems.length) throw new Error(`invalid training config: ${problems.join('; ')}`);
  return config;
}

export function modelConfigFor(config: TrainConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, textDim?: number): ModelConfig {
  const flare: FlareConfig | undefined =
    config.model === 'flare'
      ? {
          textDim: textDim ?? 512,
          textTokens: config.textTokens,
          critiqueTokens: config.critiqueTokens,
          perceiverDim: config.perceiverDim,
          perceiverHeads: config.perceiverHeads,
          perceiverLayers: config.perceiverLayers,
          perceiverLatents: config.perceiverLatents,
          perceiverHidden: 4 * config.perceiverDim,
          usePerceiver: config.usePerceiver,
          ...(config.outputText ? { outputText: true } : {}),
        }
      : undefined;
  return {
    ...(flare ? { flare } : {}),
    numItems: catalog.size,
    numCritiqueTokens: vocabulary.size,
    critiqueLevels: vocabulary.levels,
    maxLength: config.maxLength,
    dModel: config.dModel,
    heads: config.heads,
    layers: config.layers,
    dHidden: config.dHidden,
  };
}

/** Flare's (text, critique) pairs of a batch: each position's context is row `contextOf[at]` of the pairs. */
export interface ContextPairs {
  textRows: Int32Array;
  critiqueRows: Int32Array;
  contextOf: Int32Array;
  /** Items whose own text context is in the batch, for the ID-text loss: pair index and item token. */
  itemPairs: Int32Array;
  itemTokens: Int32Array;
}

export interface ClozeBatch {
  tokens: Int32Array;
  critiques: Int32Array;
  /** Position of each token inside its own sequence, and the sequence it belongs to (1-based; 0 = padding). */
  positions: Int32Array;
  segments: Int32Array;
  /** Whether any row holds more than one sequence (only then does attention need the segment mask). */
  packed: boolean;
  predictAt: Int32Array;
  labels: Int32Array;
  batch: number;
  length: number;
  sequences: number;
  pairs?: ContextPairs;
}

type MaskingConfig = Pick<TrainConfig, 'maskProbability' | 'bidirectionalMasking' | 'critiqueKeep'> & Partial<Pick<TrainConfig, 'maskLastProbability'>>;

/** Cloze masking with one sequence a row (see packedClozeBatch). */
export function clozeBatch(sequences: readonly Int32Array[], model: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, config: MaskingConfig, random: () => number): ClozeBatch {
  return packedClozeBatch(sequences.map((s) => [s]), model, catalog, vocabulary, config, random);
}

/**
 * Cloze masking (15%, at least one a sequence) or last-item-only masking, over rows that each pack one or more
 * sequences (section 4.2.2): positions restart at every sequence and segments keep attention inside it. Critiques
 * stay visible at masked positions where kept. Flare batches also get their distinct (text, critique) pairs.
 */
export function packedClozeBatch(rows: readonly (readonly Int32Array[])[], model: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, config: MaskingConfig, random: () => number): ClozeBatch {
  const clip = (s: Int32Array) => s.subarray(Math.max(0, s.length - model.maxLength));
  const length = Math.min(model.maxLength, Math.max(1, ...rows.map((r) => r.reduce((n, s) => n + clip(s).length, 0))));
  const levels = Math.max(1, vocabulary.levels);
  const size = rows.length * length;
  const tokens = new Int32Array(size);
  const critiques = new Int32Array(size * levels);
  const positions = new Int32Array(size);
  const segments = new Int32Array(size);
  const predictAt: number[] = [];
  const labels: number[] = [];
  const flare = model.flare;
  const none = vocabulary.size;
  const pairIndex = new Map<number, number>();
  const textRows: number[] = [];
  const critiqueRows: number[] = [];
  const contextOf = new Int32Array(size);
  const itemPairs: number[] = [];
  const itemTokens: number[] = [];
  const pairOf = (text: number, critique: number) => {
    const key = text * (none + 1) + critique;
    let index = pairIndex.get(key);
    if (index === undefined) {
      index = textRows.length;
      pairIndex.set(key, index);
      textRows.push(text);
      critiqueRows.push(critique);
      if (text < catalog.size) {
        itemPairs.push(index);
        itemTokens.push(text + 1);
      }
    }
    return index;
  };
  if (flare) pairOf(catalog.size, none);
  let sequences = 0;
  rows.forEach((row, b) => {
    let offset = 0;
    row.forEach((full, segment) => {
      const s = clip(full);
      if (offset + s.length > length) throw new Error(`packed row ${b} is longer than ${length}`);
      sequences++;
      const masked = new Uint8Array(s.length);
      if (config.bidirectionalMasking) {
        for (let t = 0; t < s.length; t++) if (random() < config.maskProbability) masked[t] = 1;
        if (config.maskLastProbability && random() < config.maskLastProbability) masked[s.length - 1] = 1;
        if (!masked.includes(1)) masked[Math.floor(random() * s.length)] = 1;
      } else masked[s.length - 1] = 1;
      for (let t = 0; t < s.length; t++) {
        const at = b * length + offset + t;
        const item = s[t]!;
        positions[at] = t;
        segments[at] = segment + 1;
        const ids = vocabulary.levels > 0 && (!masked[t] || random() < config.critiqueKeep) ? vocabulary.encode(catalog.item(item).categories) : undefined;
        if (ids) critiques.set(ids, at * levels);
        if (flare) {
          const deepest = ids ? ids.reduce((row, id) => (id > 0 ? id : row), 0) : 0;
          contextOf[at] = pairOf(masked[t] ? catalog.size : item, deepest > 0 ? deepest - 1 : none);
        }
        if (masked[t]) {
          tokens[at] = maskToken(model);
          predictAt.push(at);
          labels.push(item + 1);
        } else tokens[at] = item + 1;
      }
      offset += s.length;
    });
  });
  const batch: ClozeBatch = {
    tokens,
    critiques,
    positions,
    segments,
    packed: rows.some((r) => r.length > 1),
    predictAt: Int32Array.from(predictAt),
    labels: Int32Array.from(labels),
    batch: rows.length,
    length,
    sequences,
  };
  if (flare) batch.pairs = { textRows: Int32Array.from(textRows), critiqueRows: Int32Array.from(critiqueRows), contextOf, itemPairs: Int32Array.from(itemPairs), itemTokens: Int32Array.from(itemTokens) };
  return batch;
}

/** What a loss needs beyond the weights: Flare's frozen text features and its loss settings. */
export interface LossContext {
  features?: FlareFeatures;
  dropout?: number;
  contrastive?: Pick<TrainConfig, 'contrastiveWeight' | 'contrastiveTemperature' | 'contrastiveMargin' | 'contrastiveItems'>;
  /** Flare with text at the output: the items' text contexts [V, d] (fixed for the epoch) added to the ID rows. */
  outputText?: tf.Tensor;
}

function requireOutputText(context: LossContext): tf.Tensor {
  if (!context.outputText) throw new Error('a Flare model with text at the output needs the text rows of its output layer (LossContext.outputText)');
  return context.outputText;
}

/**
 * The text part of Flare's output rows, from the current weights: the input tables' item rows less the ID embedding.
 * Training holds it fixed for an epoch; inference uses the tables themselves, computed from the final weights.
 */
export function outputTextRows(model: ModelConfig, params: Params, catalog: Catalog, vocabulary: CritiqueVocabulary, features: FlareFeatures): tf.Tensor {
  const tables = inputTablesFor(model, params, catalog, vocabulary, features);
  const rows = tf.tidy(() => tf.sub(tables.items, params.item_embedding!));
  tf.dispose([tables.items, tables.critiques]);
  return rows;
}

/** MLM cross-entropy at the masked positions, plus (Flare) the weighted ID-text InfoNCE loss (eq. 7). */
export function lossOf(model: ModelConfig, params: Params, batch: ClozeBatch, context: LossContext = {}): tf.Scalar {
  const tokens = tf.tensor2d(batch.tokens, [batch.batch, batch.length], 'int32');
  const layout = {
    tokens,
    // One sequence a row starts at position 0: encodeInputs' default slice, cheaper than gathering positions.
    ...(batch.packed
      ? { positions: tf.tensor2d(batch.positions, [batch.batch, batch.length], 'int32'), segments: tf.tensor2d(batch.segments, [batch.batch, batch.length], 'int32') }
      : {}),
    dropout: context.dropout,
  };
  let inputs: tf.Tensor;
  let contrastive: tf.Tensor | undefined;
  if (model.flare) {
    if (!context.features || !batch.pairs) throw new Error('a Flare batch needs text features and context pairs');
    const pairs = batch.pairs;
    const out = flareInputs(model, model.flare, params, context.features, tokens, {
      textRows: pairs.textRows,
      critiqueRows: pairs.critiqueRows,
      contextOf: tf.tensor2d(pairs.contextOf, [batch.batch, batch.length], 'int32'),
    });
    inputs = out.inputs;
    const settings = context.contrastive;
    if (settings && settings.contrastiveWeight > 0 && pairs.itemPairs.length > 1) {
      const n = Math.min(settings.contrastiveItems, pairs.itemPairs.length);
      const rows = gatherRows(params.item_embedding!, tf.tensor1d(pairs.itemTokens.subarray(0, n), 'int32'));
      const ids = params.flare_contrastive_w ? matMul(rows, params.flare_contrastive_w) : rows;
      const texts = gatherRows(out.contexts, tf.tensor1d(pairs.itemPairs.subarray(0, n), 'int32'));
      contrastive = tf.mul(idTextInfoNce(ids, texts, settings.contrastiveTemperature, settings.contrastiveMargin), settings.contrastiveWeight);
    }
  } else {
    const levels = Math.max(1, model.critiqueLevels);
    inputs = embedTokens(model, params, { tokens, critiques: tf.tensor3d(batch.critiques, [batch.batch, batch.length, levels], 'int32') });
  }
  const hidden = encodeInputs(model, params, inputs, layout);
  const vectors = headVectors(params, gatherRows(tf.reshape(hidden, [-1, model.dModel]), tf.tensor1d(batch.predictAt, 'int32')));
  const outputRows = model.flare?.outputText ? tf.add(params.item_embedding!, requireOutputText(context)) : undefined;
  const mlm = softmaxCrossEntropy(logitsFromVectors(params, vectors, outputRows), tf.tensor1d(batch.labels, 'int32'));
  return (contrastive ? tf.add(mlm, contrastive) : mlm) as tf.Scalar;
}

/**
 * The validation users early stopping watches: all of them, or a seeded random sample. Not the first N: datasets list
 * users in an order (LC-Rec Scientific's first 2,000 score a third below the rest), so a prefix is a biased judge.
 */
export function validationSample<T>(valid: readonly T[], count: number, seed: number): T[] {
  if (count >= valid.length) return [...valid];
  const order = shuffle(valid.map((_, i) => i), seededRandom(seed * 7_919 + 1));
  return order.slice(0, Math.max(0, count)).sort((a, b) => a - b).map((i) => valid[i]!);
}

/** Groups sequences of similar length so a batch pads little (one sequence a row). */
export function lengthBuckets(sequences: readonly Int32Array[], batchSize: number, random: () => number): Int32Array[][] {
  const order = shuffle(sequences.map((_, i) => i), random);
  order.sort((a, b) => sequences[a]!.length - sequences[b]!.length);
  const batches: Int32Array[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((j) => sequences[j]!));
  return shuffle(batches, random);
}

/**
 * Section 4.2.2's packing: sequences (clipped to maxLength) are placed first-fit-decreasing into rows of maxLength
 * tokens, several short users a row; rows are shuffled into batches.
 */
export function packRows(sequences: readonly Int32Array[], maxLength: number, sequencesPerBatch: number, random: () => number): Int32Array[][][] {
  const order = shuffle(sequences.map((_, i) => i), random);
  const clipped = (i: number) => Math.min(maxLength, sequences[i]!.length);
  order.sort((a, b) => clipped(b) - clipped(a));
  const rows: { free: number; items: Int32Array[] }[] = [];
  // Rows by remaining room, so first fit is a short scan over the distinct room sizes, not over every row.
  const byFree: number[][] = Array.from({ length: maxLength + 1 }, () => []);
  for (const i of order) {
    const need = clipped(i);
    let placed = false;
    for (let free = need; free <= maxLength && !placed; free++) {
      const candidates = byFree[free]!;
      if (candidates.length === 0) continue;
      const r = candidates.pop()!;
      rows[r]!.items.push(sequences[i]!);
      rows[r]!.free -= need;
      byFree[rows[r]!.free]!.push(r);
      placed = true;
    }
    if (!placed) {
      rows.push({ free: maxLength - need, items: [sequences[i]!] });
      byFree[maxLength - need]!.push(rows.length - 1);
    }
  }
  // Batches hold about `sequencesPerBatch` users, as unpacked batches do, in far fewer rows.
  const batches: Int32Array[][][] = [];
  let current: Int32Array[][] = [];
  let users = 0;
  for (const row of shuffle(rows.map((r) => r.items), random)) {
    current.push(row);
    users += row.length;
    if (users >= sequencesPerBatch) {
      batches.push(current);
      current = [];
      users = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  seconds: number;
  sequencesPerSecond: number;
  valid?: { recall10: number; ndcg10: number; mrr: number };
}

export interface TrainResult {
  model: ModelConfig;
  params: Params;
  vocabulary: CritiqueVocabulary;
  history: EpochRecord[];
  bestEpoch: number;
  steps: number;
  seconds: number;
}

export interface TrainHooks {
  log?: (line: string) => void;
  /** Folder for per-epoch checkpoints; an existing checkpoint there is resumed. */
  checkpointDir?: string;
  /** Flare's frozen text features (required when config.model is flare). */
  features?: FlareFeatures;
  /** Recorded in checkpoints and bundles: the text encoder the features came from. */
  encoder?: { name: string; version: string; dim: number };
}

function progressLine(epoch: number, epochs: number, done: number, total: number, loss: number, started: number, steps: number): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = done / Math.max(seconds, 1e-3);
  const eta = (total - done) / Math.max(rate, 1e-9);
  return `epoch ${epoch}/${epochs} ${String(Math.round((100 * done) / total)).padStart(3)}% loss ${loss.toFixed(4)} ${rate.toFixed(0)} seq/s ${(steps / Math.max(seconds, 1e-3)).toFixed(1)} steps/s ETA ${eta.toFixed(0)} s`;
}

/** Full-ranking evaluation of weights whose input tables are already computed (optionally with a critique a case). */
export function evaluateWithTables(model: ModelConfig, params: Params | Record<string, tf.Tensor>, tables: InputTables, vocabulary: CritiqueVocabulary, cases: readonly EvalCase[], critiques?: (c: EvalCase) => string | undefined): Promise<EvaluationResult> {
  return evaluateRanking(cases, (batch) => scoreItems(model, params, tables, vocabulary, batch.map((c) => ({ history: c.history, critique: critiques?.(c) }))), { batchSize: 128 });
}

export async function evaluateParams(model: ModelConfig, params: Params | Record<string, tf.Tensor>, catalog: Catalog, vocabulary: CritiqueVocabulary, cases: readonly EvalCase[], critiques?: (c: EvalCase) => string | undefined, features?: FlareFeatures): Promise<EvaluationResult> {
  const tables = inputTablesFor(model, params, catalog, vocabulary, features);
  try {
    return await evaluateWithTables(model, params, tables, vocabulary, cases, critiques);
  } finally {
    tf.dispose([tables.items, tables.critiques]);
  }
}

/** Trains with Adam + decoupled weight decay + linear warm-up, evaluates on validation every epoch, keeps the best. */
/** The critique paths a model of this mode reads: every category prefix down to the mode's depth. */
export function critiqueVocabularyFor(catalog: Catalog, mode: CritiqueMode): CritiqueVocabulary {
  return mode === 'none' ? new CritiqueVocabulary([], 0) : CritiqueVocabulary.fromCatalog(catalog, CRITIQUE_LEVELS[mode]);
}

/** Bert4Rec*'s weights, plus the text path for Flare (whose critiques go through the Perceiver, not critique tokens). */
export function initModelParams(model: ModelConfig, seed: number, options: { contrastiveProjection?: boolean } = {}): Params {
  const params = initParams(model, seed);
  if (!model.flare) return params;
  params.critique_embedding!.dispose();
  delete params.critique_embedding;
  Object.assign(params, initFlareParams(model, model.flare, seed));
  // Starts as eq. 2 (the identity) and learns which directions of the ID embedding the text should explain.
  if (options.contrastiveProjection) params.flare_contrastive_w = tf.variable(tf.eye(model.dModel));
  return params;
}

/**
 * One optimisation step: gradients of the loss, Adam, then decoupled weight decay (AdamW) on the decayed weights.
 * Returns the batch's loss.
 */
export async function trainingStep(model: ModelConfig, params: Params, optimizer: tf.Optimizer, batch: ClozeBatch, context: LossContext, learningRate: number, decay?: { rate: number; weights: tf.Variable[] }, clipNorm = 0): Promise<number> {
  const flat = optimizer instanceof FlatAdam ? optimizer : undefined;
  if (flat) flat.learningRate = learningRate;
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossOf(model, params, batch, context));
    // FlatAdam clips and decays in its own pass; any other optimizer gets them as tensor ops around its step.
    if (flat) flat.applyTensors(grads, { clipNorm, ...(decay ? { decay: { rate: decay.rate, names: new Set(decay.weights.map((w) => w.name)) } } : {}) });
    else optimizer.applyGradients((clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm).grads : grads) as never);
    return value;
  });
  if (decay && !flat) tf.tidy(() => decay.weights.forEach((v) => v.assign(tf.mul(v, 1 - learningRate * decay.rate))));
  const value = (await loss.data())[0]!;
  loss.dispose();
  return value;
}

export async function trainModel(catalog: Catalog, train: readonly Int32Array[], valid: readonly EvalCase[], config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainResult> {
  const log = hooks.log ?? (() => {});
  const vocabulary = critiqueVocabularyFor(catalog, config.critique);
  if (config.model === 'flare' && !hooks.features) throw new Error('training Flare needs the text features of the catalog (hooks.features)');
  const model = modelConfigFor(config, catalog, vocabulary, hooks.features?.dim);
  const params = initModelParams(model, config.seed, { contrastiveProjection: config.model === 'flare' && config.contrastiveWeight > 0 && config.contrastiveProjection });
  const lossContext: LossContext = { features: hooks.features, contrastive: config, dropout: config.dropout };
  const sequences = train.filter((s) => s.length >= 1);
  const validCases = validationSample(valid, config.evalUsers, config.seed);
  const history: EpochRecord[] = [];
  let startEpoch = 1;
  let resumed = { steps: 0 };
  let best = { ndcg: -1, epoch: 0, params: undefined as Record<string, tf.Tensor> | undefined };
  const stateFile = hooks.checkpointDir ? join(hooks.checkpointDir, 'state.json') : undefined;
  let state: CheckpointState<EpochRecord> | undefined;
  if (stateFile && existsSync(stateFile)) {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as CheckpointState<EpochRecord>;
    const last = loadBundleWeights(join(hooks.checkpointDir!, state.last));
    for (const [name, v] of Object.entries(params)) v.assign(last.params[name]!);
    Object.values(last.params).forEach((t) => t.dispose());
    best = { ndcg: state.bestNdcg, epoch: state.bestEpoch, params: loadBundleWeights(join(hooks.checkpointDir!, state.best)).params };
    history.push(...state.history);
    startEpoch = state.epoch + 1;
    resumed = { steps: state.steps };
    log(`resuming from the checkpoint after epoch ${state.epoch} (best validation nDCG@10 ${state.bestNdcg.toFixed(4)} at epoch ${state.bestEpoch})`);
  }
  const optimizer = new FlatAdam(config.learningRate, 0.9, 0.999, 1e-8);
  if (state && !(await loadOptimizerState(join(hooks.checkpointDir!, state.last), optimizer))) log('the checkpoint has no optimizer state: Adam restarts from zero moments');
  const decayed = Object.entries(params).filter(([name]) => name.endsWith('_w') || name.endsWith('embedding') || name === 'flare_latents').map(([, v]) => v);
  // Data parallel (issue #4): replicas in worker threads train; `params` are synced from them at every epoch end.
  if (model.flare?.outputText && config.workers > 1) throw new Error('text at the output (outputText) trains in one process: use workers 1');
  const parallel = config.workers > 1 ? await DataParallelTrainer.start({ model, params, optimizer, workers: config.workers, context: lossContext }) : undefined;
  const started = Date.now();
  let steps = resumed.steps;
  for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
    // Seeded per epoch, so a resumed run sees the same batches and masks the uninterrupted run would have.
    const random = seededRandom(config.seed * 100_003 + epoch);
    const batches = config.packing ? packRows(sequences, model.maxLength, config.batchSize, random) : lengthBuckets(sequences, config.batchSize, random).map((b) => b.map((s) => [s]));
    if (model.flare?.outputText) {
      lossContext.outputText?.dispose();
      lossContext.outputText = outputTextRows(model, params, catalog, vocabulary, hooks.features!);
    }
    const epochStart = Date.now();
    let lossSum = 0;
    let done = 0;
    let lastPrint = 0;
    let epochSteps = 0;
    for (const batch of batches) {
      const lr = config.learningRate * Math.min(1, (steps + 1) / Math.max(1, config.warmupSteps));
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const cloze = packedClozeBatch(batch, model, catalog, vocabulary, config, random);
      const decay = config.weightDecay > 0 ? { rate: config.weightDecay, weights: decayed } : undefined;
      lossSum += (parallel ? await parallel.step(cloze, lr, decay, config.gradientClip) : await trainingStep(model, params, optimizer, cloze, lossContext, lr, decay, config.gradientClip)) * cloze.sequences;
      done += cloze.sequences;
      steps++;
      epochSteps++;
      if (Date.now() - lastPrint > 2000) {
        lastPrint = Date.now();
        log(progressLine(epoch, config.epochs, done, sequences.length, lossSum / done, epochStart, epochSteps));
      }
    }
    await parallel?.syncToMain(hooks.checkpointDir ? optimizer : undefined);
    const seconds = (Date.now() - epochStart) / 1000;
    const record: EpochRecord = { epoch, loss: lossSum / Math.max(1, done), seconds, sequencesPerSecond: done / seconds };
    if (validCases.length > 0) {
      const r = await evaluateParams(model, params, catalog, vocabulary, validCases, undefined, hooks.features);
      record.valid = { recall10: r.recall[10]!, ndcg10: r.ndcg[10]!, mrr: r.mrr };
    }
    history.push(record);
    log(`epoch ${epoch}/${config.epochs}: loss ${record.loss.toFixed(4)}, ${record.sequencesPerSecond.toFixed(0)} seq/s` + (record.valid ? `, valid Recall@10 ${record.valid.recall10.toFixed(4)} nDCG@10 ${record.valid.ndcg10.toFixed(4)}` : ''));
    const ndcg = record.valid?.ndcg10 ?? -record.loss;
    if (ndcg > best.ndcg) {
      if (best.params) Object.values(best.params).forEach((t) => t.dispose());
      best = { ndcg, epoch, params: Object.fromEntries(Object.entries(params).map(([n, v]) => [n, tf.clone(v)])) };
    }
    if (hooks.checkpointDir) {
      const meta = { model: config.model, config: model, critiqueMode: config.critique, critiquePaths: vocabulary.paths, encoder: hooks.encoder ?? null, dataset: 'checkpoint' };
      state = await writeCheckpoint(hooks.checkpointDir, { epoch, steps, history, bestEpoch: best.epoch, bestNdcg: best.ndcg, config }, state, async (folder, isBest) => {
        await saveBundle(folder, meta, params, catalog);
        if (!isBest) await saveOptimizerState(folder, optimizer);
      });
    }
    // Patience counts from the minimum epochs on, so an early validation spike cannot end a run that is still learning.
    if (epoch - Math.max(best.epoch, config.minEpochs) >= config.patience) {
      log(`early stop: validation nDCG@10 has not improved for ${config.patience} epochs (best epoch ${best.epoch})`);
      break;
    }
  }
  if (best.params) {
    for (const [name, v] of Object.entries(params)) v.assign(best.params[name]!);
    Object.values(best.params).forEach((t) => t.dispose());
  }
  await parallel?.close();
  lossContext.outputText?.dispose();
  optimizer.dispose();
  return { model, params, vocabulary, history, bestEpoch: best.epoch, steps, seconds: (Date.now() - started) / 1000 };
}
