import type { Catalog } from '../model/catalog.js';

/** What the bot asks the model: item indices are positions in the catalog (0-based). */
export interface RecommendRequest {
  /** The user's history, oldest first. */
  history: number[];
  /** Optional critique for the position being predicted: a category path ("A - B - C") or free text. */
  critique?: string;
  k: number;
  /** Items never to return (already seen, dismissed). */
  exclude?: number[];
}

export interface ScoredItem {
  index: number;
  score: number;
}

export interface RecommendResponse {
  items: ScoredItem[];
}

/**
 * The one door from the bot to a model: an in-process bundle or the model server's client.
 * Implementations live in model/ (in-process) and bot/ (HTTP client); the bot depends only on this.
 */
export interface Recommender {
  readonly catalog: Catalog;
  /** Human-readable description printed at start-up, e.g. "flare (onnxruntime cpu) on demo bundle". */
  readonly description: string;
  recommend(request: RecommendRequest): Promise<RecommendResponse>;
  close?(): Promise<void>;
}
