import type { Catalog } from '../model/catalog.js';
import type { RecommendQuery, RecommendResult } from '../model/recommendation.js';

/**
 * The one door from the bot to a model: an in-process bundle or the model server's client.
 * Implementations live in model/ (in-process) and bot/ (HTTP client); the bot depends only on this.
 */
export interface Recommender {
  readonly catalog: Catalog;
  /** Human-readable description printed at start-up, e.g. "flare (onnxruntime cpu) on demo bundle". */
  readonly description: string;
  recommend(query: RecommendQuery): Promise<RecommendResult>;
  close?(): Promise<void>;
}
