import { beforeAll, describe, expect, it } from 'vitest';
import { REPEAT_BIAS, REPEAT_BIAS_SCALE, seenItems, type ModelConfig } from '../../model/bert4rec.js';
import { Catalog } from '../../model/catalog.js';
import { scoreItems } from '../../model/scorer.js';
import { inputTablesFor } from '../../model/input-tables.js';
import { initBackend, tf } from '../../model/tf.js';
import { resolveConfig } from '../../training/config.js';
import { trainModel } from '../../training/train.js';

const config: ModelConfig = { numItems: 5, numCritiqueTokens: 0, critiqueLevels: 0, maxLength: 8, dModel: 8, heads: 2, layers: 1, dHidden: 16, positionsFromEnd: true, outputHead: false };

beforeAll(async () => {
  await initBackend();
});

describe('the learned repeat score', () => {
  it('marks, for each predicted position, the unmasked items of its own packed sequence only', () => {
    // Vocabulary: 0 padding, items 1..5, 6 [MASK]. Row 0 packs two sequences: [1 2 MASK] (segment 1) and [4 MASK] (segment 2).
    const tokens = Int32Array.from([1, 2, 6, 4, 6, 0, 0, 0]);
    const segments = Int32Array.from([1, 1, 1, 2, 2, 0, 0, 0]);
    const seen = seenItems(config, { tokens, segments, length: 8, predictAt: Int32Array.from([2, 4]) });
    expect(Array.from(seen.subarray(0, 7))).toEqual([0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(seen.subarray(7, 14))).toEqual([0, 0, 0, 0, 1, 0, 0]);
  });

  it('adds its value to the scores of the items in the history, and nothing to the others', async () => {
    const catalog = new Catalog(Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, title: `item ${i}`, categories: [] })));
    const train = [Int32Array.from([0, 1, 2]), Int32Array.from([1, 2, 3])];
    const run = await trainModel(catalog, train, [], resolveConfig({ dModel: 8, heads: 2, layers: 1, dHidden: 16, maxLength: 8, epochs: 1, evalUsers: 0, repeatBias: true }));
    const tables = inputTablesFor(run.model, run.params, catalog, run.vocabulary);
    const [before] = await scoreItems(run.model, run.params, tables, run.vocabulary, [{ history: [0, 3] }]);
    const trained = (await run.params[REPEAT_BIAS]!.data())[0]!;
    run.params[REPEAT_BIAS]!.assign(tf.tensor1d([-0.5]));
    const [after] = await scoreItems(run.model, run.params, tables, run.vocabulary, [{ history: [0, 3] }]);
    const shift = Array.from(after!, (s, i) => s - before![i]!);
    for (const [i, d] of shift.entries()) expect(d).toBeCloseTo([0, 3].includes(i) ? (-0.5 - trained) * REPEAT_BIAS_SCALE : 0, 4);
  });

  it('learns to rank seen items low on sequences that never repeat an item', async () => {
    const items = 12;
    const catalog = new Catalog(Array.from({ length: items }, (_, i) => ({ id: `i${i}`, title: `item ${i}`, categories: [] })));
    // Every sequence is 6 distinct items, so a masked item is never one of the visible ones.
    const train = Array.from({ length: 200 }, (_, u) => Int32Array.from({ length: 6 }, (_, t) => (u + 5 * t) % items));
    const run = await trainModel(catalog, train, [], resolveConfig({ dModel: 8, heads: 2, layers: 1, dHidden: 16, maxLength: 8, epochs: 6, batchSize: 16, evalUsers: 0, maskProbability: 0.3, learningRate: 3e-3, repeatBias: true }));
    const learned = (await run.params[REPEAT_BIAS]!.data())[0]! * REPEAT_BIAS_SCALE;
    expect(learned).toBeLessThan(-1);
  });
});
