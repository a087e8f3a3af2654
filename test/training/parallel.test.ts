import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Params } from '../../model/bert4rec.js';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { flareFeatures, type FlareFeatures } from '../../model/flare.js';
import { initBackend, tf } from '../../model/tf.js';
import { seededRandom } from '../../training/random.js';
import { DataParallelTrainer } from '../../training/parallel/trainer.js';
import { shardBatch } from '../../training/parallel/shard.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { critiqueVocabularyFor, initModelParams, modelConfigFor } from '../../training/models.js';
import { lossOf } from '../../training/loss.js';
import { packedClozeBatch, type ClozeBatch } from '../../training/batches.js';
import { resolveConfig, type TrainConfig } from '../../training/config.js';
import { trainingStep } from '../../training/step.js';
import { trainModel } from '../../training/train.js';
import { FlatAdam } from '../../training/flat-adam.js';

let dataset: Dataset;
const trainers: DataParallelTrainer[] = [];

beforeAll(async () => {
  await initBackend();
  const out = mkdtempSync(join(tmpdir(), 'flarechat-parallel-'));
  await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice'), out, presetOptions('none'));
  dataset = await loadDataset(out);
});
afterAll(async () => {
  await Promise.all(trainers.map((t) => t.close()));
});

/** Small random frozen text states: the arithmetic under test does not depend on what the encoder would say. */
function randomFeatures(items: number, critiques: number, random: () => number): FlareFeatures {
  const [dim, textTokens, critiqueTokens] = [16, 3, 2];
  const table = (count: number, tokens: number) => ({
    count,
    tokens,
    dim,
    states: Float32Array.from({ length: count * tokens * dim }, () => random() * 2 - 1),
    mask: Uint8Array.from({ length: count * tokens }, (_, i) => (i % tokens === 0 || random() < 0.7 ? 1 : 0)),
  });
  return flareFeatures(table(items, textTokens), table(critiques, critiqueTokens));
}

function setup(overrides: Partial<TrainConfig>, features?: FlareFeatures) {
  const config = resolveConfig({ dModel: 32, dHidden: 64, perceiverDim: 16, textTokens: 3, critiqueTokens: 2, contrastiveItems: 24, dropout: 0, ...overrides });
  const vocabulary = critiqueVocabularyFor(dataset.catalog, config.critique);
  const model = modelConfigFor(config, dataset.catalog, vocabulary, features?.dim);
  const params = initModelParams(model, 4);
  const { train } = leaveOneOutCases(dataset.sequences);
  const random = seededRandom(11);
  /** The step-th batch of 24 training sequences, wrapping around the slice's 40. */
  const batchOf = (step: number): ClozeBatch =>
    packedClozeBatch(Array.from({ length: 24 }, (_, i) => [train[(step * 24 + i) % train.length]!]), model, dataset.catalog, vocabulary, config, random);
  const context = { features, contrastive: config, dropout: config.dropout };
  const decayed = Object.entries(params).filter(([name]) => name.endsWith('_w') || name.endsWith('embedding')).map(([, v]) => v);
  return { config, model, params, batchOf, context, decay: { rate: 0.01, weights: decayed } };
}

const copyOf = (params: Params) => Object.fromEntries(Object.entries(params).map(([name, v]) => [name, Float32Array.from(v.dataSync())]));
const largestDifference = (a: Record<string, Float32Array>, b: Record<string, Float32Array>) =>
  Math.max(...Object.keys(a).map((name) => a[name]!.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[name]![i]!)), 0)));

/** One step on 2 replicas against the same step in this thread, from the same weights and the same batch. */
async function compareOneStep(overrides: Partial<TrainConfig>, features?: FlareFeatures) {
  const { model, params, batchOf, context, decay } = setup(overrides, features);
  const optimizer = new FlatAdam(1e-3, 0.9, 0.999, 1e-8);
  const trainer = await DataParallelTrainer.start({ model, params, optimizer, workers: 2, context });
  trainers.push(trainer);
  const batch = batchOf(0);
  const expectedGradients = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => lossOf(model, params, batch, context));
    return Object.fromEntries(Object.entries(params).map(([name, v]) => [name, Float32Array.from(grads[v.name]!.dataSync())]));
  });
  const before = copyOf(params);
  const parallelLoss = await trainer.step(batch, 1e-3, decay);
  const gradients = Object.fromEntries(Object.entries(trainer.lastGradients()).map(([name, g]) => [name, Float32Array.from(g)]));
  const singleLoss = await trainingStep(model, params, optimizer, batch, context, 1e-3, decay);
  const singleWeights = copyOf(params);
  await trainer.syncToMain();
  return { parallelLoss, singleLoss, gradients, expectedGradients, before, singleWeights, parallelWeights: copyOf(params), trainer, batch };
}

describe('shardBatch', () => {
  it('splits rows, keeps every predicted position exactly once, and weights shards by their predicted positions', () => {
    const { batchOf } = setup({ critique: 'precise' });
    const batch = batchOf(0);
    const shards = shardBatch(batch, 2);
    expect(shards.map((s) => s.batch.batch)).toEqual([12, 12]);
    expect(shards.reduce((n, s) => n + s.weight, 0)).toBeCloseTo(1, 12);
    expect(shards.flatMap((s) => Array.from(s.batch.labels))).toEqual(Array.from(batch.labels));
    const second = shards[1]!.batch;
    second.predictAt.forEach((at) => expect(second.tokens[at]).toBe(batch.tokens[at + 12 * batch.length]));
    expect(shardBatch(batch, 40).length).toBe(24);
  });

  it('gives the InfoNCE items (only the first contrastiveItems) to exactly one shard, which needs the fewest extra text contexts', () => {
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'precise');
    const { batchOf } = setup({ model: 'flare', critique: 'precise' }, randomFeatures(dataset.catalog.size, vocabulary.size, seededRandom(3)));
    const batch = batchOf(0);
    const shards = shardBatch(batch, 2, 10);
    const carriers = shards.filter((s) => s.carriesContrastive);
    expect(carriers.length).toBe(1);
    const pairs = carriers[0]!.batch.pairs!;
    expect(Array.from(pairs.itemTokens)).toEqual(Array.from(batch.pairs!.itemTokens.subarray(0, 10)));
    pairs.itemPairs.forEach((local, i) => expect(pairs.textRows[local]).toBe(batch.pairs!.textRows[batch.pairs!.itemPairs[i]!]));
    expect(shards.find((s) => !s.carriesContrastive)!.batch.pairs!.itemPairs.length).toBe(0);
    expect(shardBatch(batch, 2, 0).some((s) => s.carriesContrastive)).toBe(false);
  });
});

describe('data-parallel training on 2 worker threads', () => {
  it('Bert4Rec*: the same loss, gradients and updated weights as one process; replicas stay bit-identical', async () => {
    const r = await compareOneStep({ critique: 'precise' });
    expect(Math.abs(r.parallelLoss - r.singleLoss)).toBeLessThan(1e-4);
    expect(largestDifference(r.gradients, r.expectedGradients)).toBeLessThan(1e-4);
    // The step moves the weights far more than the tolerance, so a wrong gradient could not pass.
    expect(largestDifference(r.singleWeights, r.before)).toBeGreaterThan(5e-4);
    expect(largestDifference(r.parallelWeights, r.singleWeights)).toBeLessThan(1e-4);
    expect(new Set(await r.trainer.replicaChecksums()).size).toBe(1);
  });

  it('Flare: the same loss (MLM + ID-text InfoNCE carried by one shard), gradients and updated weights', async () => {
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'precise');
    const features = randomFeatures(dataset.catalog.size, vocabulary.size, seededRandom(3));
    const r = await compareOneStep({ model: 'flare', critique: 'precise', contrastiveWeight: 0.5 }, features);
    expect(r.batch.pairs!.itemPairs.length).toBeGreaterThan(1);
    expect(Math.abs(r.parallelLoss - r.singleLoss)).toBeLessThan(1e-4);
    expect(largestDifference(r.gradients, r.expectedGradients)).toBeLessThan(1e-4);
    expect(largestDifference(r.singleWeights, r.before)).toBeGreaterThan(5e-4);
    expect(largestDifference(r.parallelWeights, r.singleWeights)).toBeLessThan(1e-4);
  });

  it('clips the reduced gradient as one process clips its own: three clipped steps end on the same weights', async () => {
    const clip = 0.05;
    const steps = 3;
    const single = async (clipNorm: number) => {
      const { model, params, batchOf, context, decay } = setup({ critique: 'precise' });
      const optimizer = new FlatAdam(1e-2, 0.9, 0.999, 1e-8);
      for (let step = 0; step < steps; step++) await trainingStep(model, params, optimizer, batchOf(step), context, 1e-2, decay, clipNorm);
      return copyOf(params);
    };
    const clipped = await single(clip);
    const unclipped = await single(0);
    const { model, params, batchOf, context, decay } = setup({ critique: 'precise' });
    const trainer = await DataParallelTrainer.start({ model, params, optimizer: new FlatAdam(1e-2, 0.9, 0.999, 1e-8), workers: 2, context });
    trainers.push(trainer);
    for (let step = 0; step < steps; step++) await trainer.step(batchOf(step), 1e-2, decay, clip);
    await trainer.syncToMain();
    // Clipping changes the relative size of the steps' gradients, so Adam's path differs from the unclipped one.
    expect(largestDifference(clipped, unclipped)).toBeGreaterThan(1e-3);
    expect(largestDifference(copyOf(params), clipped)).toBeLessThan(1e-4);
  });

  it('keeps replicas bit-identical over several steps, even with dropout drawn differently on each', async () => {
    const { model, params, batchOf, context, decay } = setup({ critique: 'none', dropout: 0.1 });
    const trainer = await DataParallelTrainer.start({ model, params, optimizer: new FlatAdam(1e-3), workers: 2, context });
    trainers.push(trainer);
    const start = await trainer.replicaChecksums();
    const losses: number[] = [];
    for (let step = 0; step < 4; step++) losses.push(await trainer.step(batchOf(step), 1e-3, decay));
    expect(losses.every(Number.isFinite)).toBe(true);
    const checksums = await trainer.replicaChecksums();
    expect(checksums[0]).toBe(checksums[1]);
    expect(checksums[0]).not.toBe(start[0]);
  });

  it('syncToMain hands weights and Adam state to the main thread, and new replicas start from them: all three continue alike', async () => {
    // critique none leaves critique_embedding without a gradient: Adam's slots must still line up.
    const { model, params, batchOf, context, decay } = setup({ critique: 'none' });
    const optimizer = new FlatAdam(1e-3, 0.9, 0.999, 1e-8);
    const trainer = await DataParallelTrainer.start({ model, params, optimizer, workers: 2, context });
    trainers.push(trainer);
    for (let step = 0; step < 3; step++) await trainer.step(batchOf(step), 1e-3, decay);
    await trainer.syncToMain(optimizer);
    const synced = copyOf(params);
    // A resumed run starts new replicas from the main thread's weights and Adam state.
    const resumed = await DataParallelTrainer.start({ model, params, optimizer, workers: 2, context });
    trainers.push(resumed);
    const next = batchOf(3);
    await trainingStep(model, params, optimizer, next, context, 1e-3, decay);
    const continuedHere = copyOf(params);
    expect(largestDifference(continuedHere, synced)).toBeGreaterThan(5e-4);
    for (const replicas of [trainer, resumed]) {
      await replicas.step(next, 1e-3, decay);
      await replicas.syncToMain();
      expect(largestDifference(copyOf(params), continuedHere)).toBeLessThan(1e-4);
    }
  });

  it('trainModel with workers: 2 lowers the loss', async () => {
    const { train, valid } = leaveOneOutCases(dataset.sequences);
    const config = resolveConfig({ dModel: 32, dHidden: 64, epochs: 10, patience: 100, batchSize: 16, learningRate: 3e-3, warmupSteps: 5, evalUsers: 20, workers: 2 });
    const result = await trainModel(dataset.catalog, train, valid, config);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss - 0.3);
    expect(result.history.at(-1)!.valid).toBeDefined();
  });
});
