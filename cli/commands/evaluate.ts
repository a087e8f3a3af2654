import { Option } from 'commander';
import { InputError, type CliCommand } from '../command.js';
import { critiqueFor, type CritiqueMode } from '../../model/critique.js';
import { loadDataset } from '../../model/dataset.js';
import { loadBundle } from '../../model/recommend.js';
import { backendLine } from '../../model/tf.js';
import { evaluateRanking, popularityScorer, type EvaluationResult } from '../../training/evaluate-ranking.js';
import { progressOn } from '../../training/progress.js';
import { markdownTable } from '../../training/report.js';
import { leaveOneOutCases } from '../../training/splits.js';

const description = `Ranks every test (or validation) target over the full catalog and prints Recall@1/5/10/20, nDCG@1/5/10/20 and
MRR next to a popularity baseline. Ties count against the model. Nothing is excluded from the ranking unless
--exclude-history is given. --critique gives the model the target's own category at that depth (section 4.5).`;

interface EvaluateOptions {
  split: 'test' | 'valid';
  critique: CritiqueMode;
  excludeHistory?: boolean;
  json?: boolean;
}

export const command: CliCommand<EvaluateOptions> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<bundle>', 'the model bundle folder')
      .argument('<prepared-dataset>', 'the prepared dataset it was trained on')
      .addOption(new Option('--split <split>', 'which split to rank').choices(['test', 'valid']).default('test'))
      .addOption(new Option('--critique <mode>', "give the target's own category as a critique").choices(['none', 'broad', 'precise']).default('none'))
      .option('--exclude-history', "remove the user's history from the ranking")
      .option('--json', 'print the metrics as JSON'),
  async run(values, [bundle, datasetDir]: [string, string]) {
    const model = await loadBundle(bundle);
    const dataset = await loadDataset(datasetDir);
    if (dataset.catalog.size !== model.catalog.size || dataset.catalog.items.some((item, i) => item.id !== model.catalog.items[i]!.id)) {
      throw new InputError(`the bundle's catalog (${model.catalog.size} items) is not the dataset's (${dataset.catalog.size} items): evaluate on the dataset it was trained on`);
    }
    process.stderr.write(backendLine(model.backend) + '\n');
    const splits = leaveOneOutCases(dataset.sequences);
    const cases = values.split === 'test' ? splits.test : splits.valid;
    const mode = values.critique as CritiqueMode;
    const progress = progressOn(process.stderr);
    const options = { excludeHistory: values.excludeHistory ?? false, onProgress: (done: number, total: number) => progress.update({ label: 'evaluate', done, total, unit: 'users' }) };
    let ours: EvaluationResult;
    try {
      ours = await evaluateRanking(cases, (batch) => model.scoreBatch(batch.map((c) => ({ history: c.history, critique: critiqueFor(dataset.catalog.item(c.target), mode) }))), options);
    } finally {
      progress.stop();
    }
    const popular = await evaluateRanking(cases, popularityScorer(splits.train, dataset.catalog.size), { excludeHistory: options.excludeHistory });
    if (values.json) process.stdout.write(JSON.stringify({ split: values.split, critique: mode, model: ours, popularity: popular }, null, 2) + '\n');
    else {
      const row = (name: string, r: typeof ours) => [name, r.recall[1], r.recall[5], r.recall[10], r.recall[20], r.ndcg[10], r.mrr];
      process.stdout.write(`${values.split} split, ${ours.count} users, ${dataset.catalog.size} candidates, critique ${mode}, history ${options.excludeHistory ? 'excluded' : 'not excluded'}\n\n`);
      process.stdout.write(markdownTable(['model', 'Recall@1', 'Recall@5', 'Recall@10', 'Recall@20', 'nDCG@10', 'MRR'], [row(model.describe(), ours), row('popularity', popular)]) + '\n');
    }
    model.dispose();
    return 0;
  },
};
