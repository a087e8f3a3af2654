import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParams, logits, maskToken, type ModelConfig, type Params } from '../model/bert4rec.js';
import { loadBundleWeights, saveBundle } from '../model/bundle.js';
import type { Catalog } from '../model/catalog.js';
import { CRITIQUE_LEVELS, type CritiqueMode } from '../model/critique.js';
import { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import { softmaxCrossEntropy } from '../model/ops.js';
import { bert4recInputTables } from '../model/input-tables.js';
import { scoreItems } from '../model/scorer.js';
import { tf } from '../model/tf.js';
import { seededRandom } from './critique-experiments.js';
import { evaluateRanking, type EvaluationResult } from './evaluate-ranking.js';
import type { EvalCase } from './splits.js';

export interface TrainConfig {
  preset: string;
  dModel: number;
  heads: number;
  layers: number;
  dHidden: number;
  maxLength: number;
  critique: CritiqueMode;
  /** Probability that a masked position keeps its critique (the rest learn to predict without one). */
  critiqueKeep: number;
  /** false = the "w/o bidirectional masking" ablation: only the last item is masked. */
  bidirectionalMasking: boolean;
  maskProbability: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  warmupSteps: number;
  epochs: number;
  /** Stop when validation nDCG@10 has not improved for this many evaluations. */
  patience: number;
  evalUsers: number;
  seed: number;
}

/** Appendix B sizes; `small` is the paper's Clothing Small and the benchmark model. */
export const PRESETS: Record<string, Partial<TrainConfig>> = {
  small: { dModel: 64, heads: 2, layers: 2, dHidden: 256 },
  base: { dModel: 768, heads: 16, layers: 8, dHidden: 3072 },
  large: { dModel: 768, heads: 32, layers: 32, dHidden: 3072 },
  scientific: { dModel: 64, heads: 2, layers: 2, dHidden: 256, learningRate: 1e-3, weightDecay: 1e-3, epochs: 30 },
  demo: { dModel: 64, heads: 2, layers: 2, dHidden: 256, learningRate: 2e-3, epochs: 12, critique: 'precise' },
};

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  preset: 'small',
  dModel: 64,
  heads: 2,
  layers: 2,
  dHidden: 256,
  maxLength: 50,
  critique: 'none',
  critiqueKeep: 0.5,
  bidirectionalMasking: true,
  maskProbability: 0.15,
  batchSize: 64,
  learningRate: 1e-3,
  weightDecay: 1e-2,
  warmupSteps: 100,
  epochs: 20,
  patience: 3,
  evalUsers: 2000,
  seed: 1,
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
  if (!(config.learningRate > 0)) problems.push('learningRate must be > 0');
  if (!['none', 'broad', 'precise'].includes(config.critique)) problems.push(`critique must be none, broad or precise`);
  if (problems.length) throw new Error(`invalid training config: ${problems.join('; ')}`);
  return config;
}

export function modelConfigFor(config: TrainConfig, catalog: Catalog, vocabulary: CritiqueVocabulary): ModelConfig {
  return {
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

export interface ClozeBatch {
  tokens: Int32Array;
  critiques: Int32Array;
  predictAt: Int32Array;
  labels: Int32Array;
  batch: number;
  length: number;
}

/** Cloze masking (15%, at least one a sequence) or last-item-only masking; critiques stay visible where kept. */
export function clozeBatch(sequences: readonly Int32Array[], model: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, config: Pick<TrainConfig, 'maskProbability' | 'bidirectionalMasking' | 'critiqueKeep'>, random: () => number): ClozeBatch {
  const length = Math.min(model.maxLength, Math.max(...sequences.map((s) => s.length)));
  const levels = Math.max(1, vocabulary.levels);
  const tokens = new Int32Array(sequences.length * length);
  const critiques = new Int32Array(sequences.length * length * levels);
  const predictAt: number[] = [];
  const labels: number[] = [];
  sequences.forEach((full, b) => {
    const s = full.subarray(Math.max(0, full.length - length));
    const masked = new Uint8Array(s.length);
    if (config.bidirectionalMasking) {
      for (let t = 0; t < s.length; t++) if (random() < config.maskProbability) masked[t] = 1;
      if (!masked.includes(1)) masked[Math.floor(random() * s.length)] = 1;
    } else masked[s.length - 1] = 1;
    for (let t = 0; t < s.length; t++) {
      const at = b * length + t;
      const item = s[t]!;
      if (vocabulary.levels > 0 && (!masked[t] || random() < config.critiqueKeep)) critiques.set(vocabulary.encode(catalog.item(item).categories), at * levels);
      if (masked[t]) {
        tokens[at] = maskToken(model);
        predictAt.push(at);
        labels.push(item + 1);
      } else tokens[at] = item + 1;
    }
  });
  return { tokens, critiques, predictAt: Int32Array.from(predictAt), labels: Int32Array.from(labels), batch: sequences.length, length };
}

export function lossOf(model: ModelConfig, params: Params, batch: ClozeBatch): tf.Scalar {
  const levels = Math.max(1, model.critiqueLevels);
  const input = {
    tokens: tf.tensor2d(batch.tokens, [batch.batch, batch.length], 'int32'),
    critiques: tf.tensor3d(batch.critiques, [batch.batch, batch.length, levels], 'int32'),
    predictAt: tf.tensor1d(batch.predictAt, 'int32'),
  };
  return softmaxCrossEntropy(logits(model, params, input), tf.tensor1d(batch.labels, 'int32')) as tf.Scalar;
}

/** Groups sequences of similar length so a batch pads little (the cheap half of section 4.2.2's packing). */
export function lengthBuckets(sequences: readonly Int32Array[], batchSize: number, random: () => number): Int32Array[][] {
  const order = sequences.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  order.sort((a, b) => sequences[a]!.length - sequences[b]!.length);
  const batches: Int32Array[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((j) => sequences[j]!));
  for (let i = batches.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [batches[i], batches[j]] = [batches[j]!, batches[i]!];
  }
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
}

function progressLine(epoch: number, epochs: number, done: number, total: number, loss: number, started: number, steps: number): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = done / Math.max(seconds, 1e-3);
  const eta = (total - done) / Math.max(rate, 1e-9);
  return `epoch ${epoch}/${epochs} ${String(Math.round((100 * done) / total)).padStart(3)}% loss ${loss.toFixed(4)} ${rate.toFixed(0)} seq/s ${(steps / Math.max(seconds, 1e-3)).toFixed(1)} steps/s ETA ${eta.toFixed(0)} s`;
}

export async function evaluateParams(model: ModelConfig, params: Params | Record<string, tf.Tensor>, catalog: Catalog, vocabulary: CritiqueVocabulary, cases: readonly EvalCase[], critiques?: (c: EvalCase) => string | undefined): Promise<EvaluationResult> {
  const tables = bert4recInputTables(model, params, catalog, vocabulary);
  try {
    return await evaluateRanking(cases, (batch) => scoreItems(model, params, tables, vocabulary, batch.map((c) => ({ history: c.history, critique: critiques?.(c) }))), { batchSize: 128 });
  } finally {
    tf.dispose([tables.items, tables.critiques]);
  }
}

/** Trains with Adam + decoupled weight decay + linear warm-up, evaluates on validation every epoch, keeps the best. */
export async function trainModel(catalog: Catalog, train: readonly Int32Array[], valid: readonly EvalCase[], config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainResult> {
  const log = hooks.log ?? (() => {});
  const vocabulary = config.critique === 'none' ? new CritiqueVocabulary([], 0) : CritiqueVocabulary.fromCatalog(catalog, CRITIQUE_LEVELS[config.critique]);
  const model = modelConfigFor(config, catalog, vocabulary);
  const random = seededRandom(config.seed);
  let params = initParams(model, config.seed);
  const sequences = train.filter((s) => s.length >= 1);
  const validCases = valid.slice(0, config.evalUsers);
  const history: EpochRecord[] = [];
  let startEpoch = 1;
  let best = { ndcg: -1, epoch: 0, params: undefined as Record<string, tf.Tensor> | undefined };
  const stateFile = hooks.checkpointDir ? join(hooks.checkpointDir, 'state.json') : undefined;
  if (stateFile && existsSync(stateFile)) {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { epoch: number; history: EpochRecord[]; bestEpoch: number; bestNdcg: number };
    const last = loadBundleWeights(join(hooks.checkpointDir!, 'last'));
    for (const [name, v] of Object.entries(params)) v.assign(last.params[name]!);
    Object.values(last.params).forEach((t) => t.dispose());
    if (existsSync(join(hooks.checkpointDir!, 'best', 'manifest.json'))) best = { ndcg: state.bestNdcg, epoch: state.bestEpoch, params: loadBundleWeights(join(hooks.checkpointDir!, 'best')).params };
    history.push(...state.history);
    startEpoch = state.epoch + 1;
    log(`resuming from the checkpoint after epoch ${state.epoch} (best validation nDCG@10 ${state.bestNdcg.toFixed(4)} at epoch ${state.bestEpoch})`);
  }
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, 1e-8);
  const decayed = Object.entries(params).filter(([name]) => name.endsWith('_w') || name.endsWith('embedding')).map(([, v]) => v);
  const started = Date.now();
  let steps = 0;
  let sinceBest = 0;
  for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
    const batches = lengthBuckets(sequences, config.batchSize, random);
    const epochStart = Date.now();
    let lossSum = 0;
    let done = 0;
    let lastPrint = 0;
    let epochSteps = 0;
    for (const batch of batches) {
      const lr = config.learningRate * Math.min(1, (steps + 1) / Math.max(1, config.warmupSteps));
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const cloze = clozeBatch(batch, model, catalog, vocabulary, config, random);
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => lossOf(model, params, cloze));
        optimizer.applyGradients(grads as never);
        return value;
      });
      if (config.weightDecay > 0) tf.tidy(() => decayed.forEach((v) => v.assign(tf.mul(v, 1 - lr * config.weightDecay))));
      lossSum += (await loss.data())[0]! * batch.length;
      loss.dispose();
      done += batch.length;
      steps++;
      epochSteps++;
      if (Date.now() - lastPrint > 2000) {
        lastPrint = Date.now();
        log(progressLine(epoch, config.epochs, done, sequences.length, lossSum / done, epochStart, epochSteps));
      }
    }
    const seconds = (Date.now() - epochStart) / 1000;
    const record: EpochRecord = { epoch, loss: lossSum / Math.max(1, done), seconds, sequencesPerSecond: done / seconds };
    if (validCases.length > 0) {
      const r = await evaluateParams(model, params, catalog, vocabulary, validCases);
      record.valid = { recall10: r.recall[10]!, ndcg10: r.ndcg[10]!, mrr: r.mrr };
    }
    history.push(record);
    log(`epoch ${epoch}/${config.epochs}: loss ${record.loss.toFixed(4)}, ${record.sequencesPerSecond.toFixed(0)} seq/s` + (record.valid ? `, valid Recall@10 ${record.valid.recall10.toFixed(4)} nDCG@10 ${record.valid.ndcg10.toFixed(4)}` : ''));
    const ndcg = record.valid?.ndcg10 ?? -record.loss;
    if (ndcg > best.ndcg) {
      if (best.params) Object.values(best.params).forEach((t) => t.dispose());
      best = { ndcg, epoch, params: Object.fromEntries(Object.entries(params).map(([n, v]) => [n, tf.clone(v)])) };
      sinceBest = 0;
    } else sinceBest++;
    if (hooks.checkpointDir) {
      mkdirSync(hooks.checkpointDir, { recursive: true });
      const meta = { model: 'bert4rec' as const, config: model, critiqueMode: config.critique, critiquePaths: vocabulary.paths, encoder: null, dataset: 'checkpoint' };
      await saveBundle(join(hooks.checkpointDir, 'last'), meta, params, catalog);
      if (best.epoch === epoch) await saveBundle(join(hooks.checkpointDir, 'best'), meta, params, catalog);
      writeFileSync(stateFile!, JSON.stringify({ epoch, history, bestEpoch: best.epoch, bestNdcg: best.ndcg, config }, null, 1));
    }
    if (sinceBest >= config.patience) {
      log(`early stop: validation nDCG@10 has not improved for ${config.patience} epochs (best epoch ${best.epoch})`);
      break;
    }
  }
  if (best.params) {
    for (const [name, v] of Object.entries(params)) v.assign(best.params[name]!);
    Object.values(best.params).forEach((t) => t.dispose());
  }
  optimizer.dispose();
  return { model, params, vocabulary, history, bestEpoch: best.epoch, steps, seconds: (Date.now() - started) / 1000 };
}
