/**
 * Full-ranking metrics for leave-one-out evaluation (one held-out target per user), and Cat-nDCG (paper 4.6.1).
 * Every item of the catalog is a candidate: no sampled negatives.
 *
 * Ties are broken pessimistically: an item scored exactly like the target ranks ahead of it, so a model that
 * gives every item the same score gets rank = catalog size, never a lucky rank 1.
 */

/** 1-based rank of `target` in `scores`; items whose `excluded[i]` is truthy are not candidates. */
export function rankOf(scores: ArrayLike<number>, target: number, excluded?: ArrayLike<number | boolean>): number {
  const targetScore = scores[target];
  if (targetScore === undefined) throw new RangeError(`target ${target} is outside the scores (length ${scores.length})`);
  if (Number.isNaN(targetScore)) return scores.length;
  let ahead = 0;
  for (let i = 0; i < scores.length; i++) {
    if (i === target || (excluded && excluded[i])) continue;
    const s = scores[i]!;
    if (s >= targetScore || Number.isNaN(s)) ahead++;
  }
  return ahead + 1;
}

/** Recall@K for one target (equals hit rate with a single relevant item). */
export function recallAtK(rank: number, k: number): number {
  return rank <= k ? 1 : 0;
}

/** nDCG@K for one relevant item: the ideal DCG is 1 (the target at rank 1). */
export function ndcgAtK(rank: number, k: number): number {
  return rank <= k ? 1 / Math.log2(rank + 1) : 0;
}

/** Reciprocal rank over the full ranking (no cut-off). */
export function reciprocalRank(rank: number): number {
  return 1 / rank;
}

/** DCG with linear gain: sum of rel_i / log2(i + 1) over the first k positions (1-based i). */
export function dcg(relevances: ArrayLike<number>, k: number): number {
  let total = 0;
  const n = Math.min(k, relevances.length);
  for (let i = 0; i < n; i++) total += relevances[i]! / Math.log2(i + 2);
  return total;
}

/**
 * Cat-nDCG@K (paper eq. 8): the relevance of a retrieved item is the number of leading category levels it shares
 * with the critique. `retrieved` holds the relevances of the ranked list, best first; `candidates` the relevance
 * of every item in the catalog, from which the ideal ordering is taken. Returns 0 when no item can be relevant.
 */
export function catNdcgAtK(retrieved: ArrayLike<number>, candidates: ArrayLike<number>, k: number): number {
  const ideal = Array.from(candidates).sort((a, b) => b - a);
  const best = dcg(ideal, k);
  return best === 0 ? 0 : dcg(retrieved, k) / best;
}

export const DEFAULT_CUTOFFS = [1, 5, 10, 20] as const;

export interface RankingSummary {
  count: number;
  recall: Record<number, number>;
  ndcg: Record<number, number>;
  mrr: number;
}

/** Averages per-user ranks into Recall@K, nDCG@K and MRR. */
export class RankingAccumulator {
  private readonly cutoffs: readonly number[];
  private readonly recallSums: number[];
  private readonly ndcgSums: number[];
  private rrSum = 0;
  private n = 0;

  constructor(cutoffs: readonly number[] = DEFAULT_CUTOFFS) {
    this.cutoffs = cutoffs;
    this.recallSums = cutoffs.map(() => 0);
    this.ndcgSums = cutoffs.map(() => 0);
  }

  add(rank: number): void {
    if (!(rank >= 1) || !Number.isFinite(rank)) throw new RangeError(`rank must be a finite number >= 1, got ${rank}`);
    this.cutoffs.forEach((k, i) => {
      this.recallSums[i]! += recallAtK(rank, k);
      this.ndcgSums[i]! += ndcgAtK(rank, k);
    });
    this.rrSum += reciprocalRank(rank);
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  summary(): RankingSummary {
    const mean = (sum: number) => (this.n === 0 ? 0 : sum / this.n);
    const recall: Record<number, number> = {};
    const ndcg: Record<number, number> = {};
    this.cutoffs.forEach((k, i) => {
      recall[k] = mean(this.recallSums[i]!);
      ndcg[k] = mean(this.ndcgSums[i]!);
    });
    return { count: this.n, recall, ndcg, mrr: mean(this.rrSum) };
  }
}

/** Indices of the k highest scores, best first (ties by lower index), skipping excluded items. */
export function topK(scores: ArrayLike<number>, k: number, excluded?: ArrayLike<number | boolean>): number[] {
  const heapIdx: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a]! === scores[b]! && a < b);
  for (let i = 0; i < scores.length; i++) {
    if (excluded && excluded[i]) continue;
    if (Number.isNaN(scores[i]!)) continue;
    if (heapIdx.length < k) {
      heapIdx.push(i);
      let c = heapIdx.length - 1;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (better(heapIdx[p]!, heapIdx[c]!)) {
          [heapIdx[p], heapIdx[c]] = [heapIdx[c]!, heapIdx[p]!];
          c = p;
        } else break;
      }
    } else if (k > 0 && better(i, heapIdx[0]!)) {
      heapIdx[0] = i;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let worst = p;
        if (l < heapIdx.length && better(heapIdx[worst]!, heapIdx[l]!)) worst = l;
        if (r < heapIdx.length && better(heapIdx[worst]!, heapIdx[r]!)) worst = r;
        if (worst === p) break;
        [heapIdx[p], heapIdx[worst]] = [heapIdx[worst]!, heapIdx[p]!];
        p = worst;
      }
    }
  }
  return heapIdx.sort((a, b) => (better(a, b) ? -1 : 1));
}
