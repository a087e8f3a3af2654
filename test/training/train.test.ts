import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskToken } from '../../model/bert4rec.js';
import { loadBundleWeights, saveBundle } from '../../model/bundle.js';
import { Catalog } from '../../model/catalog.js';
import { CritiqueVocabulary } from '../../model/critique-vocabulary.js';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { loadBundle } from '../../model/recommend.js';
import { initBackend, tf } from '../../model/tf.js';
import { seededRandom } from '../../training/random.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { clozeBatch } from '../../training/batches.js';
import { lossOf } from '../../training/loss.js';
import { modelConfigFor } from '../../training/models.js';
import { averageDecay, contrastiveShare, resolveConfig } from '../../training/config.js';
import { evaluateParams } from '../../training/evaluate-model.js';
import { validationSample } from '../../training/splits.js';
import { trainModel } from '../../training/train.js';
import { initParams } from '../../model/bert4rec.js';
import { inferenceLayout } from '../../model/scorer.js';

let dataset: Dataset;
beforeAll(async () => {
  await initBackend();
  const out = mkdtempSync(join(tmpdir(), 'flarechat-train-'));
  const src = join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice');
  await prepareDataset(src, out, presetOptions('none'));
  dataset = await loadDataset(out);
});

describe('cloze masking', () => {
  it('masks at least one item per sequence and keeps the critique visible at masked positions', () => {
    const vocabulary = CritiqueVocabulary.fromCatalog(dataset.catalog, 4);
    const config = resolveConfig({ critique: 'precise', maskProbability: 0.01, critiqueKeep: 1 });
    const model = modelConfigFor(config, dataset.catalog, vocabulary);
    const batch = clozeBatch(dataset.sequences.slice(0, 20), model, dataset.catalog, vocabulary, config, seededRandom(3));
    for (let b = 0; b < batch.batch; b++) {
      const row = Array.from(batch.tokens.subarray(b * batch.length, (b + 1) * batch.length));
      expect(row.filter((t) => t === maskToken(model)).length).toBeGreaterThanOrEqual(1);
    }
    batch.predictAt.forEach((at, i) => {
      const item = batch.labels[i]! - 1;
      expect(Array.from(batch.critiques.subarray(at * 4, at * 4 + 4))).toEqual(vocabulary.encode(dataset.catalog.item(item).categories));
      expect(batch.critiques[at * 4]).toBeGreaterThan(0);
    });
  });

  it('carries no critique when the config says none, and last-item-only masks only the last item', () => {
    const vocabulary = new CritiqueVocabulary([], 0);
    const config = resolveConfig({ critique: 'none', bidirectionalMasking: false });
    const model = modelConfigFor(config, dataset.catalog, vocabulary);
    const seqs = dataset.sequences.slice(0, 10);
    const batch = clozeBatch(seqs, model, dataset.catalog, vocabulary, config, seededRandom(1));
    expect(batch.critiques.every((c) => c === 0)).toBe(true);
    expect(batch.predictAt.length).toBe(10);
    seqs.forEach((s, b) => expect(batch.labels[b]).toBe(s[Math.min(s.length, batch.length) - 1 + Math.max(0, s.length - batch.length)]! + 1));
  });
});

describe('positions from the end (the peer\'s right-aligned layout)', () => {
  it('puts every training sequence\'s last item and the inference [MASK] at position L-1', () => {
    const vocabulary = new CritiqueVocabulary([], 0);
    const config = resolveConfig({ critique: 'none', maxLength: 6 });
    const model = modelConfigFor(config, dataset.catalog, vocabulary);
    expect(model.positionsFromEnd).toBe(true);
    const seqs = [Int32Array.from([1, 2, 3]), Int32Array.from([4, 5, 6, 7, 8, 9, 10, 11])];
    const batch = clozeBatch(seqs, model, dataset.catalog, vocabulary, config, seededRandom(1));
    expect(batch.length).toBe(6);
    // 3 items at positions 3,4,5 (padding after them reads position 0); 8 items clipped to the last 6, at 0..5.
    expect(Array.from(batch.positions.subarray(0, 6))).toEqual([3, 4, 5, 0, 0, 0]);
    expect(Array.from(batch.positions.subarray(6, 12))).toEqual([0, 1, 2, 3, 4, 5]);
    // Inference: a 2-item history and the [MASK] take positions 3,4,5; a long history keeps its last 5 items.
    const layout = inferenceLayout(model, vocabulary, [{ history: [7, 8] }, { history: [1, 2, 3, 4, 5, 6, 7, 8, 9] }]);
    expect(layout.length).toBe(6);
    expect(Array.from(layout.positions.subarray(0, 3))).toEqual([3, 4, 5]);
    expect(layout.predictAt[0]).toBe(2);
    expect(Array.from(layout.positions.subarray(6, 12))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(layout.predictAt[1]).toBe(6 + 5);
  });

  it('keeps positions from the start for bundles written before (no positionsFromEnd in their config)', () => {
    const vocabulary = new CritiqueVocabulary([], 0);
    const model = { ...modelConfigFor(resolveConfig({ maxLength: 6 }), dataset.catalog, vocabulary), positionsFromEnd: undefined };
    const layout = inferenceLayout(model, vocabulary, [{ history: [7, 8] }]);
    expect(Array.from(layout.positions.subarray(0, 3))).toEqual([0, 1, 2]);
  });
});

describe('training on a real slice', () => {
  it('gradients are finite and training lowers the loss; the bundle round trip reproduces the scores', async () => {
    const { train, valid, test } = leaveOneOutCases(dataset.sequences);
    const config = resolveConfig({ preset: 'small', dModel: 32, dHidden: 64, epochs: 8, patience: 100, batchSize: 16, learningRate: 3e-3, warmupSteps: 5, evalUsers: 20 });
    const vocabulary = new CritiqueVocabulary([], 0);
    const model = modelConfigFor(config, dataset.catalog, vocabulary);
    const params = initParams(model, 1);
    const batch = clozeBatch(train, model, dataset.catalog, vocabulary, config, seededRandom(2));
    const { grads } = tf.variableGrads(() => lossOf(model, params, batch));
    for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);

    const result = await trainModel(dataset.catalog, train, valid, config);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss - 0.3);

    const dir = mkdtempSync(join(tmpdir(), 'flarechat-bundle-'));
    await saveBundle(dir, { model: 'bert4rec', config: result.model, critiqueMode: 'none', critiquePaths: [], encoder: null, dataset: 'slice' }, result.params, dataset.catalog);
    const loaded = await loadBundle(dir);
    const requests = test.slice(0, 5).map((c) => ({ history: c.history }));
    const { scoreItems } = await import('../../model/scorer.js');
    const { bert4recInputTables } = await import('../../model/input-tables.js');
    const before = await scoreItems(result.model, result.params, bert4recInputTables(result.model, result.params, dataset.catalog, result.vocabulary), result.vocabulary, requests);
    const after = await loaded.scoreBatch(requests);
    after.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(before[i]![j]!, 5)));

    const weights = readFileSync(join(dir, 'weights.bin'));
    weights[100] = weights[100]! ^ 0xff;
    writeFileSync(join(dir, 'weights.bin'), weights);
    expect(() => loadBundleWeights(dir)).toThrow(/corrupt \(checksum mismatch\)/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: 99 }));
    expect(() => loadBundleWeights(dir)).toThrow(/bundle version 99/);
    expect(() => loadBundleWeights(join(dir, 'nope'))).toThrow(/not a model bundle/);
  });
});

describe('critique vocabulary', () => {
  it('encodes prefixes, so a broad critique shares rows with a precise one', () => {
    const catalog = new Catalog([{ id: 'a', title: 'A', categories: ['X', 'Y', 'Z', 'W', 'V'] }, { id: 'b', title: 'B', categories: ['X', 'Q'] }]);
    const v = CritiqueVocabulary.fromCatalog(catalog, 4);
    expect(v.size).toBe(5); // X, X-Y, X-Y-Z, X-Y-Z-W, X-Q
    const precise = v.encode('X - Y - Z - W');
    const broad = v.encode(['X', 'Y']);
    expect(broad.slice(0, 2)).toEqual(precise.slice(0, 2));
    expect(broad.slice(2)).toEqual([0, 0]);
    expect(v.encode('Nope - Y')).toEqual([0, 0, 0, 0]);
  });
});

describe('the contrastive weight schedule', () => {
  it('holds the weight when no decay is set, and falls linearly to 0 over the decay epochs', () => {
    expect([1, 5, 50].map((e) => contrastiveShare(resolveConfig({ model: 'flare' }), e))).toEqual([1, 1, 1]);
    const decaying = resolveConfig({ model: 'flare', contrastiveDecayEpochs: 4 });
    expect([1, 2, 3, 4, 5, 9].map((e) => contrastiveShare(decaying, e))).toEqual([1, 0.75, 0.5, 0.25, 0, 0]);
    expect(() => resolveConfig({ model: 'flare', contrastiveDecayEpochs: 4, workers: 2 })).toThrow(/use workers 1/);
  });
});

describe('reproducible training', () => {
  it('trains the same every time from the same seed, dropout included, and otherwise from another seed', async () => {
    const { train, valid } = leaveOneOutCases(dataset.sequences);
    const base = { preset: 'small', dModel: 32, dHidden: 64, epochs: 2, patience: 100, batchSize: 16, learningRate: 3e-3, evalUsers: 20 } as const;
    const losses = async (seed: number) => (await trainModel(dataset.catalog, train, valid, resolveConfig({ ...base, seed }))).history.map((r) => r.loss);
    const first = await losses(1);
    expect(await losses(1)).toEqual(first);
    expect(await losses(2)).not.toEqual(first);
  });
});

describe('the weight average', () => {
  it('starts fast and settles at its decay', () => {
    expect(averageDecay(0.999, 0)).toBeCloseTo(0.1, 10);
    expect(averageDecay(0.999, 8)).toBeCloseTo(0.5, 10);
    expect(averageDecay(0.999, 100_000)).toBe(0.999);
    expect(() => resolveConfig({ weightAverage: 1 })).toThrow(/weightAverage must be in \[0, 1\)/);
    expect(() => resolveConfig({ weightAverage: 0.99, workers: 2 })).toThrow(/use workers 1/);
  });

  it('validates, keeps and ships the averaged weights, and checkpoints the raw ones to resume from', async () => {
    const { train, valid } = leaveOneOutCases(dataset.sequences);
    const config = resolveConfig({ preset: 'small', dModel: 32, dHidden: 64, epochs: 1, patience: 100, batchSize: 16, learningRate: 3e-3, evalUsers: 20, weightAverage: 0.9 });
    const checkpointDir = mkdtempSync(join(tmpdir(), 'flarechat-average-'));
    const averaged = await trainModel(dataset.catalog, train, valid, config, { checkpointDir });
    const state = JSON.parse(readFileSync(join(checkpointDir, 'state.json'), 'utf8')) as { last: string; best: string };
    const last = loadBundleWeights(join(checkpointDir, state.last)).params;
    const best = loadBundleWeights(join(checkpointDir, state.best)).params;
    const gap = (a: Record<string, tf.Tensor>, b: Record<string, tf.Tensor>) => Math.max(...Object.keys(averaged.params).map((n) => tf.max(tf.abs(tf.sub(a[n]!, b[n]!))).dataSync()[0]!));
    // The raw weights after the epoch are not the average of the steps that led there.
    expect(gap(last, averaged.params)).toBeGreaterThan(1e-4);
    expect(gap(best, averaged.params)).toBeLessThan(1e-6);
    // What was validated is what is returned.
    const cases = validationSample(valid, config.evalUsers, config.seed);
    const again = await evaluateParams(averaged.model, averaged.params, dataset.catalog, averaged.vocabulary, cases);
    expect(again.ndcg[10]).toBeCloseTo(averaged.history[0]!.valid!.ndcg10, 6);
  });
});
