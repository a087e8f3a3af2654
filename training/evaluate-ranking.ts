import { rankOf, RankingAccumulator, type RankingSummary } from './metrics.js';
import type { EvalCase } from './splits.js';

/** Scores every catalog item for each case of a batch: one Float32Array of catalog size per case. */
export type BatchScorer = (cases: readonly EvalCase[]) => Promise<Float32Array[]> | Float32Array[];

export interface EvaluateOptions {
  batchSize?: number;
  cutoffs?: readonly number[];
  /** Remove the items of the user's history from the candidates (off by default: the paper ranks the full catalog). */
  excludeHistory?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface EvaluationResult extends RankingSummary {
  excludeHistory: boolean;
}

/** The one evaluation harness: full ranking of every case's target, averaged into Recall@K, nDCG@K and MRR. */
export async function evaluateRanking(cases: readonly EvalCase[], score: BatchScorer, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const batchSize = options.batchSize ?? 256;
  const accumulator = new RankingAccumulator(options.cutoffs ?? [1, 5, 10, 20]);
  // Batches of similar history lengths: a model scorer pads every history of a batch to its longest, and the averages
  // do not depend on the order the cases are scored in.
  const ordered = cases.map((c, i) => ({ c, i })).sort((a, b) => a.c.history.length - b.c.history.length || a.i - b.i).map((x) => x.c);
  for (let start = 0; start < ordered.length; start += batchSize) {
    const batch = ordered.slice(start, start + batchSize);
    const scores = await score(batch);
    if (scores.length !== batch.length) throw new Error(`scorer returned ${scores.length} score rows for ${batch.length} cases`);
    batch.forEach((c, i) => {
      const row = scores[i]!;
      let excluded: Uint8Array | undefined;
      if (options.excludeHistory) {
        excluded = new Uint8Array(row.length);
        for (const item of c.history) if (item !== c.target) excluded[item] = 1;
      }
      accumulator.add(rankOf(row, c.target, excluded));
    });
    options.onProgress?.(Math.min(start + batchSize, cases.length), cases.length);
  }
  return { ...accumulator.summary(), excludeHistory: options.excludeHistory ?? false };
}

/** Item popularity in the training sequences: the baseline every model must beat. */
export function popularityScorer(train: readonly Int32Array[], catalogSize: number): BatchScorer {
  const counts = new Float32Array(catalogSize);
  for (const s of train) for (const item of s) counts[item]! += 1;
  return (cases) => cases.map(() => counts);
}
