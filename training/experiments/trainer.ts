import type { Catalog } from '../../model/catalog.js';
import type { CritiqueMode } from '../../model/critique.js';
import type { FlareFeatures } from '../../model/flare.js';
import { inputTablesFor } from '../../model/input-tables.js';
import { scoreItems } from '../../model/scorer.js';
import { initBackend, tf } from '../../model/tf.js';
import { catalogTextFeatures, featureSettings } from '../text-features.js';
import { critiqueVocabularyFor } from '../models.js';
import { resolveConfig, type TrainConfig } from '../config.js';
import { trainModel } from '../train.js';
import type { Ablation, Trainer } from './types.js';

/** Scale presets of the experiment commands: quick runs in minutes on 2 cores, full is for a GPU machine. */
export const SCALES: Record<'quick' | 'full', Partial<TrainConfig>> = {
  // The peer's recipe (AdamW lr 1e-3, weight decay 0.01, cloze masking 0.15, dropout 0.2) on our backbone defaults,
  // plus what Table 2 on LC-Rec showed helps Flare (training/README.md): the weights' moving average validated and
  // kept, the ID-text loss decayed to 0 over 20 epochs (Flare rows only), and room for 100 epochs (Bert4Rec* stops
  // by patience long before).
  quick: { preset: 'small', epochs: 100, patience: 10, minEpochs: 15, evalUsers: 100_000, learningRate: 1e-3, maskProbability: 0.15, weightDecay: 1e-2, weightAverage: 0.999, contrastiveDecayEpochs: 20 },
  full: { preset: 'small', epochs: 200, patience: 10, minEpochs: 30, evalUsers: 100_000, learningRate: 1e-3, maskProbability: 0.15, weightDecay: 1e-2, weightAverage: 0.999, contrastiveDecayEpochs: 20 },
};

/** Table 6's switches as a training config: no text is Bert4Rec*, the rest switch one part of Flare off. */
export function ablationConfig(ablation: Ablation): Partial<TrainConfig> {
  if (!ablation.text) return { model: 'bert4rec', bidirectionalMasking: ablation.bidirectionalMasking };
  return {
    model: 'flare',
    usePerceiver: ablation.perceiver,
    bidirectionalMasking: ablation.bidirectionalMasking,
    ...(ablation.contrastiveLoss ? {} : { contrastiveWeight: 0 }),
    ...(ablation.outputText ? { outputText: true } : {}),
  };
}

/** What an experiment command may change in its scale's training config (said in the report). */
export interface ScaleOverrides {
  /** Epochs to train at most, instead of the scale's. */
  epochs?: number;
  /** Flare rows only: epochs over which the ID-text loss weight falls to 0 (TrainConfig.contrastiveDecayEpochs). */
  contrastiveDecayEpochs?: number;
  /** Every row: the decay of the weight average that is validated and kept (TrainConfig.weightAverage). */
  weightAverage?: number;
}

/** The training config of a scale, with the command's epochs instead of the scale's if given. */
export function scaleConfig(scale: 'quick' | 'full', overrides: ScaleOverrides = {}): Partial<TrainConfig> {
  const base = SCALES[scale];
  const { epochs } = overrides;
  const withEpochs = epochs === undefined ? base : { ...base, epochs, minEpochs: Math.min(base.minEpochs ?? 0, epochs) };
  return {
    ...withEpochs,
    ...(overrides.contrastiveDecayEpochs === undefined ? {} : { contrastiveDecayEpochs: overrides.contrastiveDecayEpochs }),
    ...(overrides.weightAverage === undefined ? {} : { weightAverage: overrides.weightAverage }),
  };
}

/** The config one experiment row trains with: the scale's, the row's critique and ablation, the seed. */
export function runConfig(scale: 'quick' | 'full', overrides: ScaleOverrides, critique: CritiqueMode, ablation: Ablation, seed: number): TrainConfig {
  const model = ablationConfig(ablation);
  const { contrastiveDecayEpochs, ...base } = scaleConfig(scale, overrides);
  // The decay schedules Flare's ID-text loss: rows without it (Bert4Rec*, the no-contrastive ablation) train as before.
  const decays = model.model === 'flare' && model.contrastiveWeight !== 0 && contrastiveDecayEpochs !== undefined;
  return resolveConfig({ ...base, critique, ...model, ...(decays ? { contrastiveDecayEpochs } : {}), seed });
}

/** The experiments' door to training: our TF.js Bert4Rec* and Flare, text features cached per catalog and critique mode. */
export function tfjsTrainer(log: (line: string) => void, overrides: ScaleOverrides = {}): Trainer {
  const featureCache = new Map<string, FlareFeatures>();
  const featuresFor = async (catalog: Catalog, mode: CritiqueMode, config: TrainConfig) => {
    const key = `${catalog.size}:${mode}:${config.textTokens}:${config.critiqueTokens}`;
    let features = featureCache.get(key);
    if (!features) {
      features = (await catalogTextFeatures(catalog, critiqueVocabularyFor(catalog, mode), featureSettings(config), log)).features;
      featureCache.set(key, features);
    }
    return features;
  };
  return async (run, catalog: Catalog, scale, seed) => {
    const backend = await initBackend();
    const config = runConfig(scale, overrides, run.critique, run.ablation, seed);
    const features = config.model === 'flare' ? await featuresFor(catalog, run.critique, config) : undefined;
    const result = await trainModel(catalog, run.train, run.valid, config, { log, features });
    const tables = inputTablesFor(result.model, result.params, catalog, result.vocabulary, features);
    return {
      backend: backend.name,
      trainSeconds: result.seconds,
      steps: result.steps,
      epochs: result.history.length,
      bestEpoch: result.bestEpoch,
      secondsToBest: result.secondsToBest,
      scoreBatch: (cases, critiques) => scoreItems(result.model, result.params, tables, result.vocabulary, cases.map((c, i) => ({ history: c.history, critique: critiques?.[i] }))),
      dispose: () => tf.dispose([...Object.values(result.params), tables.items, tables.critiques]),
    };
  };
}
