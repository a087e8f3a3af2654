/** A run of the encoder: which texts (by index) and the padded token length they share. */
export interface LengthBatch {
  indices: number[];
  tokens: number;
}

/**
 * Groups texts of similar token length so padding wastes little work: sorted by length, cut into batches of at most
 * `maxTexts` texts and at most `maxTokens` padded tokens each (long texts get smaller batches, keeping the attention
 * matrices and activations cache-sized). Every batch has at least one token so the graph never sees a zero axis.
 */
export function batchByLength(lengths: readonly number[], maxTexts: number, maxTokens: number): LengthBatch[] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: LengthBatch[] = [];
  let current: number[] = [];
  let longest = 0;
  for (const index of order) {
    const length = Math.max(1, lengths[index]!);
    if (current.length > 0 && (current.length >= maxTexts || (current.length + 1) * Math.max(longest, length) > maxTokens)) {
      batches.push({ indices: current, tokens: longest });
      current = [];
      longest = 0;
    }
    current.push(index);
    longest = Math.max(longest, length);
  }
  if (current.length > 0) batches.push({ indices: current, tokens: longest });
  return batches;
}
