import { loadBundle, type LoadedModel } from '../model/recommend.js';
import type { Recommender, RecommendRequest, RecommendResponse } from './recommender.js';

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

  recommend(request: RecommendRequest): Promise<RecommendResponse> {
    return this.model.recommend(request);
  }

  async close(): Promise<void> {
    this.model.dispose();
  }
}
