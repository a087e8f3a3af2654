import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../model/dataset.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { evaluateRanking, popularityScorer } from '../../training/evaluate-ranking.js';
import { leaveOneOutCases, type EvalCase } from '../../training/splits.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('evaluateRanking', () => {
  const cases: EvalCase[] = [
    { user: 0, history: Int32Array.of(0), target: 1 },
    { user: 1, history: Int32Array.of(3), target: 2 },
  ];
  const scores = [Float32Array.of(0.9, 0.8, 0.1, 0.0), Float32Array.of(0.9, 0.8, 0.7, 0.95)];

  it('ranks each target over the full catalog and averages', async () => {
    const r = await evaluateRanking(cases, (batch) => batch.map((c) => scores[c.user]!), { cutoffs: [1, 2, 10], batchSize: 1 });
    // ranks: 2 and 4
    expect(r.count).toBe(2);
    expect(r.recall[1]).toBe(0);
    expect(r.recall[2]).toBeCloseTo(0.5, 12);
    expect(r.recall[10]).toBe(1);
    expect(r.ndcg[10]).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / 2, 12);
    expect(r.mrr).toBeCloseTo((1 / 2 + 1 / 4) / 2, 12);
  });

  it('excludes history items only when asked', async () => {
    const r = await evaluateRanking(cases, (batch) => batch.map((c) => scores[c.user]!), { cutoffs: [1], excludeHistory: true });
    // history removes item 0 for user 0 (rank 1) and item 3 for user 1 (rank 3)
    expect(r.recall[1]).toBeCloseTo(0.5, 12);
    expect(r.mrr).toBeCloseTo((1 + 1 / 3) / 2, 12);
    expect(r.excludeHistory).toBe(true);
  });

  it('popularity on the real Scientific slice is far better than chance', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flarechat-eval-'));
    const src = join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice');
    await prepareDataset(src, out, presetOptions('auto', src));
    const dataset = await loadDataset(out);
    const { train, test } = leaveOneOutCases(dataset.sequences);
    const popular = await evaluateRanking(test, popularityScorer(train, dataset.catalog.size), { cutoffs: [10] });
    const chance = 10 / dataset.catalog.size;
    expect(popular.count).toBe(test.length);
    expect(popular.recall[10]).toBeGreaterThan(chance);
  });
});
