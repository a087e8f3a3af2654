import type { InitScheme } from '../model/bert4rec.js';
import type { CritiqueMode } from '../model/critique.js';
import { DEFAULT_MAX_TEXT_TOKENS } from '../model/flare-config.js';

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
  /** Dropout on the attention weights while training. */
  attentionDropout: number;
  /** Positions counted back from the end of each sequence (the [MASK] to predict always at L-1); false = from the start. */
  positionsFromEnd: boolean;
  /** The dense + GELU + layer-norm head before the tied logits (original BERT4Rec); off by default (training/README.md). */
  outputHead: boolean;
  /** How dense weights start: 'fan-in' (PyTorch nn.Linear's default) or 'bert' (truncated normal, std 0.02). */
  init: InitScheme;
  /** Learn one score for items the user already has (model/bert4rec.ts REPEAT_BIAS); false = no such weight, as before. */
  repeatBias: boolean;
  /** Flare: how the Perceiver's dense weights start ('bert' N(0, 0.02), or PyTorch's 'fan-in' as the backbone). */
  textInit: InitScheme;
  /**
   * How sequences are grouped into batches: 'packed' (section 4.2.2: several short users a row; batches are random
   * samples of users), 'random' (one user a row, padded to the batch's longest: slower), 'length' (users of similar
   * length together: little padding, but each batch a biased sample, and it trains worse).
   */
  batching: 'packed' | 'random' | 'length';
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
  /**
   * Epochs over which the ID-text loss's weight falls linearly from contrastiveWeight to 0 (0 = constant). The loss
   * is what lets the text path help early; held at full weight it keeps pulling the output rows toward the text.
   */
  contrastiveDecayEpochs: number;
  contrastiveMargin: number;
  /**
   * Validate, keep and ship an exponential moving average of the weights (Polyak averaging), updated after every
   * step with this decay (0 = off, the raw weights). Noisy late steps average out, so the best epoch is less of a
   * lucky draw. Early on the decay is min(weightAverage, (1 + step) / (10 + step)), so the average soon leaves the
   * initial weights behind.
   */
  weightAverage: number;
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
  /**
   * Flare: share of the visible item IDs in each training sequence replaced by one learned "unseen item" embedding
   * (weight `unseen_item_embedding`), their text context kept, so the model learns to read an item from its text alone:
   * what an item added after training (`flarechat add-items`) gets as its ID. 0 = off (and no such weight).
   */
  unseenItemRate: number;
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
  // The plain PyTorch Bert4Rec's recipe (../shared/peers), which our backbone now matches epoch for epoch.
  scientific: { dModel: 64, heads: 2, layers: 2, dHidden: 256, learningRate: 1e-3, weightDecay: 1e-2, maskProbability: 0.15, epochs: 70, patience: 10, minEpochs: 15 },
  // The shipped demo: Flare with precise critiques on the scientific recipe, capped so it trains in about half an hour
  // on 2 cores, keeping the weights' moving average (Table 2 on LC-Rec: training/README.md).
  demo: { model: 'flare', dModel: 64, heads: 2, layers: 2, dHidden: 256, critique: 'precise', learningRate: 1e-3, weightDecay: 1e-2, maskProbability: 0.15, epochs: 40, minEpochs: 15, patience: 6, weightAverage: 0.999 },
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
  batching: 'packed',
  dropout: 0.2,
  attentionDropout: 0.2,
  positionsFromEnd: true,
  outputHead: false,
  init: 'fan-in',
  textInit: 'bert',
  repeatBias: true,
  maskProbability: 0.15,
  maskLastProbability: 0,
  batchSize: 64,
  learningRate: 1e-3,
  weightDecay: 1e-2,
  gradientClip: 0,
  warmupSteps: 0,
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
  maxTextTokens: DEFAULT_MAX_TEXT_TOKENS,
  textTokens: 8,
  critiqueTokens: 4,
  contrastiveWeight: 0.3,
  contrastiveTemperature: 0.05,
  contrastiveDecayEpochs: 0,
  contrastiveMargin: 0.1,
  weightAverage: 0,
  contrastiveProjection: true,
  outputText: false,
  contrastiveItems: 512,
  unseenItemRate: 0,
  workers: 1,
};

/**
 * Defaults that differ by model, applied over DEFAULT_TRAIN_CONFIG and under a preset (RecBole keeps them per model
 * too). Flare clips gradients: without it its text path knocks training off course at these learning rates.
 */
export const MODEL_DEFAULTS: Record<TrainConfig['model'], Partial<TrainConfig>> = {
  bert4rec: {},
  flare: { gradientClip: 1, unseenItemRate: 0.1 },
};

export function resolveConfig(overrides: Partial<TrainConfig>): TrainConfig {
  const preset = overrides.preset ?? DEFAULT_TRAIN_CONFIG.preset;
  const fromPreset = PRESETS[preset];
  if (!fromPreset) throw new Error(`unknown preset '${preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  const model = overrides.model ?? fromPreset.model ?? DEFAULT_TRAIN_CONFIG.model;
  const config = { ...DEFAULT_TRAIN_CONFIG, ...(MODEL_DEFAULTS[model] ?? {}), ...fromPreset, ...overrides, preset };
  // Scoring by ID + text context needs the output head: without its dense map and layer norm the hidden state and
  // those output rows start at different scales and training diverges (test/model/flare.test.ts).
  if (config.outputText && overrides.outputHead === undefined && fromPreset.outputHead === undefined) config.outputHead = true;
  const problems: string[] = [];
  if (config.dModel % config.heads !== 0) problems.push(`dModel ${config.dModel} is not divisible by heads ${config.heads}`);
  for (const key of ['dModel', 'heads', 'layers', 'dHidden', 'maxLength', 'batchSize', 'epochs'] as const) if (!(Number.isInteger(config[key]) && config[key] > 0)) problems.push(`${key} must be a positive whole number`);
  if (!(config.maskProbability > 0 && config.maskProbability < 1)) problems.push('maskProbability must be in (0, 1)');
  if (!(config.dropout >= 0 && config.dropout < 1)) problems.push('dropout must be in [0, 1)');
  if (!(config.attentionDropout >= 0 && config.attentionDropout < 1)) problems.push('attentionDropout must be in [0, 1)');
  if (!['random', 'length', 'packed'].includes(config.batching)) problems.push('batching must be packed, random or length');
  if (!['fan-in', 'bert'].includes(config.init)) problems.push('init must be fan-in or bert');
  if (!['fan-in', 'bert'].includes(config.textInit)) problems.push('textInit must be fan-in or bert');
  if (!(config.learningRate > 0)) problems.push('learningRate must be > 0');
  if (!(config.gradientClip >= 0)) problems.push('gradientClip must be >= 0 (0 = off)');
  if (!(Number.isInteger(config.evalUsers) && config.evalUsers >= 0)) problems.push('evalUsers must be a whole number >= 0');
  if (!(Number.isInteger(config.workers) && config.workers >= 1)) problems.push('workers must be a positive whole number');
  if (!(config.unseenItemRate >= 0 && config.unseenItemRate < 1)) problems.push('unseenItemRate must be in [0, 1)');
  if (config.unseenItemRate > 0 && config.model !== 'flare') problems.push('unseenItemRate needs the flare model (Bert4Rec* has no text to read an unseen item from)');
  if (!['none', 'broad', 'precise'].includes(config.critique)) problems.push(`critique must be none, broad or precise`);
  if (!['bert4rec', 'flare'].includes(config.model)) problems.push(`model must be bert4rec or flare`);
  if (config.model === 'flare') {
    for (const key of ['perceiverDim', 'perceiverHeads', 'perceiverLayers', 'perceiverLatents', 'textTokens', 'critiqueTokens', 'contrastiveItems'] as const) if (!(Number.isInteger(config[key]) && config[key] > 0)) problems.push(`${key} must be a positive whole number`);
    if (config.perceiverDim % config.perceiverHeads !== 0) problems.push(`perceiverDim ${config.perceiverDim} is not divisible by perceiverHeads ${config.perceiverHeads}`);
    if (!(config.contrastiveWeight >= 0)) problems.push('contrastiveWeight must be >= 0');
    if (!(config.contrastiveTemperature > 0)) problems.push('contrastiveTemperature must be > 0');
    if (!(Number.isInteger(config.contrastiveDecayEpochs) && config.contrastiveDecayEpochs >= 0)) problems.push('contrastiveDecayEpochs must be a whole number >= 0');
    if (config.contrastiveDecayEpochs > 0 && config.workers > 1) problems.push('contrastiveDecayEpochs trains in one process: use workers 1');
  }
  if (!(config.weightAverage >= 0 && config.weightAverage < 1)) problems.push('weightAverage must be in [0, 1)');
  if (config.weightAverage > 0 && config.workers > 1) problems.push('weightAverage averages every step of one process: use workers 1');
  if (problems.length) throw new Error(`invalid training config: ${problems.join('; ')}`);
  return config;
}

/** The share of contrastiveWeight epoch `epoch` (1-based) trains with: 1 throughout, or falling linearly to 0. */
export function contrastiveShare(config: Pick<TrainConfig, 'contrastiveDecayEpochs'>, epoch: number): number {
  return config.contrastiveDecayEpochs > 0 ? Math.max(0, 1 - (epoch - 1) / config.contrastiveDecayEpochs) : 1;
}

/** The decay of the weight average at `step` (0-based): min(weightAverage, (1 + step) / (10 + step)). */
export function averageDecay(weightAverage: number, step: number): number {
  return Math.min(weightAverage, (1 + step) / (10 + step));
}
