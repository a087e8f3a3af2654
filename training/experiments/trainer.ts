import type { Catalog } from '../../model/catalog.js';
import { bert4recInputTables } from '../../model/input-tables.js';
import { scoreItems } from '../../model/scorer.js';
import { initBackend, tf } from '../../model/tf.js';
import { resolveConfig, trainModel, type TrainConfig } from '../train.js';
import type { Ablation, Trainer } from './types.js';

/** Scale presets of the experiment commands: quick runs in minutes on 2 cores, full is for a GPU machine. */
export const SCALES: Record<'quick' | 'full', Partial<TrainConfig>> = {
  quick: { preset: 'small', epochs: 10, patience: 4, evalUsers: 1000, learningRate: 2e-3, maskProbability: 0.3 },
  full: { preset: 'small', epochs: 200, patience: 10, evalUsers: 100_000, learningRate: 1e-3, maskProbability: 0.3 },
};

/** Ablation switches this model cannot honour yet: it has no text path until the text encoder lands. */
export function unsupportedAblation(ablation: Ablation): string | undefined {
  if (ablation.text || ablation.perceiver || ablation.contrastiveLoss) return 'needs the item-text path (Perceiver over the frozen text encoder), not built yet';
  return undefined;
}

/** The experiments' door to training: our TF.js Bert4Rec* with optional category critiques. */
export function tfjsTrainer(log: (line: string) => void): Trainer {
  return async (run, catalog: Catalog, scale, seed) => {
    const backend = await initBackend();
    const config = resolveConfig({ ...SCALES[scale], critique: run.critique, bidirectionalMasking: run.ablation.bidirectionalMasking, seed });
    const result = await trainModel(catalog, run.train, run.valid, config, { log });
    const tables = bert4recInputTables(result.model, result.params, catalog, result.vocabulary);
    return {
      backend: backend.name,
      trainSeconds: result.seconds,
      steps: result.steps,
      scoreBatch: (cases, critiques) => scoreItems(result.model, result.params, tables, result.vocabulary, cases.map((c, i) => ({ history: c.history, critique: critiques?.[i] }))),
      dispose: () => tf.dispose([...Object.values(result.params), tables.items, tables.critiques]),
    };
  };
}
