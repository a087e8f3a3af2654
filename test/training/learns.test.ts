import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { critiqueFor } from '../../model/critique.js';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { initBackend } from '../../model/tf.js';
import { evaluateRanking, popularityScorer } from '../../training/evaluate-ranking.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { evaluateParams, resolveConfig, trainModel } from '../../training/train.js';

// 2,500 real users of the shared LC-Rec Scientific set (their 3,882 items, titles, brands and category paths).
let dataset: Dataset;
beforeAll(async () => {
  await initBackend();
  const out = mkdtempSync(join(tmpdir(), 'flarechat-learns-'));
  await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-scientific-2500'), out, presetOptions('none'));
  dataset = await loadDataset(out);
});

describe('training on a real slice', () => {
  it('lowers the loss and, steered by the target\'s category, ranks the held-out item far above popularity', async () => {
    const { train, valid } = leaveOneOutCases(dataset.sequences);
    const cases = valid.slice(0, 600);
    const config = resolveConfig({ critique: 'precise', epochs: 3, learningRate: 3e-3, maskProbability: 0.4, evalUsers: 0, patience: 100 });
    const result = await trainModel(dataset.catalog, train, [], config);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss - 0.5);

    const popularity = await evaluateRanking(cases, popularityScorer(train, dataset.catalog.size), { cutoffs: [10] });
    const steered = await evaluateParams(result.model, result.params, dataset.catalog, result.vocabulary, cases, (c) => critiqueFor(dataset.catalog.item(c.target), 'precise'));
    expect(popularity.recall[10]!).toBeGreaterThan(0.02);
    expect(steered.recall[10]!).toBeGreaterThan(3 * popularity.recall[10]!);
  });
});
