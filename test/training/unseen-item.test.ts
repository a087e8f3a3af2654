import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskToken } from '../../model/bert4rec.js';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { UNSEEN_ITEM_EMBEDDING, type FlareFeatures } from '../../model/flare.js';
import { initBackend, tf } from '../../model/tf.js';
import { packedClozeBatch } from '../../training/batches.js';
import { resolveConfig } from '../../training/config.js';
import { lossOf } from '../../training/loss.js';
import { critiqueVocabularyFor, initModelParams, modelConfigFor } from '../../training/models.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { seededRandom } from '../../training/random.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { catalogTextFeatures } from '../../training/text-features.js';

let dataset: Dataset;
let features: FlareFeatures;
beforeAll(async () => {
  await initBackend();
  const out = mkdtempSync(join(tmpdir(), 'flarechat-unseen-'));
  await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice'), out, presetOptions('none'));
  dataset = await loadDataset(out);
  const vocabulary = critiqueVocabularyFor(dataset.catalog, 'none');
  const text = await catalogTextFeatures(dataset.catalog, vocabulary, { encoder: 'use-lite', maxTextTokens: 64, textTokens: 4, critiqueTokens: 2, cacheDir: join(out, 'cache') }, () => {});
  features = text.features;
});

const small = { model: 'flare' as const, dModel: 32, dHidden: 64, perceiverDim: 16, textTokens: 4, critiqueTokens: 2, dropout: 0 };

describe('the unseen-item embedding (training/config.ts unseenItemRate)', () => {
  it('is on by default for Flare only, and refused out of [0, 1) or for Bert4Rec*', () => {
    expect(resolveConfig({ model: 'flare' }).unseenItemRate).toBe(0.1);
    expect(resolveConfig({ model: 'bert4rec' }).unseenItemRate).toBe(0);
    expect(() => resolveConfig({ model: 'flare', unseenItemRate: 1 })).toThrow(/unseenItemRate must be in \[0, 1\)/);
    expect(() => resolveConfig({ model: 'bert4rec', unseenItemRate: 0.2 })).toThrow(/needs the flare model/);
  });

  it('replaces the configured share of visible item IDs, never a masked one, and keeps their own text', () => {
    const rate = 0.3;
    const config = resolveConfig({ ...small, unseenItemRate: rate, maskProbability: 0.2 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'none');
    const model = modelConfigFor(config, dataset.catalog, vocabulary, features.dim);
    const { train } = leaveOneOutCases(dataset.sequences);
    const batch = packedClozeBatch(train.map((s) => [s]), model, dataset.catalog, vocabulary, config, seededRandom(7));
    let visible = 0;
    let replaced = 0;
    for (let at = 0; at < batch.tokens.length; at++) {
      const token = batch.tokens[at]!;
      if (token === 0 || token === maskToken(model)) {
        expect(batch.unseen![at]).toBe(0);
        continue;
      }
      visible++;
      if (batch.unseen![at]) {
        replaced++;
        // The replaced position still reads its own item's text: the point of the exercise.
        expect(batch.pairs!.textRows[batch.pairs!.contextOf[at]!]).toBe(token - 1);
      }
    }
    expect(visible).toBeGreaterThan(150);
    // Binomial(visible, 0.3): within 4 standard deviations of the rate (seeded, so this is one fixed draw).
    const sd = Math.sqrt(visible * rate * (1 - rate));
    expect(Math.abs(replaced - visible * rate)).toBeLessThan(4 * sd);
    const off = packedClozeBatch(train.map((s) => [s]), model, dataset.catalog, vocabulary, { ...config, unseenItemRate: 0 }, seededRandom(7));
    expect(off.unseen).toBeUndefined();
  });

  it('gets gradients from the masked-item loss exactly when IDs are replaced, and changes the loss', () => {
    const config = resolveConfig({ ...small, unseenItemRate: 0.5 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'none');
    const model = modelConfigFor(config, dataset.catalog, vocabulary, features.dim);
    const params = initModelParams(model, 3, { unseenItem: true });
    expect(params[UNSEEN_ITEM_EMBEDDING]!.shape).toEqual([32]);
    expect(initModelParams(model, 3)[UNSEEN_ITEM_EMBEDDING]).toBeUndefined();
    const { train } = leaveOneOutCases(dataset.sequences);
    const batch = packedClozeBatch(train.slice(0, 16).map((s) => [s]), model, dataset.catalog, vocabulary, config, seededRandom(2));
    expect(batch.unseen!.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const context = { features, contrastive: { ...config, contrastiveWeight: 0 } };
    const unseenWeight = params[UNSEEN_ITEM_EMBEDDING]!;
    const { grads } = tf.variableGrads(() => lossOf(model, params, batch, context), [unseenWeight]);
    const gradient = grads[unseenWeight.name]!;
    expect(tf.norm(gradient).dataSync()[0]).toBeGreaterThan(1e-6);
    expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
    // The same batch without replacement reads every ID: a different loss, and nothing reaches the unseen row.
    const plain = { ...batch, unseen: undefined };
    expect(lossOf(model, params, plain, context).dataSync()[0]).not.toBeCloseTo(lossOf(model, params, batch, context).dataSync()[0]!, 5);
    expect(() => tf.variableGrads(() => lossOf(model, params, plain, context), [unseenWeight])).toThrow(/Cannot find a connection/);
  });
});
