import { describe, expect, it } from 'vitest';
import { batchByLength } from '../../../model/text-encoder/batching.js';

describe('batchByLength', () => {
  it('groups texts of similar length, each exactly once, within the text and padded-token limits', () => {
    const lengths = [5, 60, 0, 7, 61, 120, 6, 59, 3];
    const batches = batchByLength(lengths, 3, 130);
    expect(batches.flatMap((b) => b.indices).sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    for (const b of batches) {
      expect(b.indices.length).toBeLessThanOrEqual(3);
      expect(b.indices.length * b.tokens).toBeLessThanOrEqual(130);
      expect(b.tokens).toBe(Math.max(1, ...b.indices.map((i) => lengths[i]!)));
    }
    expect(batches.map((b) => b.indices)).toEqual([[2, 8, 0], [6, 3], [7, 1], [4], [5]]);
  });

  it('gives a text longer than the token limit a batch of its own rather than dropping it', () => {
    expect(batchByLength([500, 2], 8, 100)).toEqual([{ indices: [1], tokens: 2 }, { indices: [0], tokens: 500 }]);
  });
});
