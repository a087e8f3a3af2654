import type { Recommender } from '../bot/recommender.js';
import type { RecommendQuery, RecommendResult } from '../model/recommendation.js';
import type { Catalog } from '../model/catalog.js';

/**
 * The skeptic's baseline: every item scored by how many interactions it has, the same for every user and whatever
 * the critique. Behind the engine's critique-first ranking it becomes "the most popular items inside the critiqued
 * category"; the user's own items and dismissed ones are left out as the model's are. Ties: lower index first.
 */
export class PopularityRecommender implements Recommender {
  readonly description: string;
  private readonly order: number[];

  constructor(readonly catalog: Catalog, private readonly counts: ArrayLike<number>) {
    if (counts.length !== catalog.size) throw new Error(`popularity counts for ${counts.length} items, but the catalog has ${catalog.size}`);
    this.order = Array.from({ length: catalog.size }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
    this.description = `popularity over ${catalog.size} items`;
  }

  /** Interaction counts over sequences with each user's held-out last item left out (the test targets are never counted). */
  static countsWithoutLastItems(sequences: readonly ArrayLike<number>[], catalogSize: number): Int32Array {
    const counts = new Int32Array(catalogSize);
    for (const s of sequences) for (let i = 0; i < s.length - 1; i++) counts[s[i]!]!++;
    return counts;
  }

  async recommend(request: RecommendQuery): Promise<RecommendResult> {
    const removed = new Set([...request.history, ...(request.exclude ?? [])]);
    const items: RecommendResult['items'] = [];
    for (const index of this.order) {
      if (items.length >= request.k) break;
      if (!removed.has(index)) items.push({ index, score: this.counts[index]! });
    }
    return { items };
  }
}
