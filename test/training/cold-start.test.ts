import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyBundleFiles } from '../../model/bundle-files.js';
import { loadBundleWeights } from '../../model/bundle.js';
import { leaveOneOut, loadDataset, type Dataset } from '../../model/dataset.js';
import { initBackend } from '../../model/tf.js';
import { coldStartSplit, runColdStart } from '../../training/experiments/cold-start.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';

describe('the cold-start split', () => {
  it('holds the seeded items out of every training sequence and keeps the test users whose target is held out (by hand)', () => {
    const sequences = [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9, 1], [2, 5, 8], [3, 6, 9, 0, 4]].map((s) => Int32Array.from(s));
    const split = coldStartSplit(sequences, 10, 0.2, 1);
    // 20% of 10 items, chosen by the seeded shuffle (seed 1): items 2 and 3.
    expect(split.held).toEqual([2, 3]);
    // Leave-one-out training parts [0,1], [4], [7,8], [2], [3,6,9] without items 2 and 3; user 3's [2] is left empty.
    expect(split.train.map((s) => Array.from(s))).toEqual([[0, 1], [4], [7, 8], [6, 9]]);
    // Validation: user 0's target 2 is held out (dropped); user 3's history [2] is empty without it (dropped).
    expect(split.valid.map((c) => [c.user, Array.from(c.history), c.target])).toEqual([
      [1, [4], 5],
      [2, [7, 8], 9],
      [4, [6, 9], 0],
    ]);
    // Test: only user 0's last item (3) is held out; the history keeps item 2 (in the catalog by then).
    expect(split.test.map((c) => [c.user, Array.from(c.history), c.target])).toEqual([[0, [0, 1, 2], 3]]);
  });

  it('refuses a share outside (0, 1)', () => {
    expect(() => coldStartSplit([], 10, 0, 1)).toThrow(/share must be in \(0, 1\)/);
  });
});

describe('flarechat experiment cold-start, end to end on a real slice (1 epoch)', () => {
  let dataset: Dataset;
  let work: string;
  beforeAll(async () => {
    await initBackend();
    work = mkdtempSync(join(tmpdir(), 'flarechat-cold-'));
    await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-scientific-dense500'), join(work, 'data'), presetOptions('none'));
    dataset = await loadDataset(join(work, 'data'));
    process.env.FLARECHAT_DATA_DIR = join(work, 'state');
  });

  it('trains without the held-out items, adds them with add-items, and reports cold, warm, popularity and Bert4Rec* on their users', async () => {
    const out = join(work, 'reports');
    const { json, split, test } = await runColdStart(dataset, { share: 0.15, seed: 3, epochs: 1, users: 40, work: join(work, 'runs'), out, command: 'test', log: () => {} });
    const n = dataset.catalog.size;
    expect(json.heldOut.items).toBe(Math.round(0.15 * n));
    // Which users count: those whose last item is held out, counted here from the raw sequences.
    const held = new Set(split.held);
    const withHeldTarget = dataset.sequences.filter((s) => leaveOneOut(s) && held.has(s[s.length - 1]!)).length;
    expect(json.testUsers.withHeldOutTarget).toBe(withHeldTarget);
    expect(json.testUsers.evaluated).toBe(Math.min(40, withHeldTarget));
    expect(test.every((c) => held.has(c.target))).toBe(true);
    // None of their interactions in training.
    expect(split.train.some((s) => s.some((i) => held.has(i)))).toBe(false);
    // The cold bundle holds every item again, the held-out ones appended, and passes its integrity check.
    const bundle = join(work, 'runs', 'cold-nearest-text');
    const loaded = loadBundleWeights(bundle);
    expect(loaded.catalog.size).toBe(n);
    expect(loaded.catalog.items.slice(n - split.held.length).map((i) => i.id)).toEqual(split.held.map((i) => dataset.catalog.item(i).id));
    expect(verifyBundleFiles(bundle, loaded.manifest)).toEqual([]);
    // Popularity counted on the training data ranks every held-out target below all items bought in training: 0.
    expect(json.popularity.recall10).toBe(0);
    expect(json.bert4rec).toMatchObject({ recall10: 0, ndcg10: 0 });
    for (const entry of [json.cold, json.coldLinear, json.warm, json.popularity]) {
      expect(entry.users).toBe(json.testUsers.evaluated);
      for (const m of [entry.recall10, entry.ndcg10, entry.mrr]) expect(m >= 0 && m <= 1).toBe(true);
      expect(entry.ndcg10).toBeLessThanOrEqual(entry.recall10);
    }
    expect(json.training).toMatchObject({ epochsCap: 1, coldEpochs: 1, warmEpochs: 1, unseenItemRate: 0.1 });
    expect(json.addItems).toMatchObject({ items: split.held.length, idSource: 'unseen-embedding' });
    expect(json.addItems.secondsPer1000Items).toBeCloseTo((json.addItems.seconds * 1000) / split.held.length, 6);
    const written = JSON.parse(readFileSync(join(out, 'cold-start.json'), 'utf8'));
    for (const key of ['cold', 'warm', 'popularity']) {
      expect(typeof written[key].recall10).toBe('number');
      expect(typeof written[key].ndcg10).toBe('number');
    }
    expect(existsSync(join(out, 'cold-start.md'))).toBe(true);
    expect(readFileSync(join(out, 'cold-start.md'), 'utf8')).toContain(`${split.held.length} of ${n} items (15%, a seeded random choice) were held out of training entirely`);
  });
});
