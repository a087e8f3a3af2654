import { describe, expect, it } from 'vitest';
import { catNdcgAtK, dcg, ndcgAtK, rankOf, RankingAccumulator, recallAtK, reciprocalRank, topK } from '../../training/metrics.js';
import { sharedPrefixLength } from '../../model/catalog.js';

describe('rankOf (full ranking, pessimistic ties)', () => {
  it('counts items scored above the target', () => {
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 2)).toBe(2);
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 1)).toBe(1);
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 0)).toBe(4);
  });
  it('puts tied items ahead of the target, so constant scores never look good', () => {
    expect(rankOf([0.5, 0.5, 0.5, 0.5], 0)).toBe(4);
    expect(rankOf([0.2, 0.7, 0.7, 0.1], 2)).toBe(2);
    expect(rankOf([0.2, 0.7, 0.7, 0.1], 1)).toBe(2);
  });
  it('skips excluded items only when asked', () => {
    expect(rankOf([0.9, 0.8, 0.1], 2)).toBe(3);
    expect(rankOf([0.9, 0.8, 0.1], 2, [1, 0, 0])).toBe(2);
  });
  it('treats a NaN target as last and rejects a target outside the scores', () => {
    expect(rankOf([0.1, Number.NaN, 0.2], 1)).toBe(3);
    expect(() => rankOf([0.1], 3)).toThrow(/outside/);
  });
});

describe('Recall@K, nDCG@K, MRR against hand-computed values', () => {
  it('single-target values', () => {
    expect(recallAtK(1, 1)).toBe(1);
    expect(recallAtK(10, 10)).toBe(1);
    expect(recallAtK(11, 10)).toBe(0);
    expect(ndcgAtK(1, 10)).toBe(1);
    expect(ndcgAtK(3, 10)).toBeCloseTo(0.5, 12); // 1/log2(4)
    expect(ndcgAtK(7, 10)).toBeCloseTo(1 / 3, 12); // 1/log2(8)
    expect(ndcgAtK(11, 10)).toBe(0);
    expect(reciprocalRank(4)).toBe(0.25);
  });
  it('K larger than the catalog behaves as K = catalog size', () => {
    const rank = rankOf([0.3, 0.2, 0.1], 2);
    expect(rank).toBe(3);
    expect(recallAtK(rank, 100)).toBe(1);
    expect(ndcgAtK(rank, 100)).toBeCloseTo(0.5, 12);
  });
  it('averages over users', () => {
    const acc = new RankingAccumulator([1, 5, 10]);
    for (const rank of [1, 3, 7, 20]) acc.add(rank);
    const s = acc.summary();
    expect(s.count).toBe(4);
    expect(s.recall[1]).toBeCloseTo(0.25, 12);
    expect(s.recall[5]).toBeCloseTo(0.5, 12);
    expect(s.recall[10]).toBeCloseTo(0.75, 12);
    expect(s.ndcg[10]).toBeCloseTo((1 + 0.5 + 1 / 3 + 0) / 4, 12);
    expect(s.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 7 + 1 / 20) / 4, 12);
    expect(() => acc.add(0)).toThrow();
  });
});

describe('Cat-nDCG (paper 4.6.1)', () => {
  const critique = ['Office Products', 'Office & School Supplies', 'Printer Ink & Toner', 'Inkjet Printer Ink'];
  const relevance = (cats: string[]) => sharedPrefixLength(cats, critique);
  it('relevance counts leading shared levels, as in the paper', () => {
    expect(relevance(critique)).toBe(4);
    expect(relevance(['Office Products', 'Office & School Supplies', 'Paper'])).toBe(2);
    expect(relevance(['Office Products', 'Furniture', 'Printer Ink & Toner'])).toBe(1);
    expect(relevance(['Electronics'])).toBe(0);
  });
  it('worked example: retrieved relevances 4,2,0 against an ideal of 4,4,4', () => {
    const retrieved = [4, 2, 0];
    const catalog = [4, 4, 4, 2, 2, 1, 0, 0];
    const expected = (4 + 2 / Math.log2(3) + 0) / (4 + 4 / Math.log2(3) + 4 / 2);
    expect(dcg(retrieved, 3)).toBeCloseTo(4 + 2 / Math.log2(3), 12);
    expect(catNdcgAtK(retrieved, catalog, 3)).toBeCloseTo(expected, 12);
    expect(catNdcgAtK([4, 4, 4], catalog, 3)).toBeCloseTo(1, 12);
    expect(catNdcgAtK([0, 0, 0], [0, 0], 3)).toBe(0);
  });
});

describe('topK', () => {
  it('returns the best k, ties by lower index, skipping excluded and NaN', () => {
    const scores = [0.5, 0.9, 0.5, Number.NaN, 0.7, 0.1];
    expect(topK(scores, 3)).toEqual([1, 4, 0]);
    expect(topK(scores, 3, [0, 1, 0, 0, 0, 0])).toEqual([4, 0, 2]);
    expect(topK(scores, 10)).toEqual([1, 4, 0, 2, 5]);
    expect(topK(scores, 0)).toEqual([]);
  });
  it('agrees with a full sort on random scores', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const sorted = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 25).map((p) => p[1]);
    expect(topK(scores, 25)).toEqual(sorted);
  });
});
