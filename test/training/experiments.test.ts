import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { EXPERIMENTS } from '../../training/experiments/run.js';
import { parsePeerLog, PeerLogError } from '../../training/experiments/peer-log.js';
import { PEER_MODEL, table2, type TableContext } from '../../training/experiments/tables.js';
import { runConfig, SCALES } from '../../training/experiments/trainer.js';
import { BERT4REC_STAR, FULL_FLARE, type ExperimentRun, type Trainer } from '../../training/experiments/types.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { leaveOneOutCases } from '../../training/splits.js';

let dataset: Dataset;
beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'flarechat-experiments-'));
  await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice'), out, presetOptions('none'));
  dataset = await loadDataset(out);
});

/** A trainer that trains nothing: every model ranks the catalog by index (item 0 first), and it records what it was asked. */
function fakeTrainer(calls: ExperimentRun[]): Trainer {
  return async (run, catalog) => {
    calls.push(run);
    const scores = Float32Array.from({ length: catalog.size }, (_, i) => -i);
    return { backend: 'fake', trainSeconds: 1, steps: 2, epochs: 3, bestEpoch: 2, scoreBatch: async (cases) => cases.map(() => scores) };
  };
}

const context = (trainer: Trainer, models?: TableContext['models'], seed = 1): TableContext => ({ trainer, scale: 'quick', seed, log: () => {}, models, command: 'flarechat experiment table2 test' });

describe('table2', () => {
  it('trains only the models asked for, and scores each on every test user', async () => {
    const calls: ExperimentRun[] = [];
    const { rows } = await table2(context(fakeTrainer(calls), ['Flare']), [dataset]);
    expect(calls.map((c) => c.label)).toEqual(['Flare']);
    expect(calls[0]!.ablation).toMatchObject({ text: true, perceiver: true, contrastiveLoss: true });
    const { test } = leaveOneOutCases(dataset.sequences);
    // Ranking by index puts item t at rank t + 1: Recall@10 is the share of targets among items 0..9.
    const expected = test.filter((c) => c.target < 10).length / test.length;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: 'Flare', users: test.length, epochs: 3, bestEpoch: 2, command: 'flarechat experiment table2 test' });
    expect((rows[0] as { recall10: number }).recall10).toBeCloseTo(expected, 10);
  });

  it('with --merge keeps other models\' rows, replaces the same model\'s, and checks the claim per dataset', async () => {
    const calls: ExperimentRun[] = [];
    const source = dataset.manifest.source.format;
    const previous = {
      rows: [
        { model: 'Flare', dataset: dataset.manifest.name, source, recall10: 0.9, ndcg10: 0.9, mrr: 0.9, users: 1, steps: 1, trainSeconds: 1 },
        { model: 'Bert4Rec*', dataset: dataset.manifest.name, source, recall10: 0.001, ndcg10: 0.5, mrr: 0.001, users: 1, steps: 1, trainSeconds: 1 },
      ],
    };
    const built = await EXPERIMENTS.table2(context(fakeTrainer(calls), ['Flare']), [dataset], () => previous);
    const rows = (built.json as { rows: { model: string; recall10: number }[] }).rows;
    expect(rows.map((r) => r.model)).toEqual(['Bert4Rec*', 'Flare']);
    expect(rows[1]!.recall10).not.toBe(0.9);
    const claim = built.markdown.find((l) => l.startsWith('Claim checked'))!;
    // The fake Flare's recall and MRR beat 0.001, its nDCG@10 cannot reach 0.5.
    expect(claim).toMatch(/Flare beats Bert4Rec\* on 2 of 3 metrics/);
    expect(built.markdown.join('\n')).toMatch(/Rows come from:\n- `flarechat experiment table2 test`: Flare on /);
  });

  it('keeps the rows of other seeds, averages each model over its seeds, and checks the claim on the means', async () => {
    const source = dataset.manifest.source.format;
    const row = (model: string, seed: number | undefined, value: number) => ({ model, dataset: dataset.manifest.name, source, ...(seed ? { seed } : {}), recall10: value, ndcg10: value, mrr: value, users: 1, steps: 1, trainSeconds: 1 });
    // Rows from before seeds were recorded count as seed 1.
    const previous = { rows: [row('Bert4Rec*', undefined, 0.04), row('Flare', undefined, 0.02)] };
    const built = await EXPERIMENTS.table2(context(fakeTrainer([]), ['Flare'], 2), [dataset], () => previous);
    const json = built.json as { rows: { model: string; seed?: number; recall10: number }[]; means: { model: string; seeds: number[]; recall10: number }[] };
    expect(json.rows.map((r) => [r.model, r.seed ?? 1])).toEqual([['Bert4Rec*', 1], ['Flare', 1], ['Flare', 2]]);
    const flare = json.means.find((m) => m.model === 'Flare')!;
    expect(flare.seeds).toEqual([1, 2]);
    expect(flare.recall10).toBeCloseTo((0.02 + json.rows[2]!.recall10) / 2, 10);
    expect(built.markdown).toContain('Means over seeds (nothing excluded / history excluded):');
    expect(built.markdown.find((l) => l.startsWith('Claim checked'))).toMatch(/\(Flare seeds 1, 2; Bert4Rec\* seed 1\)\.$/);
  });

  it('also scores each model with the history excluded, by hand: ranking by index, a target moves up one place for every earlier history item', async () => {
    const { rows } = await table2(context(fakeTrainer([]), ['Bert4Rec*']), [dataset]);
    const { test } = leaveOneOutCases(dataset.sequences);
    const rankExcluded = (c: (typeof test)[number]) => c.target + 1 - new Set([...c.history].filter((i) => i < c.target && i !== c.target)).size;
    const expected = test.filter((c) => rankExcluded(c) <= 10).length / test.length;
    const row = rows[0] as { excludingHistory: { recall10: number; mrr: number }; secondsToBest?: number };
    expect(row.excludingHistory.recall10).toBeCloseTo(expected, 10);
    expect(row.excludingHistory.mrr).toBeCloseTo(test.reduce((sum, c) => sum + 1 / rankExcluded(c), 0) / test.length, 10);
  });

  it("puts the PyTorch peer's logged result beside ours and states each model's ratio to it", async () => {
    const users = dataset.users.length;
    const items = dataset.catalog.size;
    const log = [
      "epoch 1 loss 8.1 val {'recall10': 0.03, 'ndcg10': 0.017, 'mrr': 0.016} seq/s 71",
      "epoch 2 loss 7.9 val {'recall10': 0.05, 'ndcg10': 0.030, 'mrr': 0.020} seq/s 90",
      "epoch 3 loss 7.5 val {'recall10': 0.04, 'ndcg10': 0.030, 'mrr': 0.021} seq/s 95",
      `users ${users} items ${items} best val ndcg10 0.03 test {'recall10': 0.2, 'ndcg10': 0.1, 'mrr': 0.05} wall_s 42`,
    ].join('\n');
    const peer = parsePeerLog(log);
    // The first epoch with the highest validation nDCG@10 is the peer's best (it keeps it with a strict >).
    expect(peer).toEqual({ users, items, epochs: 3, bestEpoch: 2, recall10: 0.2, ndcg10: 0.1, mrr: 0.05, wallSeconds: 42 });
    const built = await EXPERIMENTS.table2({ ...context(fakeTrainer([]), ['Bert4Rec*']), peer: { result: peer, log: 'peer.log' } }, [dataset]);
    const rows = (built.json as { rows: { model: string; recall10: number; ndcg10: number }[] }).rows;
    expect(rows.map((r) => r.model)).toEqual(['Bert4Rec*', PEER_MODEL]);
    const ours = rows[0]!;
    const line = built.markdown.find((l) => l.startsWith('Against the PyTorch peer'))!;
    expect(line).toContain(`Recall@10 ${ours.recall10.toFixed(4)} vs 0.2000 (${(ours.recall10 / 0.2).toFixed(2)}x)`);
    expect(line).toContain(`nDCG@10 ${ours.ndcg10.toFixed(4)} vs 0.1000 (${(ours.ndcg10 / 0.1).toFixed(2)}x)`);
    // A log of another dataset is refused rather than compared.
    await expect(table2({ ...context(fakeTrainer([]), ['Bert4Rec*']), peer: { result: { ...peer, users: users + 1 }, log: 'other.log' } }, [dataset])).rejects.toThrow(/run the peer on the same dataset/);
    expect(() => parsePeerLog(log.split('\n').slice(0, 3).join('\n'), 'half.log')).toThrow(PeerLogError);
  });
});

describe('experiment training configs', () => {
  it('--epochs sets the epochs above or below the scale, and --contrastive-decay reaches only Flare rows that have the ID-text loss', () => {
    const overrides = { epochs: 100, contrastiveDecayEpochs: 20 };
    const flare = runConfig('quick', overrides, 'none', FULL_FLARE, 2);
    expect(flare).toMatchObject({ model: 'flare', epochs: 100, minEpochs: 15, contrastiveDecayEpochs: 20, seed: 2 });
    expect(runConfig('quick', overrides, 'none', BERT4REC_STAR, 2)).toMatchObject({ model: 'bert4rec', epochs: 100, contrastiveDecayEpochs: 0 });
    expect(runConfig('quick', overrides, 'none', { ...FULL_FLARE, contrastiveLoss: false }, 2)).toMatchObject({ contrastiveWeight: 0, contrastiveDecayEpochs: 0 });
    expect(runConfig('quick', { epochs: 5, contrastiveDecayEpochs: 0 }, 'none', FULL_FLARE, 1)).toMatchObject({ epochs: 5, minEpochs: 5, contrastiveDecayEpochs: 0 });
    // The quick scale's own recipe: 100 epochs, the weight average for every row, the decay for Flare's.
    expect(runConfig('quick', {}, 'none', FULL_FLARE, 1)).toMatchObject({ epochs: 100, weightAverage: 0.999, contrastiveDecayEpochs: 20 });
    expect(runConfig('quick', {}, 'none', BERT4REC_STAR, 1)).toMatchObject({ epochs: 100, weightAverage: 0.999, contrastiveDecayEpochs: 0 });
    expect(runConfig('quick', { weightAverage: 0 }, 'none', BERT4REC_STAR, 1)).toMatchObject({ weightAverage: 0 });
    expect(SCALES.quick.epochs).toBe(100);
  });
});
