import type { ModelConfig, Params } from '../model/bert4rec.js';
import { saveBundle } from '../model/bundle.js';
import { rehashBundle } from '../model/bundle-files.js';
import type { Catalog } from '../model/catalog.js';
import type { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import type { FlareFeatures } from '../model/flare.js';
import { tf } from '../model/tf.js';
import { epochBatches, packedClozeBatch } from './batches.js';
import { resumeCheckpoint, saveOptimizerState, writeCheckpoint, type CheckpointState } from './checkpoint.js';
import { averageDecay, contrastiveShare, type TrainConfig } from './config.js';
import { evaluateParams } from './evaluate-model.js';
import { FlatAdam } from './flat-adam.js';
import { outputTextRows, type LossContext } from './loss.js';
import { critiqueVocabularyFor, initModelParams, modelConfigFor } from './models.js';
import { DataParallelTrainer } from './parallel/trainer.js';
import { formatSeconds } from '../model/duration.js';
import { lineProgress, runEta, type Progress } from './progress.js';
import { seededRandom } from './random.js';
import { validationSample, type EvalCase } from './splits.js';
import { trainingStep } from './step.js';

export interface EpochRecord {
  epoch: number;
  loss: number;
  seconds: number;
  sequencesPerSecond: number;
  valid?: { recall10: number; ndcg10: number; mrr: number };
  /** Wall seconds since this process started fitting, at the end of the epoch's validation (time to best = this at the best epoch). */
  elapsedSeconds?: number;
}

export interface TrainResult {
  model: ModelConfig;
  params: Params;
  vocabulary: CritiqueVocabulary;
  history: EpochRecord[];
  bestEpoch: number;
  /** Wall seconds from the start of fitting to the end of the best epoch's validation (in this process). */
  secondsToBest: number;
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
  /** Where each epoch's progress goes (a bar on a terminal: progressOn); default plain lines through `log`. */
  progress?: Progress;
}

/**
 * Trains one model (RecBole's Trainer): `fit` runs the epochs, each `trainEpoch` then `validate`, keeps the best
 * weights by validation nDCG@10, writes a checkpoint after every epoch and `resume`s from one. Adam with decoupled
 * weight decay, linear warm-up and global-norm clipping (step.ts); the model supplies its loss (loss.ts).
 */
/** Room for each step's dropout masks in the seed sequence (a forward draws 1 + 3 per layer). */
const DROPOUT_MASKS_PER_STEP = 64;

export class Trainer {
  readonly vocabulary: CritiqueVocabulary;
  readonly model: ModelConfig;
  readonly params: Params;
  private readonly log: (line: string) => void;
  private readonly progress: Progress;
  /** The whole run in this process, for its ETA: sequences to train and trained, and when it started. */
  private run = { total: 0, done: 0, started: 0 };
  private readonly lossContext: LossContext;
  private readonly optimizer: FlatAdam;
  /** Weights under decoupled weight decay: matrices and embeddings, not biases or layer-norm gains. */
  private readonly decayed: tf.Variable[];
  private readonly history: EpochRecord[] = [];
  private best = { ndcg: -1, epoch: 0, params: undefined as Record<string, tf.Tensor> | undefined };
  private steps = 0;
  private checkpointState: CheckpointState<EpochRecord> | undefined;
  private parallel: DataParallelTrainer | undefined;
  /** The moving average of the weights (config.weightAverage), validated and kept instead of the raw weights. */
  private average: Record<string, tf.Variable> | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly config: TrainConfig,
    private readonly hooks: TrainHooks = {},
  ) {
    this.log = hooks.log ?? (() => {});
    this.progress = hooks.progress ?? lineProgress(this.log);
    this.vocabulary = critiqueVocabularyFor(catalog, config.critique);
    if (config.model === 'flare' && !hooks.features) throw new Error('training Flare needs the text features of the catalog (hooks.features)');
    this.model = modelConfigFor(config, catalog, this.vocabulary, hooks.features?.dim);
    this.params = initModelParams(this.model, config.seed, { init: config.init, textInit: config.textInit, repeatBias: config.repeatBias, contrastiveProjection: config.model === 'flare' && config.contrastiveWeight > 0 && config.contrastiveProjection, unseenItem: config.model === 'flare' && config.unseenItemRate > 0 });
    this.lossContext = { features: hooks.features, contrastive: config, dropout: config.dropout, attentionDropout: config.attentionDropout };
    this.optimizer = new FlatAdam(config.learningRate, 0.9, 0.999, 1e-8);
    this.decayed = Object.entries(this.params).filter(([name]) => name.endsWith('_w') || name.endsWith('embedding') || name === 'flare_latents').map(([, v]) => v);
  }

  /** Trains on `train`, early-stopping on `valid`; ends with the best epoch's weights in `params`. */
  async fit(train: readonly Int32Array[], valid: readonly EvalCase[]): Promise<TrainResult> {
    const { config, model } = this;
    const sequences = train.filter((s) => s.length >= 1);
    const validCases = validationSample(valid, config.evalUsers, config.seed);
    const startEpoch = await this.resume();
    if (config.weightAverage > 0) {
      this.average = Object.fromEntries(Object.entries(this.params).map(([n, v]) => [n, tf.variable(tf.clone(v), false)]));
      if (startEpoch > 1) this.log('the weight average restarts from the checkpoint\'s last weights');
    }
    // Data parallel (issue #4): replicas in worker threads train; `params` are synced from them at every epoch end.
    if (model.flare?.outputText && config.workers > 1) throw new Error('text at the output (outputText) trains in one process: use workers 1');
    this.parallel = config.workers > 1 ? await DataParallelTrainer.start({ model, params: this.params, optimizer: this.optimizer, workers: config.workers, context: this.lossContext }) : undefined;
    const started = Date.now();
    this.run = { total: Math.max(0, config.epochs - startEpoch + 1) * sequences.length, done: 0, started };
    try {
      for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
        const record = await this.trainEpoch(epoch, sequences);
        // With a weight average it is the average that is validated and kept.
        await this.withAveragedWeights(async () => {
          if (validCases.length > 0) record.valid = await this.validate(validCases);
          this.keepIfBest(epoch, record.valid?.ndcg10 ?? -record.loss);
        });
        record.elapsedSeconds = (Date.now() - started) / 1000;
        this.history.push(record);
        this.log(`epoch ${epoch}/${config.epochs}: loss ${record.loss.toFixed(4)}, ${record.sequencesPerSecond.toFixed(0)} seq/s` + (record.valid ? `, valid${this.average ? ' (averaged weights)' : ''} Recall@10 ${record.valid.recall10.toFixed(4)} nDCG@10 ${record.valid.ndcg10.toFixed(4)}` : ''));
        if (this.hooks.checkpointDir) await this.checkpoint(this.hooks.checkpointDir, epoch);
        // Patience counts from the minimum epochs on, so an early validation spike cannot end a run that is still learning.
        if (epoch - Math.max(this.best.epoch, config.minEpochs) >= config.patience) {
          this.log(`early stop: validation nDCG@10 has not improved for ${config.patience} epochs (best epoch ${this.best.epoch})`);
          break;
        }
      }
    } finally {
      this.progress.stop();
    }
    if (this.best.params) {
      for (const [name, v] of Object.entries(this.params)) v.assign(this.best.params[name]!);
      Object.values(this.best.params).forEach((t) => t.dispose());
    }
    await this.parallel?.close();
    if (this.average) Object.values(this.average).forEach((v) => v.dispose());
    this.lossContext.outputText?.dispose();
    this.optimizer.dispose();
    return { model, params: this.params, vocabulary: this.vocabulary, history: this.history, bestEpoch: this.best.epoch, secondsToBest: this.history.find((r) => r.epoch === this.best.epoch)?.elapsedSeconds ?? 0, steps: this.steps, seconds: (Date.now() - started) / 1000 };
  }

  /** One pass over the training sequences in this epoch's batches; `params` hold the epoch's weights afterwards. */
  private async trainEpoch(epoch: number, sequences: readonly Int32Array[]): Promise<EpochRecord> {
    const { config, model } = this;
    // Seeded per epoch, so a resumed run sees the same batches and masks the uninterrupted run would have.
    const random = seededRandom(config.seed * 100_003 + epoch);
    const batches = epochBatches(sequences, model.maxLength, config, random);
    this.lossContext.contrastiveShare = contrastiveShare(config, epoch);
    if (model.flare?.outputText) {
      this.lossContext.outputText?.dispose();
      this.lossContext.outputText = outputTextRows(model, this.params, this.catalog, this.vocabulary, this.hooks.features!);
    }
    const epochStart = Date.now();
    let lossSum = 0;
    let done = 0;
    let epochSteps = 0;
    for (const batch of batches) {
      const lr = config.learningRate * Math.min(1, (this.steps + 1) / Math.max(1, config.warmupSteps));
      this.optimizer.learningRate = lr;
      const cloze = packedClozeBatch(batch, model, this.catalog, this.vocabulary, config, random);
      const decay = config.weightDecay > 0 ? { rate: config.weightDecay, weights: this.decayed } : undefined;
      // Dropout masks from the seed and the step, as the batches and cloze masks are: a seeded run trains the same
      // every time (a resumed one too). Data-parallel replicas draw their own.
      this.lossContext.dropoutSeed = config.seed * 1_000_003 + this.steps * DROPOUT_MASKS_PER_STEP;
      lossSum += (this.parallel ? await this.parallel.step(cloze, lr, decay, config.gradientClip) : await trainingStep(model, this.params, this.optimizer, cloze, this.lossContext, lr, decay, config.gradientClip)) * cloze.sequences;
      done += cloze.sequences;
      this.updateAverage();
      this.steps++;
      epochSteps++;
      this.run.done += cloze.sequences;
      this.reportProgress(epoch, done, sequences.length, lossSum / done, epochStart, epochSteps);
    }
    this.progress.stop();
    await this.parallel?.syncToMain(this.hooks.checkpointDir ? this.optimizer : undefined);
    const seconds = (Date.now() - epochStart) / 1000;
    return { epoch, loss: lossSum / Math.max(1, done), seconds, sequencesPerSecond: done / seconds };
  }

  /** The epoch's bar (or line): running loss, speed, and the ETA of the whole run (every epoch left, validation included). */
  private reportProgress(epoch: number, done: number, total: number, loss: number, epochStart: number, epochSteps: number): void {
    const now = Date.now();
    const seconds = Math.max((now - epochStart) / 1000, 1e-3);
    const eta = runEta(this.run.done, this.run.total, (now - this.run.started) / 1000);
    this.progress.update({
      label: `epoch ${epoch}/${this.config.epochs}`,
      done,
      total,
      unit: 'sequences',
      detail: `loss ${loss.toFixed(4)}, ${(done / seconds).toFixed(0)} seq/s, ${(epochSteps / seconds).toFixed(1)} steps/s, run ETA ${formatSeconds(eta)}`,
    });
  }

  /** average <- d * average + (1 - d) * weights, after each step (see TrainConfig.weightAverage). */
  private updateAverage(): void {
    const average = this.average;
    if (!average) return;
    const d = averageDecay(this.config.weightAverage, this.steps);
    tf.tidy(() => {
      for (const [name, v] of Object.entries(this.params)) average[name]!.assign(tf.add(tf.mul(average[name]!, d), tf.mul(v, 1 - d)));
    });
  }

  /** Runs `work` with the averaged weights in `params` (when averaging), then puts the raw weights back. */
  private async withAveragedWeights(work: () => Promise<void>): Promise<void> {
    const average = this.average;
    if (!average) return work();
    const raw = Object.fromEntries(Object.entries(this.params).map(([n, v]) => [n, tf.clone(v)]));
    try {
      for (const [name, v] of Object.entries(this.params)) v.assign(average[name]!);
      await work();
    } finally {
      for (const [name, v] of Object.entries(this.params)) v.assign(raw[name]!);
      Object.values(raw).forEach((t) => t.dispose());
    }
  }

  /** Full-ranking Recall@10, nDCG@10 and MRR of the current weights on the validation cases. */
  private async validate(cases: readonly EvalCase[]): Promise<NonNullable<EpochRecord['valid']>> {
    const r = await evaluateParams(this.model, this.params, this.catalog, this.vocabulary, cases, undefined, this.hooks.features);
    return { recall10: r.recall[10]!, ndcg10: r.ndcg[10]!, mrr: r.mrr };
  }

  private keepIfBest(epoch: number, ndcg: number): void {
    if (!(ndcg > this.best.ndcg)) return;
    if (this.best.params) Object.values(this.best.params).forEach((t) => t.dispose());
    this.best = { ndcg, epoch, params: Object.fromEntries(Object.entries(this.params).map(([n, v]) => [n, tf.clone(v)])) };
  }

  /** This epoch's weights (and the best so far) as bundles, Adam's state beside the last weights (checkpoint.ts). */
  private async checkpoint(dir: string, epoch: number): Promise<void> {
    const { config } = this;
    const meta = { model: config.model, config: this.model, critiqueMode: config.critique, critiquePaths: this.vocabulary.paths, encoder: this.hooks.encoder ?? null, dataset: 'checkpoint' };
    this.checkpointState = await writeCheckpoint(dir, { epoch, steps: this.steps, history: this.history, bestEpoch: this.best.epoch, bestNdcg: this.best.ndcg, config }, this.checkpointState, async (folder, isBest) => {
      // The best weights are the averaged ones when averaging; the last (to resume from) are the raw ones.
      await saveBundle(folder, meta, isBest && this.average ? this.average : this.params, this.catalog);
      if (!isBest) {
        await saveOptimizerState(folder, this.optimizer);
        // Adam's state is part of the checkpoint bundle: listed in its manifest like the rest.
        rehashBundle(folder);
      }
    });
  }

  /** Picks up the checkpoint in hooks.checkpointDir, if there is one; returns the epoch to train next. */
  private async resume(): Promise<number> {
    const dir = this.hooks.checkpointDir;
    const resumed = dir ? await resumeCheckpoint<EpochRecord>(dir, this.params, this.optimizer) : undefined;
    if (!resumed) return 1;
    const { state } = resumed;
    this.checkpointState = state;
    this.best = { ndcg: state.bestNdcg, epoch: state.bestEpoch, params: resumed.best };
    this.history.push(...state.history);
    this.steps = state.steps;
    this.log(`resuming from the checkpoint after epoch ${state.epoch} (best validation nDCG@10 ${state.bestNdcg.toFixed(4)} at epoch ${state.bestEpoch})`);
    if (!resumed.optimizerRestored) this.log('the checkpoint has no optimizer state: Adam restarts from zero moments');
    return state.epoch + 1;
  }
}

/** Trains a model of `config` on `train`, early-stopping on `valid` (see Trainer). */
export function trainModel(catalog: Catalog, train: readonly Int32Array[], valid: readonly EvalCase[], config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainResult> {
  return new Trainer(catalog, config, hooks).fit(train, valid);
}
