import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CANDIDATES, defaultScoringGraph, TWO_STAGE_MIN_ITEMS } from '../../../model/onnx/inference-graph.js';
import { loadBundle, type LoadedModel, type RecommendQuery } from '../../../model/recommend.js';
import { seededRandom } from '../../../training/random.js';
import { syntheticExportedPair } from './exported-bundle.js';

const ITEMS = 60_000;

describe(`two-stage graph against the exact graph on a ${ITEMS.toLocaleString('en')}-item bundle with random weights`, () => {
  let exact: LoadedModel;
  let twoStage: LoadedModel;
  let dirs: { exact: string; chosen: string };
  beforeAll(async () => {
    dirs = await syntheticExportedPair(ITEMS);
    exact = await loadBundle(dirs.exact);
    twoStage = await loadBundle(dirs.chosen);
  });
  afterAll(() => {
    exact?.dispose();
    twoStage?.dispose();
  });

  it('is what export picks above the size threshold, and onnx.json says which graph was exported', () => {
    expect(defaultScoringGraph(TWO_STAGE_MIN_ITEMS)).toEqual({ kind: 'exact' });
    expect(defaultScoringGraph(TWO_STAGE_MIN_ITEMS + 1)).toEqual({ kind: 'two-stage', candidates: DEFAULT_CANDIDATES });
    const record = (dir: string) => JSON.parse(readFileSync(join(dir, 'onnx.json'), 'utf8'));
    expect(record(dirs.chosen).scoring).toEqual({ kind: 'two-stage', candidates: DEFAULT_CANDIDATES });
    expect(record(dirs.exact).scoring).toEqual({ kind: 'exact' });
  });

  it('returns the exact top-10, in order, with exact scores, on 100 random queries', async () => {
    const random = seededRandom(17);
    const queries: RecommendQuery[] = Array.from({ length: 100 }, (_, q) => ({
      history: Array.from({ length: 1 + Math.floor(random() * 49) }, () => Math.floor(random() * ITEMS)),
      k: 10,
      exclude: q % 4 === 0 ? Array.from({ length: 20 }, () => Math.floor(random() * ITEMS)) : undefined,
    }));
    const [fromExact, fromTwoStage] = [await exact.recommendBatch(queries), await twoStage.recommendBatch(queries.map((q) => ({ ...q })))];
    let agreeing = 0;
    let worst = 0;
    queries.forEach((query, q) => {
      const want = fromExact[q]!.items;
      const got = fromTwoStage[q]!.items;
      expect(want).toHaveLength(10);
      const wanted = new Set(want.map((i) => i.index));
      agreeing += got.filter((i) => wanted.has(i.index)).length;
      const removed = new Set([...query.history, ...(query.exclude ?? [])]);
      for (const item of got) expect(removed.has(item.index), `query ${q} returned removed item ${item.index}`).toBe(false);
      got.forEach((item, i) => {
        if (want[i]?.index === item.index) worst = Math.max(worst, Math.abs(item.score - want[i]!.score));
      });
    });
    expect(agreeing / (queries.length * 10)).toBe(1);
    expect(worst).toBeLessThan(1e-5);
    for (const [q, result] of fromTwoStage.entries()) expect(result.items.map((i) => i.index), `query ${q}`).toEqual(fromExact[q]!.items.map((i) => i.index));
  });

  it('ranks one query alone as it does inside a batch', async () => {
    const queries: RecommendQuery[] = [{ history: [1, 2, 3], k: 10 }, { history: Array.from({ length: 49 }, (_, i) => 500 + i * 7), k: 10 }, { history: [], k: 10 }];
    const batched = await twoStage.recommendBatch(queries);
    for (const [q, query] of queries.entries()) expect((await twoStage.recommend(query)).items.map((i) => i.index)).toEqual(batched[q]!.items.map((i) => i.index));
  });
});
