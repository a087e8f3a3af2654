import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxModelError } from '../../../model/onnx/onnx-record.js';
import { rehashBundle } from '../../../model/bundle-files.js';
import { loadBundle, type LoadedModel, type RecommendQuery } from '../../../model/recommend.js';
import { exportedDemoBundle, tinyExportedBundle } from './exported-bundle.js';

const TOLERANCE = 1e-4;

/** Same top-k in the same order, scores within TOLERANCE; returns the largest score difference seen. */
async function expectSameRanking(onnx: LoadedModel, tfjs: LoadedModel, queries: RecommendQuery[]): Promise<number> {
  let worst = 0;
  const [fromOnnx, fromTf] = [await onnx.recommendBatch(queries), await tfjs.recommendBatch(queries)];
  queries.forEach((query, q) => {
    const a = fromOnnx[q]!.items;
    const b = fromTf[q]!.items;
    expect(a.map((i) => i.index), `query ${q}`).toEqual(b.map((i) => i.index));
    expect(a).toHaveLength(Math.min(query.k, onnx.catalog.size - new Set([...query.history, ...(query.exclude ?? [])]).size));
    a.forEach((item, i) => {
      worst = Math.max(worst, Math.abs(item.score - b[i]!.score));
      expect(Math.abs(item.score - b[i]!.score)).toBeLessThan(TOLERANCE);
    });
  });
  return worst;
}

describe('ONNX export against TF.js on the shipped demo bundle (4,344 items, precise critiques)', () => {
  let onnx: LoadedModel;
  let tfjs: LoadedModel;
  let dir: string;
  beforeAll(async () => {
    dir = await exportedDemoBundle();
    onnx = await loadBundle(dir);
    tfjs = await loadBundle(dir, { onnx: false });
  });
  afterAll(() => {
    onnx.dispose();
    tfjs.dispose();
  });

  it('runs on onnxruntime when the bundle has model.onnx, and says so', () => {
    expect(onnx.backend.name).toBe('onnxruntime cpu');
    expect(onnx.describe()).toMatch(/4344 items, onnxruntime cpu$/);
    expect(tfjs.backend.name).not.toMatch(/onnxruntime/);
    const record = JSON.parse(readFileSync(join(dir, 'onnx.json'), 'utf8'));
    expect(record).toMatchObject({ file: 'model.onnx', opset: 17, irVersion: 8, numItems: 4344, scoring: { kind: 'exact' } });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same top-10 and scores within 1e-4 without a critique', async () => {
    const histories = [[], [0], [12, 400, 7, 3100], Array.from({ length: 120 }, (_, i) => (i * 37) % 4344), [4343, 4342]];
    const worst = await expectSameRanking(onnx, tfjs, histories.map((history) => ({ history, k: 10 })));
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it('gives the same top-10 with a precise and a broad critique, and with excluded items', async () => {
    const precise = onnx.vocabulary.paths.find((p) => p.split(' - ').length === 4)!;
    const broad = onnx.vocabulary.paths.find((p) => p.split(' - ').length === 2)!;
    const queries: RecommendQuery[] = [
      { history: [5, 9, 33], critique: precise, k: 10 },
      { history: [], critique: broad, k: 10 },
      { history: [100, 200], critique: 'Not A Category - At All', k: 10 },
      { history: [57, 858], k: 10, exclude: [411, 52, 483] },
    ];
    await expectSameRanking(onnx, tfjs, queries);
    const steered = await onnx.recommend(queries[0]!);
    const plain = await onnx.recommend({ history: [5, 9, 33], k: 10 });
    expect(steered.items.map((i) => i.index)).not.toEqual(plain.items.map((i) => i.index));
  });

  it('never returns history (even beyond the model window) or excluded items, and a batch equals single runs', async () => {
    const history = Array.from({ length: 300 }, (_, i) => i);
    const { items } = await onnx.recommend({ history, k: 50, exclude: [300, 301] });
    for (const { index } of items) expect(index).toBeGreaterThan(301);
    const queries: RecommendQuery[] = [{ history: [1, 2, 3], k: 5 }, { history: Array.from({ length: 60 }, (_, i) => 1000 + i), k: 7 }, { history: [], k: 3 }];
    const batched = await onnx.recommendBatch(queries);
    for (const [q, query] of queries.entries()) expect(batched[q]).toEqual(await onnx.recommend(query));
  });

  it('asks for more items than remain: returns only the ones left', async () => {
    const tiny = await onnx.recommend({ history: [], k: 4344, exclude: Array.from({ length: 4340 }, (_, i) => i) });
    expect(tiny.items.map((i) => i.index).sort()).toEqual([4340, 4341, 4342, 4343]);
  });
});

describe('two-stage export (int8 first pass, 50 candidates rescored exactly) against TF.js on the demo bundle', () => {
  let onnx: LoadedModel;
  let tfjs: LoadedModel;
  beforeAll(async () => {
    const dir = await exportedDemoBundle({ kind: 'two-stage', candidates: 50 });
    expect(JSON.parse(readFileSync(join(dir, 'onnx.json'), 'utf8')).scoring).toEqual({ kind: 'two-stage', candidates: 50 });
    onnx = await loadBundle(dir);
    tfjs = await loadBundle(dir, { onnx: false });
  });
  afterAll(() => {
    onnx.dispose();
    tfjs.dispose();
  });

  it('gives the same top-10 and scores within 1e-4, with and without critiques and exclusions', async () => {
    const precise = onnx.vocabulary.paths.find((p) => p.split(' - ').length === 4)!;
    const queries: RecommendQuery[] = [
      { history: [], k: 10 },
      { history: [12, 400, 7, 3100], k: 10 },
      { history: Array.from({ length: 120 }, (_, i) => (i * 37) % 4344), k: 10 },
      { history: [5, 9, 33], critique: precise, k: 10 },
      { history: [57, 858], k: 10, exclude: [411, 52, 483] },
    ];
    expect(await expectSameRanking(onnx, tfjs, queries)).toBeLessThan(TOLERANCE);
  });

  it('takes k candidates when k is above the candidate count', async () => {
    // k items come back, each with its exact score; near the k-th place the int8 first pass may swap an item for one
    // scored within quantisation error of it, as the two-stage contract says, so the ranking is compared above that.
    const query: RecommendQuery = { history: [1, 2, 3], k: 120 };
    const [[fromOnnx], [fromTf]] = [await onnx.recommendBatch([query]), await tfjs.recommendBatch([query])];
    expect(fromOnnx!.items).toHaveLength(120);
    const exact = new Map(fromTf!.items.map((i) => [i.index, i.score]));
    const full = await tfjs.recommendBatch([{ ...query, k: 4344 }]);
    const everyScore = new Map(full[0]!.items.map((i) => [i.index, i.score]));
    for (const item of fromOnnx!.items) expect(Math.abs(item.score - everyScore.get(item.index)!)).toBeLessThan(TOLERANCE);
    expect(fromOnnx!.items.slice(0, 100).map((i) => i.index)).toEqual(fromTf!.items.slice(0, 100).map((i) => i.index));
    expect(fromOnnx!.items.filter((i) => exact.has(i.index)).length).toBeGreaterThanOrEqual(115);
  });

  it('returns only the items left when fewer than the candidates remain', async () => {
    const { items } = await onnx.recommend({ history: [4343], k: 10, exclude: Array.from({ length: 4337 }, (_, i) => i) });
    expect(items.map((i) => i.index).sort()).toEqual([4337, 4338, 4339, 4340, 4341, 4342]);
  });
});

describe('ONNX export of a freshly initialised tiny bundle', () => {
  it.each([
    ['exact', { kind: 'exact' }, {}],
    ['two-stage with more candidates than items', { kind: 'two-stage', candidates: 200 }, {}],
    ['exact, positions from the end and no output head', { kind: 'exact' }, { positionsFromEnd: true, outputHead: false }],
    ['two-stage, positions from the end and no output head', { kind: 'two-stage', candidates: 200 }, { positionsFromEnd: true, outputHead: false }],
  ] as const)('%s: matches TF.js with and without critiques, including a history longer than the window', async (_, scoring, layout) => {
    const dir = await tinyExportedBundle(7, scoring, layout);
    const onnx = await loadBundle(dir);
    const tfjs = await loadBundle(dir, { onnx: false });
    const queries: RecommendQuery[] = [
      { history: [], k: 10 },
      { history: [3, 14, 15, 9, 26, 5, 35, 8, 9, 7, 9], k: 10 },
      { history: [1, 2], critique: 'Root - Aisle 1 - Shelf 4 - Bin 10', k: 10 },
      { history: [1, 2], critique: 'Root - Aisle 2', k: 59, exclude: [0] },
    ];
    await expectSameRanking(onnx, tfjs, queries);
    onnx.dispose();
    tfjs.dispose();
  });
});

describe('a damaged or stale export is a clear start-up error', () => {
  it('refuses a corrupted model.onnx, a missing onnx.json and an export of other weights', async () => {
    const dir = await tinyExportedBundle();
    const onnxPath = join(dir, 'model.onnx');
    const good = readFileSync(onnxPath);
    const corrupted = Buffer.from(good);
    corrupted[corrupted.length >> 1] = corrupted[corrupted.length >> 1]! ^ 0xff;
    writeFileSync(onnxPath, corrupted);
    await expect(loadBundle(dir)).rejects.toThrow(OnnxModelError);
    await expect(loadBundle(dir)).rejects.toThrow(/model\.onnx is corrupt \(sha256 differs from onnx\.json\): run `flarechat export .*` again/);

    writeFileSync(onnxPath, good);
    const record = readFileSync(join(dir, 'onnx.json'), 'utf8');
    writeFileSync(join(dir, 'onnx.json'), record.replace(/"bundleWeightsSha256": "[0-9a-f]+"/, '"bundleWeightsSha256": "0000"'));
    // The bundle's file list notices the edited onnx.json first; rehashed, the record's own check still refuses it.
    await expect(loadBundle(dir)).rejects.toThrow(/onnx\.json does not match its SHA-256 in manifest\.json .*run `flarechat export .*` again/);
    rehashBundle(dir);
    await expect(loadBundle(dir)).rejects.toThrow(/exported from other weights than this bundle's/);

    writeFileSync(join(dir, 'onnx.json'), '{ not json');
    rehashBundle(dir);
    await expect(loadBundle(dir)).rejects.toThrow(/onnx\.json is corrupt/);
    writeFileSync(join(dir, 'onnx.json'), record);
    rehashBundle(dir);
    const model = await loadBundle(dir);
    expect(model.backend.name).toBe('onnxruntime cpu');
    model.dispose();
  });
});
