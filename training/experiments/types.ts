import type { Catalog } from '../../model/catalog.js';
import type { CritiqueMode } from '../../model/critique.js';
import type { EvalCase } from '../splits.js';

/** Switches of Table 6, each removable on its own. */
export interface Ablation {
  text: boolean;
  perceiver: boolean;
  bidirectionalMasking: boolean;
  contrastiveLoss: boolean;
  /** Flare scoring items at the output by ID + text context (TrainConfig.outputText) instead of the ID alone. */
  outputText?: boolean;
}

export const FULL_FLARE: Ablation = { text: true, perceiver: true, bidirectionalMasking: true, contrastiveLoss: true };
export const BERT4REC_STAR: Ablation = { text: false, perceiver: false, bidirectionalMasking: true, contrastiveLoss: false };

export interface ExperimentRun {
  label: string;
  ablation: Ablation;
  critique: CritiqueMode;
  train: Int32Array[];
  valid: EvalCase[];
}

/** A trained model as the experiments see it: scores every catalog item for each case, with an optional critique. */
export interface TrainedScorer {
  scoreBatch(cases: readonly EvalCase[], critiques?: readonly (string | undefined)[]): Promise<Float32Array[]>;
  backend: string;
  trainSeconds: number;
  steps: number;
  /** Epochs trained, and the one whose weights were kept (best validation nDCG@10). */
  epochs?: number;
  bestEpoch?: number;
  /** Wall seconds from the start of training to the end of the best epoch's validation. */
  secondsToBest?: number;
  dispose?(): void;
}

/** The one door from the experiments to the model's training code. */
export type Trainer = (run: ExperimentRun, catalog: Catalog, scale: 'quick' | 'full', seed: number) => Promise<TrainedScorer>;
