import { initParams, REPEAT_BIAS, type InitScheme, type ModelConfig, type Params } from '../model/bert4rec.js';
import type { Catalog } from '../model/catalog.js';
import { CRITIQUE_LEVELS, type CritiqueMode } from '../model/critique.js';
import { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import type { FlareConfig } from '../model/flare-config.js';
import { initFlareParams, UNSEEN_ITEM_EMBEDDING } from '../model/flare.js';
import { tf } from '../model/tf.js';
import type { TrainConfig } from './config.js';

// What each model (Bert4Rec*, Flare) brings to training: its hyperparameters from the training config, the critique
// paths it reads and its initial weights. Its loss is in loss.ts.

export function modelConfigFor(config: TrainConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, textDim?: number): ModelConfig {
  const flare: FlareConfig | undefined =
    config.model === 'flare'
      ? {
          textDim: textDim ?? 512,
          maxTextTokens: config.maxTextTokens,
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
    ...(config.positionsFromEnd ? { positionsFromEnd: true } : {}),
    outputHead: config.outputHead,
  };
}

/** The critique paths a model of this mode reads: every category prefix down to the mode's depth. */
export function critiqueVocabularyFor(catalog: Catalog, mode: CritiqueMode): CritiqueVocabulary {
  return mode === 'none' ? new CritiqueVocabulary([], 0) : CritiqueVocabulary.fromCatalog(catalog, CRITIQUE_LEVELS[mode]);
}

/** Bert4Rec*'s weights, plus the text path for Flare (whose critiques go through the Perceiver, not critique tokens). */
export function initModelParams(model: ModelConfig, seed: number, options: { contrastiveProjection?: boolean; init?: InitScheme; textInit?: InitScheme; unseenItem?: boolean; repeatBias?: boolean } = {}): Params {
  const params = initParams(model, seed, options.init);
  // Starts at 0: a seen item scores as any other until training learns how often people repeat one.
  if (options.repeatBias) params[REPEAT_BIAS] = tf.variable(tf.zeros([1]));
  if (!model.flare) return params;
  params.critique_embedding!.dispose();
  delete params.critique_embedding;
  Object.assign(params, initFlareParams(model, model.flare, seed, options.textInit));
  // Starts as eq. 2 (the identity) and learns which directions of the ID embedding the text should explain.
  if (options.contrastiveProjection) params.flare_contrastive_w = tf.variable(tf.eye(model.dModel));
  // At the item embedding's scale, as any other ID row starts.
  if (options.unseenItem) params[UNSEEN_ITEM_EMBEDDING] = tf.variable(tf.mul(tf.clipByValue(tf.randomNormal([model.dModel], 0, 1, 'float32', seed * 7919 + 5), -2, 2), 0.02));
  return params;
}
