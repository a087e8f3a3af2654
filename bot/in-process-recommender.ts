import { loadBundle, type LoadedModel } from '../model/recommend.js';
import type { RecommendQuery, RecommendResult } from '../model/recommendation.js';
import type { Recommender } from './recommender.js';

/** The default Recommender: the bundle's model running inside the bot process. */
export class InProcessRecommender implements Recommender {
  private constructor(private readonly model: LoadedModel) {}

  static async open(bundleDir: string): Promise<InProcessRecommender> {
    return new InProcessRecommender(await loadBundle(bundleDir));
  }

  get catalog() {
    return this.model.catalog;
  }

  get description(): string {
    return this.model.describe();
  }

  recommend(query: RecommendQuery): Promise<RecommendResult> {
    return this.model.recommend(query);
  }

  async close(): Promise<void> {
    this.model.dispose();
  }
}
