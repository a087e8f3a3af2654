import type { ModelConfig, Params } from '../model/bert4rec.js';
import type { Catalog } from '../model/catalog.js';
import type { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import type { FlareFeatures } from '../model/flare.js';
import { inputTablesFor, type InputTables } from '../model/input-tables.js';
import { scoreItems } from '../model/scorer.js';
import { tf } from '../model/tf.js';
import { evaluateRanking, type EvaluationResult } from './evaluate-ranking.js';
import type { EvalCase } from './splits.js';

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
