import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { saveBundle } from '../model/bundle.js';
import { rehashBundle } from '../model/bundle-files.js';
import { critiqueFor } from '../model/critique.js';
import { loadDataset } from '../model/dataset.js';
import { SourceError } from './loaders/source-error.js';
import { backendLine, initBackend } from '../model/tf.js';
import { evaluateRanking, popularityScorer } from './evaluate-ranking.js';
import { PAPER_TABLE2_SCIENTIFIC } from './paper-numbers.js';
import { gitCommit, markdownTable, provenance, svgLineChart, writeReport } from './report.js';
import { leaveOneOutCases } from './splits.js';
import { critiqueVocabularyFor } from './models.js';
import { evaluateWithTables } from './evaluate-model.js';
import { resolveConfig, type TrainConfig } from './config.js';
import { trainModel } from './train.js';
import type { Progress } from './progress.js';
import { catalogTextFeatures, featureSettings } from './text-features.js';
import { INPUT_TABLE_NAMES, inputTablesFor } from '../model/input-tables.js';
import { tf } from '../model/tf.js';
import type { EvalCase } from './splits.js';

export interface TrainingJob {
  dataset: string;
  out: string;
  overrides: Partial<TrainConfig>;
  command: string;
  log: (line: string) => void;
  resume?: boolean;
  /** Each epoch's progress (a bar on a terminal: progressOn); default plain lines through `log`. */
  progress?: Progress;
}

/** `flarechat train`: train on a prepared dataset, evaluate on the test split, write the bundle and its report. */
export async function runTraining(job: TrainingJob) {
  const started = new Date();
  const source = gitCommit();
  const config = resolveConfig(job.overrides);
  const backend = await initBackend();
  job.log(backendLine(backend));
  const dataset = await loadDataset(job.dataset);
  const { train, valid, test } = leaveOneOutCases(dataset.sequences);
  if (test.length === 0) throw new SourceError(`${job.dataset}: no user has the 3 items a leave-one-out split needs, so there is nothing to train on: prepare the dataset again with \`flarechat prepare\``);
  job.log(`dataset ${dataset.manifest.name}: ${dataset.users.length} users, ${dataset.catalog.size} items; preset ${config.preset}, critiques ${config.critique}`);
  const text = config.model === 'flare' ? await catalogTextFeatures(dataset.catalog, critiqueVocabularyFor(dataset.catalog, config.critique), featureSettings(config), job.log) : undefined;
  const result = await trainModel(dataset.catalog, train, valid, config, { log: job.log, progress: job.progress, checkpointDir: join(job.out, 'checkpoint'), features: text?.features, encoder: text?.encoder });
  const testCritique = (mode: TrainConfig['critique']) => (c: { target: number }) => critiqueFor(dataset.catalog.item(c.target), mode);
  const tables = inputTablesFor(result.model, result.params, dataset.catalog, result.vocabulary, text?.features);
  const evaluateWith = (critique?: (c: EvalCase) => string | undefined) => evaluateWithTables(result.model, result.params, tables, result.vocabulary, test, critique);
  const testMetrics = await evaluateWith();
  const withCritique = config.critique === 'none' ? undefined : await evaluateWith(testCritique(config.critique));
  const popularity = await evaluateRanking(test, popularityScorer(train, dataset.catalog.size));
  const metrics = {
    test: { recall1: testMetrics.recall[1], recall5: testMetrics.recall[5], recall10: testMetrics.recall[10], ndcg10: testMetrics.ndcg[10], mrr: testMetrics.mrr, users: testMetrics.count },
    testWithTargetCritique: withCritique && { recall1: withCritique.recall[1], recall5: withCritique.recall[5], recall10: withCritique.recall[10], ndcg10: withCritique.ndcg[10], mrr: withCritique.mrr },
    popularity: { recall10: popularity.recall[10], ndcg10: popularity.ndcg[10], mrr: popularity.mrr },
    bestEpoch: result.bestEpoch,
  };
  // Flare bundles carry their input tables: serving then needs neither the text encoder nor the features.
  const weights = config.model === 'flare' ? { ...result.params, [INPUT_TABLE_NAMES.items]: tables.items, [INPUT_TABLE_NAMES.critiques]: tables.critiques } : result.params;
  await saveBundle(job.out, { model: config.model, config: result.model, critiqueMode: config.critique, critiquePaths: result.vocabulary.paths, encoder: text?.encoder ?? null, dataset: dataset.manifest.name, metrics }, weights, dataset.catalog);
  tf.dispose([tables.items, tables.critiques]);
  const run = provenance(job.command, backend.name, config.seed, started, source);
  const chart = svgLineChart(`Validation on ${dataset.manifest.name}`, 'epoch', 'nDCG@10 / Recall@10', [
    { name: 'valid nDCG@10', points: result.history.filter((h) => h.valid).map((h) => ({ x: h.epoch, y: h.valid!.ndcg10 })) },
    { name: 'valid Recall@10', points: result.history.filter((h) => h.valid).map((h) => ({ x: h.epoch, y: h.valid!.recall10 })) },
  ]);
  const paperModel = config.model === 'flare' ? 'Flare' : 'Bert4Rec*';
  const paper = PAPER_TABLE2_SCIENTIFIC[paperModel];
  const markdown = [
    `# Training report: ${config.model === 'flare' ? 'Flare' : 'Bert4Rec*'} on ${dataset.manifest.name}, ${config.preset} preset, critiques ${config.critique}`,
    '',
    `Command: \`${job.command}\` — commit ${run.gitCommit}${run.gitDirty ? ' (uncommitted changes)' : ''}, ${run.backend}, seed ${config.seed}, ${run.wallSeconds.toFixed(0)} s wall.`,
    '',
    'Test split (leave-one-out, last item, full ranking over the catalog, ties pessimistic, nothing excluded):',
    '',
    markdownTable(
      ['model', 'Recall@1', 'Recall@5', 'Recall@10', 'nDCG@10', 'MRR'],
      [
        ['ours (no critique at the predicted position)', metrics.test.recall1, metrics.test.recall5, metrics.test.recall10, metrics.test.ndcg10, metrics.test.mrr],
        ...(metrics.testWithTargetCritique ? [['ours with the target\'s critique', metrics.testWithTargetCritique.recall1, metrics.testWithTargetCritique.recall5, metrics.testWithTargetCritique.recall10, metrics.testWithTargetCritique.ndcg10, metrics.testWithTargetCritique.mrr] as (string | number | undefined)[]] : []),
        ['popularity', undefined, undefined, metrics.popularity.recall10, metrics.popularity.ndcg10, metrics.popularity.mrr],
        [`paper ${paperModel}, ${PAPER_TABLE2_SCIENTIFIC.dataset}`, undefined, undefined, paper.recall10, paper.ndcg10, paper.mrr],
      ],
    ),
    '',
    `Best epoch ${result.bestEpoch} of ${result.history.length}; ${result.steps} steps in ${result.seconds.toFixed(0)} s.`,
    '',
    '![validation curve](validation.svg)',
    '',
    markdownTable(['epoch', 'loss', 'seq/s', 'valid Recall@10', 'valid nDCG@10'], result.history.map((h) => [h.epoch, h.loss, Math.round(h.sequencesPerSecond), h.valid?.recall10, h.valid?.ndcg10])),
  ].join('\n');
  writeReport(job.out, 'report', { run, config, metrics, history: result.history }, markdown, { 'validation.svg': chart });
  // The report files belong to the bundle too: list them in its manifest.
  rehashBundle(job.out);
  // A finished run needs no resume point; the bundle is the result.
  rmSync(join(job.out, 'checkpoint'), { recursive: true, force: true });
  job.log(`test Recall@10 ${metrics.test.recall10!.toFixed(4)}, nDCG@10 ${metrics.test.ndcg10!.toFixed(4)}, MRR ${metrics.test.mrr.toFixed(4)} (popularity Recall@10 ${metrics.popularity.recall10!.toFixed(4)}); bundle and report in ${job.out}`);
  return { metrics, result };
}
