import { numberArg, UsageError, type CliCommand } from '../command.js';
import { join } from 'node:path';
import { loadDataset } from '../../model/dataset.js';
import { runColdStart } from '../../training/experiments/cold-start.js';
import { runExperiment, EXPERIMENTS } from '../../training/experiments/run.js';
import { TABLE2_MODEL_NAMES, type Table2Model } from '../../training/experiments/tables.js';
import { CONVERSATION_TABLE_HELP, defineConversationOptions, runConversationExperiment, type ConversationOptions } from '../experiment-conversation.js';

const description = `Reruns one of the paper's tables on our data and writes <out>/<table>.json and .md (default reports/),
with the paper's numbers beside ours and the git commit, config, seed, backend and wall time.

Tables: ${Object.keys(EXPERIMENTS).join(', ')}
  table2  Bert4Rec* vs Flare per dataset (Recall@10, nDCG@10, MRR)
  table4  precise / broad / none critiquing (Recall@1/5/10, nDCG@10, MRR)
  table5  Cat-nDCG@10 under Level 4/3/2 mutated critiques
  table6  ablations
  table7  unseen users (80/10/10 user split) vs unseen last item
${CONVERSATION_TABLE_HELP}
  cold-start  items held out of training (--held-out, default 0.15 of the catalog), added afterwards from their text
          (flarechat add-items' code): Flare on them vs the same Flare having seen them (warm: trained here, or
          --warm <bundle>), popularity and Bert4Rec*, on the test users whose target is held out;
          writes <out>/cold-start.json/.md; --users N|all caps the test and validation users (a seeded sample,
          default 2000, as for conversation), --epochs N the training
--quick (default) trains small models for minutes on this machine; --full is for a GPU machine.
--epochs N trains each model for at most N epochs instead of the scale's; --contrastive-decay N (Flare rows) lets
the ID-text loss weight fall linearly to 0 over N epochs; --weight-average D validates and keeps a moving average of
the weights (decay D per step) (all said in the report).
--max-eval-users N caps the test users (quick default 3000, a seeded sample); --merge (table2) keeps the rows of
other datasets already in <out>/table2.json, so each dataset can train in its own process.
--models M[,M] (table2) trains these of ${Object.keys(TABLE2_MODEL_NAMES).join(', ')} (default bert4rec,flare;
flare-text-output is Flare scoring items by ID + text context at the output); with --merge the other models' rows
are kept, so each model can train in its own process too; none trains nothing (with --peer-log and --merge: add the
peer's row to the table).
--peer-log FILE (table2, one dataset) puts the PyTorch peer's result (the output of ../shared/peers/bert4rec_peer.py on
the same dataset) beside our rows, with each model's ratio to it.`;

interface ExperimentOptions extends ConversationOptions {
  warm?: string;
  heldOut?: number;
  quick?: boolean;
  full?: boolean;
  maxEvalUsers?: number;
  merge?: boolean;
  epochs?: number;
  contrastiveDecay?: number;
  weightAverage?: number;
  models?: string;
  peerLog?: string;
}

export const command: CliCommand<ExperimentOptions> = {
  define: (cmd) =>
    defineConversationOptions(
      cmd
        .description(description)
        .argument('<table>', [...Object.keys(EXPERIMENTS), 'conversation', 'cold-start'].join(' | '))
        .argument('<prepared-dataset...>', 'one or more prepared dataset folders')
        .option('--quick', 'small models for minutes on this machine (default)')
        .option('--full', 'the paper-scale run, for a GPU machine')
        .option('--seed <n>', 'random seed', numberArg({ integer: true }), 1)
        .option('--out <dir>', 'report folder', 'reports')
        .option('--max-eval-users <n>', 'cap the test users (quick default 3000, a seeded sample)', numberArg({ integer: true, min: 1 }))
        .option('--merge', 'table2: keep the rows of other datasets and models already in <out>/table2.json')
        .option('--epochs <n>', "train each model for at most n epochs instead of the scale's", numberArg({ integer: true, min: 1 }))
        .option('--contrastive-decay <epochs>', "Flare: epochs over which the ID-text loss weight falls linearly to 0", numberArg({ integer: true, min: 0 }))
        .option('--weight-average <decay>', 'validate and keep a moving average of the weights, updated every step with this decay (e.g. 0.999)', numberArg({ min: 0 }))
        .option('--warm <bundle>', 'cold-start: a Flare bundle trained on the whole dataset, used as the warm model instead of training one')
        .option('--held-out <share>', 'cold-start: share of the items held out of training (default 0.15)', numberArg({ min: 0 }))
        .option('--peer-log <file>', "table2: the PyTorch peer's output (../shared/peers/bert4rec_peer.py) on the same dataset, put beside our rows")
        .option('--models <list>', `table2: which of ${Object.keys(TABLE2_MODEL_NAMES).join(', ')} to train (comma-separated)`),
    ),
  async run(values, [table, datasets]: [string, string[]]) {
    if (table === 'cold-start') {
      if (datasets.length !== 1) throw new UsageError('cold-start takes one prepared dataset');
      const share = values.heldOut ?? 0.15;
      const users = values.users === 'all' ? undefined : Number(values.users);
      if (users !== undefined && !(Number.isInteger(users) && users > 0)) throw new UsageError(`--users takes a positive whole number or all, got '${values.users}'`);
      if (!(share > 0 && share < 1)) throw new UsageError(`--held-out must be a share in (0, 1), got ${share}`);
      const dataset = await loadDataset(datasets[0]!);
      const work = join(process.env.FLARECHAT_DATA_DIR ?? '.flarechat', 'experiments', 'cold-start', dataset.manifest.name);
      await runColdStart(dataset, { share, seed: values.seed, epochs: values.epochs, users, warm: values.warm, work, out: values.out, command: `flarechat ${process.argv.slice(2).join(' ')}`, log: (l) => process.stderr.write(l + '\n') });
      return 0;
    }
    if (table === 'conversation') return runConversationExperiment(values, datasets, `flarechat ${process.argv.slice(2).join(' ')}`, (l) => process.stderr.write(l + '\n'));
    if (!(table in EXPERIMENTS)) throw new UsageError(`unknown table '${table}': expected one of ${Object.keys(EXPERIMENTS).join(', ')}`);
    // `--models none` trains nothing: with --peer-log and --merge it adds the peer's row to an existing table.
    const models = values.models?.trim().toLowerCase() === 'none' ? [] : values.models?.split(',').map((m) => TABLE2_MODEL_NAMES[m.trim().toLowerCase()]);
    if (!models || models.some((m) => m === undefined)) {
      if (values.models !== undefined) throw new UsageError(`--models takes ${Object.keys(TABLE2_MODEL_NAMES).join(', ')} (comma-separated), got '${values.models}'`);
    }
    if (models && table !== 'table2') throw new UsageError('--models is for table2');
    if (values.peerLog !== undefined && (table !== 'table2' || datasets.length !== 1)) throw new UsageError('--peer-log is for table2 on one dataset (the one the peer ran on)');
    const loaded = await Promise.all(datasets.map((d) => loadDataset(d)));
    await runExperiment(table as keyof typeof EXPERIMENTS, loaded, {
      scale: values.full ? 'full' : 'quick',
      seed: values.seed,
      out: values.out,
      command: `flarechat ${process.argv.slice(2).join(' ')}`,
      maxEvalUsers: values.maxEvalUsers,
      merge: values.merge ?? false,
      overrides: { epochs: values.epochs, contrastiveDecayEpochs: values.contrastiveDecay, weightAverage: values.weightAverage },
      models: models as Table2Model[] | undefined,
      peerLog: values.peerLog,
      log: (l) => process.stderr.write(l + '\n'),
    });
    return 0;
  },
};
