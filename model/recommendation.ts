/**
 * One recommendation request and its answer, the same for every recommender: the bundle in process (TF.js or the
 * ONNX graph), the model server and its HTTP client. Item indices are positions in the catalog (0-based).
 */
export interface RecommendQuery {
  /** The user's history, oldest first; none of its items is returned. */
  history: readonly number[];
  /** Optional critique for the position being predicted: a category path ("A - B - C") or free text. */
  critique?: string;
  k: number;
  /** Items never to return (already seen, dismissed). */
  exclude?: readonly number[];
}

export interface ScoredItem {
  index: number;
  score: number;
}

/** The top k, best first. */
export interface RecommendResult {
  items: ScoredItem[];
}
