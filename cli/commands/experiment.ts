import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { loadDataset } from '../../model/dataset.js';
import { runExperiment, EXPERIMENTS } from '../../training/experiments/run.js';
import { TABLE2_MODEL_NAMES, type Table2Model } from '../../training/experiments/tables.js';

const help = `Usage: flarechat experiment <table> <prepared-dataset>... [--quick | --full] [--seed N] [--out DIR]

Reruns one of the paper's tables on our data and writes <out>/<table>.json and .md (default reports/),
with the paper's numbers beside ours and the git commit, config, seed, backend and wall time.

Tables: ${Object.keys(EXPERIMENTS).join(', ')}
  table2  Bert4Rec* vs Flare per dataset (Recall@10, nDCG@10, MRR)
  table4  precise / broad / none critiquing (Recall@1/5/10, nDCG@10, MRR)
  table5  Cat-nDCG@10 under Level 4/3/2 mutated critiques
  table6  ablations
  table7  unseen users (80/10/10 user split) vs unseen last item
--quick (default) trains small models for minutes on this machine; --full is for a GPU machine.
--epochs N caps each model's training epochs below the scale's (said in the report).
--max-eval-users N caps the test users (quick default 3000, a seeded sample); --merge (table2) keeps the rows of
other datasets already in <out>/table2.json, so each dataset can train in its own process.
--models M[,M] (table2) trains these of ${Object.keys(TABLE2_MODEL_NAMES).join(', ')} (default bert4rec,flare;
flare-text-output is Flare scoring items by ID + text context at the output); with --merge the other models' rows
are kept, so each model can train in its own process too.
`;

export const command: Command = {
  name: 'experiment',
  summary: "rerun one of the paper's tables and write a report",
  help,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { quick: { type: 'boolean' }, full: { type: 'boolean' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'reports' }, 'max-eval-users': { type: 'string' }, merge: { type: 'boolean' }, epochs: { type: 'string' }, models: { type: 'string' } } });
    const [table, ...datasets] = positionals;
    if (!table || !(table in EXPERIMENTS)) throw new UsageError(`expected a table: ${Object.keys(EXPERIMENTS).join(', ')}`);
    if (datasets.length === 0) throw new UsageError('expected at least one prepared dataset folder');
    if (values.epochs !== undefined && !(Number.isInteger(Number(values.epochs)) && Number(values.epochs) > 0)) throw new UsageError(`--epochs must be a positive whole number, got '${values.epochs}'`);
    const models = values.models?.split(',').map((m) => TABLE2_MODEL_NAMES[m.trim().toLowerCase()]);
    if (!models || models.some((m) => m === undefined)) {
      if (values.models !== undefined) throw new UsageError(`--models takes ${Object.keys(TABLE2_MODEL_NAMES).join(', ')} (comma-separated), got '${values.models}'`);
    }
    if (models && table !== 'table2') throw new UsageError('--models is for table2');
    const loaded = await Promise.all(datasets.map((d) => loadDataset(d)));
    await runExperiment(table as keyof typeof EXPERIMENTS, loaded, {
      scale: values.full ? 'full' : 'quick',
      seed: Number(values.seed),
      out: values.out!,
      command: `flarechat experiment ${args.join(' ')}`,
      maxEvalUsers: values['max-eval-users'] ? Number(values['max-eval-users']) : undefined,
      merge: values.merge ?? false,
      maxEpochs: values.epochs ? Number(values.epochs) : undefined,
      models: models as Table2Model[] | undefined,
      log: (l) => process.stderr.write(l + '\n'),
    });
    return 0;
  },
};
