import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addItemsToBundle, type AddItemsResult, type OutputRowMethod } from '../../model/add-items.js';
import { saveBundle } from '../../model/bundle.js';
import { Catalog } from '../../model/catalog.js';
import type { Dataset } from '../../model/dataset.js';
import { INPUT_TABLE_NAMES, inputTablesFor } from '../../model/input-tables.js';
import { loadBundle } from '../../model/recommend.js';
import { scoreItems } from '../../model/scorer.js';
import { initBackend, tf } from '../../model/tf.js';
import { resolveConfig, type TrainConfig } from '../config.js';
import { evaluateRanking, popularityScorer, type BatchScorer } from '../evaluate-ranking.js';
import { critiqueVocabularyFor } from '../models.js';
import { seededRandom, shuffle } from '../random.js';
import { gitCommit, markdownTable, provenance, writeReport } from '../report.js';
import { leaveOneOutCases, validationSample, type EvalCase } from '../splits.js';
import { catalogTextFeatures, featureSettings } from '../text-features.js';
import { trainModel } from '../train.js';
import { scaleConfig } from './trainer.js';

/**
 * `flarechat experiment cold-start` (issue 19): items Flare never saw in training, added afterwards from their text
 * with add-items' own code (model/add-items.ts), against the same Flare having seen them (warm), popularity, and
 * Bert4Rec* (which cannot rank an item it has no ID row for). Evaluated on the test users whose target is one of them.
 */

/** The held-out items and what training and evaluation may see, all in the dataset's item indices. */
export interface ColdStartSplit {
  /** Items held out of training entirely (sorted). */
  held: number[];
  /** Training sequences (leave-one-out train parts) with every held item removed; sequences left empty dropped. */
  train: Int32Array[];
  /** Validation cases whose target was trained, histories without held items. */
  valid: EvalCase[];
  /** Test cases whose target is held out; histories as they are (the held items are in the catalog by then). */
  test: EvalCase[];
}

/** Holds out round(share * items) items chosen by a seeded shuffle, and splits the users' sequences around them. */
export function coldStartSplit(sequences: readonly Int32Array[], numItems: number, share: number, seed: number): ColdStartSplit {
  if (!(share > 0 && share < 1)) throw new RangeError(`the held-out share must be in (0, 1), got ${share}`);
  const held = shuffle(Array.from({ length: numItems }, (_, i) => i), seededRandom(seed * 31 + 7))
    .slice(0, Math.round(share * numItems))
    .sort((a, b) => a - b);
  const isHeld = new Uint8Array(numItems);
  for (const i of held) isHeld[i] = 1;
  const without = (s: Int32Array) => s.filter((i) => !isHeld[i]);
  const { train, valid, test } = leaveOneOutCases(sequences);
  return {
    held,
    train: train.map(without).filter((s) => s.length > 0),
    valid: valid.filter((c) => !isHeld[c.target]).map((c) => ({ ...c, history: without(c.history) })).filter((c) => c.history.length > 0),
    test: test.filter((c) => isHeld[c.target]),
  };
}

export interface ColdStartOptions {
  /** Share of the catalog held out (default 0.15). */
  share: number;
  seed: number;
  /** Cap on training epochs (the scale's otherwise). */
  epochs?: number;
  /** Cap on the test users evaluated (a seeded sample) and on the validation users early stopping reads. */
  users?: number;
  /** A Flare bundle trained on the whole dataset, reused as the warm model instead of training one. */
  warm?: string;
  /** Folder for the bundles the experiment writes. */
  work: string;
  out: string;
  command: string;
  log: (line: string) => void;
}

type Metrics = { recall10: number; ndcg10: number; mrr: number; users: number };

async function metricsOf(cases: readonly EvalCase[], score: BatchScorer): Promise<Metrics> {
  const r = await evaluateRanking(cases, score);
  return { recall10: r.recall[10]!, ndcg10: r.ndcg[10]!, mrr: r.mrr, users: r.count };
}

/** Trains Flare on `train` over `catalog` and writes it as a bundle (tables stored), as `flarechat train` does. */
async function trainFlareBundle(dir: string, catalog: Catalog, train: Int32Array[], valid: EvalCase[], config: TrainConfig, dataset: string, log: (l: string) => void): Promise<number> {
  const vocabulary = critiqueVocabularyFor(catalog, config.critique);
  const text = await catalogTextFeatures(catalog, vocabulary, featureSettings(config), log);
  const result = await trainModel(catalog, train, valid, config, { log, features: text.features, encoder: text.encoder });
  const tables = inputTablesFor(result.model, result.params, catalog, result.vocabulary, text.features);
  const weights = { ...result.params, [INPUT_TABLE_NAMES.items]: tables.items, [INPUT_TABLE_NAMES.critiques]: tables.critiques };
  await saveBundle(dir, { model: 'flare', config: result.model, critiqueMode: config.critique, critiquePaths: result.vocabulary.paths, encoder: text.encoder, dataset, metrics: { bestEpoch: result.bestEpoch } }, weights, catalog);
  tf.dispose([...Object.values(result.params), tables.items, tables.critiques]);
  return result.history.length;
}

/** Scores of a bundle (TF.js), for cases whose items are the bundle's catalog indices. */
async function bundleScorer(dir: string): Promise<{ score: BatchScorer; dispose: () => void }> {
  const model = await loadBundle(dir, { onnx: false });
  return { score: (cases) => model.scoreBatch(cases.map((c) => ({ history: c.history }))), dispose: () => model.dispose() };
}

export async function runColdStart(dataset: Dataset, options: ColdStartOptions) {
  const started = new Date();
  const source = gitCommit();
  const backend = await initBackend();
  const { log } = options;
  const n = dataset.catalog.size;
  const split = coldStartSplit(dataset.sequences, n, options.share, options.seed);
  const test = options.users !== undefined ? validationSample(split.test, options.users, options.seed) : split.test;
  log(`cold start on ${dataset.manifest.name}: ${split.held.length} of ${n} items held out (${(100 * options.share).toFixed(0)}%, seed ${options.seed}); ${split.test.length} test users have a held-out target, ${test.length} evaluated`);
  if (test.length === 0) throw new Error(`no test user's target is among the ${split.held.length} held-out items: use a larger dataset or share`);
  const config = resolveConfig({ ...scaleConfig('quick', { epochs: options.epochs }), model: 'flare', seed: options.seed, ...(options.users !== undefined ? { evalUsers: options.users } : {}) });

  // The cold model's catalog: the trained items in dataset order, then the held-out ones as add-items appends them.
  const isHeld = new Set(split.held);
  const kept = dataset.catalog.items.map((_, i) => i).filter((i) => !isHeld.has(i));
  const toCold = new Int32Array(n).fill(-1);
  kept.forEach((orig, i) => (toCold[orig] = i));
  split.held.forEach((orig, j) => (toCold[orig] = kept.length + j));
  const mapCase = (c: EvalCase): EvalCase => ({ ...c, history: c.history.map((i) => toCold[i]!), target: toCold[c.target]! });
  const coldCatalog = new Catalog(kept.map((i) => dataset.catalog.item(i)));
  mkdirSync(options.work, { recursive: true });
  const coldDir = join(options.work, 'cold');
  rmSync(coldDir, { recursive: true, force: true });
  const coldEpochs = await trainFlareBundle(coldDir, coldCatalog, split.train.map((s) => s.map((i) => toCold[i]!)), split.valid.map(mapCase), config, dataset.manifest.name, log);

  // The held-out items added with add-items' code path, each way of giving them output rows in its own copy.
  const heldItems = split.held.map((i) => dataset.catalog.item(i));
  const coldCases = test.map(mapCase);
  const cold: Partial<Record<OutputRowMethod, Metrics>> = {};
  let added: AddItemsResult | undefined;
  for (const method of ['nearest-text', 'linear-text'] as const) {
    const dir = join(options.work, `cold-${method}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(coldDir, dir, { recursive: true });
    const result = await addItemsToBundle(dir, heldItems, { outputRows: method });
    added ??= result;
    const scorer = await bundleScorer(dir);
    cold[method] = await metricsOf(coldCases, scorer.score);
    scorer.dispose();
    log(`cold (${method}): Recall@10 ${cold[method]!.recall10.toFixed(4)}, nDCG@10 ${cold[method]!.ndcg10.toFixed(4)}; ${result.added} items added in ${result.seconds.toFixed(1)} s`);
  }

  // Warm: the same Flare having seen every item (trained here on the full training split, or a given bundle).
  let warmEpochs: number | undefined;
  let warmDir = options.warm;
  if (!warmDir) {
    warmDir = join(options.work, 'warm');
    rmSync(warmDir, { recursive: true, force: true });
    const full = leaveOneOutCases(dataset.sequences);
    warmEpochs = await trainFlareBundle(warmDir, dataset.catalog, full.train, full.valid, config, dataset.manifest.name, log);
  }
  const warmScorer = await bundleScorer(warmDir);
  const warmModel = await loadBundle(warmDir, { onnx: false });
  const sameCatalog = warmModel.catalog.size === n && warmModel.catalog.items.every((item, i) => item.id === dataset.catalog.item(i).id);
  warmModel.dispose();
  if (!sameCatalog) throw new Error(`${warmDir}'s catalog is not ${dataset.manifest.name}'s (other items or order): give a Flare bundle trained on this dataset`);
  const warm = await metricsOf(test, warmScorer.score);
  warmScorer.dispose();

  // Popularity as deployable at the same moment: counted on the cold training data, so held-out items count 0.
  const popularity = await metricsOf(coldCases, popularityScorer(split.train.map((s) => s.map((i) => toCold[i]!)), n));
  const bert4rec = { recall10: 0, ndcg10: 0, mrr: 0, users: test.length, reason: 'Bert4Rec* ranks items by the ID embeddings it trained: an item held out of training has none, and it has no text to place it by, so every held-out target is unrankable' };
  const main = cold['nearest-text']!;
  const ratio = { recall10: warm.recall10 > 0 ? main.recall10 / warm.recall10 : null, ndcg10: warm.ndcg10 > 0 ? main.ndcg10 / warm.ndcg10 : null };
  const perThousand = added!.seconds * (1000 / Math.max(1, added!.added));
  const run = provenance(options.command, backend.name, options.seed, started, source);
  const json = {
    run,
    dataset: dataset.manifest.name,
    items: n,
    heldOut: { items: split.held.length, share: options.share, seed: options.seed },
    testUsers: { withHeldOutTarget: split.test.length, evaluated: test.length },
    training: { epochsCap: options.epochs ?? null, coldEpochs, warmEpochs: warmEpochs ?? null, warmBundle: options.warm ?? null, unseenItemRate: config.unseenItemRate },
    cold: { ...main, outputRows: 'nearest-text' },
    coldLinear: { ...cold['linear-text']!, outputRows: 'linear-text' },
    warm,
    popularity,
    bert4rec,
    coldWarmRatio: ratio,
    addItems: { items: added!.added, seconds: added!.seconds, secondsPer1000Items: perThousand, idSource: added!.idSource, measured: `${added!.added} items in ${added!.seconds.toFixed(2)} s, scaled to 1,000` },
  };
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  const markdown = [
    `# Cold start: items Flare never saw in training, on ${dataset.manifest.name}`,
    '',
    `Command: \`${options.command}\` — commit ${run.gitCommit}${run.gitDirty ? ' (uncommitted changes)' : ''}, ${run.backend}, seed ${options.seed}, ${run.wallSeconds.toFixed(0)} s wall.`,
    '',
    `${split.held.length} of ${n} items (${(100 * options.share).toFixed(0)}%, a seeded random choice) were held out of training entirely: every interaction with them removed from the training sequences. Flare (unseen-item rate ${config.unseenItemRate}) was trained on the rest${options.epochs ? ` for at most ${options.epochs} epochs (capped: a short run, not converged)` : ''}, then the held-out items were added with \`flarechat add-items\`'s code (their text through the bundle's encoder; ID part: ${added!.idSource === 'unseen-embedding' ? 'the learned unseen-item embedding' : 'none'}). Evaluated: the ${test.length} test users${test.length < split.test.length ? ` (a seeded sample of ${split.test.length})` : ''} whose last item is a held-out one; full ranking over all ${n} items.`,
    '',
    markdownTable(
      ['model', 'Recall@10', 'nDCG@10', 'MRR'],
      [
        ['Flare, items added cold (output rows: nearest text)', main.recall10, main.ndcg10, main.mrr],
        ['Flare, items added cold (output rows: linear map from text)', cold['linear-text']!.recall10, cold['linear-text']!.ndcg10, cold['linear-text']!.mrr],
        [`Flare, items seen in training (warm${options.warm ? `: ${options.warm}` : ''})`, warm.recall10, warm.ndcg10, warm.mrr],
        ['popularity (training counts: held-out items have none)', popularity.recall10, popularity.ndcg10, popularity.mrr],
        ['Bert4Rec* (cannot rank an item it never saw: 0)', 0, 0, 0],
      ],
    ),
    '',
    `Cold/warm ratio: Recall@10 ${f(ratio.recall10)}, nDCG@10 ${f(ratio.ndcg10)}. Adding ${added!.added} items took ${added!.seconds.toFixed(2)} s (${perThousand.toFixed(1)} s per 1,000 items at that rate, fixed costs such as opening the encoder and exporting included).`,
  ].join('\n');
  const files = writeReport(options.out, 'cold-start', json, markdown);
  log(`wrote ${files.join(', ')}`);
  return { json, split, test };
}
