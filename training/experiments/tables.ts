import { categoryPath, sharedPrefixLength } from '../../model/catalog.js';
import { critiqueFor, prefixCounts, type CritiqueMode } from '../../model/critique.js';
import type { Dataset } from '../../model/dataset.js';
import { idealRelevances, mutateCritique, validCritiques } from '../critique-experiments.js';
import { seededRandom } from '../random.js';
import type { PeerResult } from './peer-log.js';
import { evaluateRanking, type EvaluationResult } from '../evaluate-ranking.js';
import { catNdcgAtK, topK } from '../metrics.js';
import { leaveOneOutCases, unseenUserCases, withoutRepeatedItems, type EvalCase } from '../splits.js';
import { BERT4REC_STAR, FULL_FLARE, type Ablation, type Trainer, type TrainedScorer } from './types.js';

export interface TableContext {
  trainer: Trainer;
  scale: 'quick' | 'full';
  seed: number;
  log: (line: string) => void;
  /** At quick scale, evaluation uses at most this many test users (a seeded sample). */
  maxEvalUsers?: number;
  /** Why a run cannot be honoured by the current model (undefined = it can). */
  unsupported?: (ablation: Ablation) => string | undefined;
  /** The model that carries critiques in tables 4 and 5 (Flare; Bert4Rec* + category critiques until text lands). */
  critiqueModel?: Ablation;
  /** Table 2: which models to train (default both), so each can train in its own process and be merged. */
  models?: readonly Table2Model[];
  /** Recorded in each table-2 row, so rows merged from separate processes keep their own provenance. */
  command?: string;
  /** Table 2: the plain PyTorch peer's result on the (one) dataset of this run, read from its log. */
  peer?: { result: PeerResult; log: string };
}

/** Table 2's name for the PyTorch peer's row. */
export const PEER_MODEL = 'PyTorch Bert4Rec (peer)';

export const TABLE2_MODELS = { 'Bert4Rec*': BERT4REC_STAR, Flare: FULL_FLARE, 'Flare (ID+text output)': { ...FULL_FLARE, outputText: true } } as const;
export type Table2Model = keyof typeof TABLE2_MODELS;
/** What --models takes on a command line for each table-2 model. */
export const TABLE2_MODEL_NAMES: Record<string, Table2Model> = { bert4rec: 'Bert4Rec*', flare: 'Flare', 'flare-text-output': 'Flare (ID+text output)' };
/** The models table 2 trains unless told otherwise. */
export const TABLE2_DEFAULT_MODELS: readonly Table2Model[] = ['Bert4Rec*', 'Flare'];

export interface MetricRow {
  recall1: number;
  recall5: number;
  recall10: number;
  ndcg10: number;
  mrr: number;
  users: number;
}

const toRow = (r: EvaluationResult): MetricRow => ({ recall1: r.recall[1]!, recall5: r.recall[5]!, recall10: r.recall[10]!, ndcg10: r.ndcg[10]!, mrr: r.mrr, users: r.count });

function sample<T>(cases: T[], max: number | undefined, seed: number): T[] {
  if (max === undefined || cases.length <= max) return cases;
  const random = seededRandom(seed ^ 0x5eed);
  const copy = [...cases];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, max);
}

async function trainOn(ctx: TableContext, dataset: Dataset, label: string, ablation: Ablation, critique: CritiqueMode, train: Int32Array[], valid: EvalCase[]): Promise<TrainedScorer> {
  ctx.log(`training ${label} on ${dataset.manifest.name} (${ctx.scale}, critique ${critique})`);
  return ctx.trainer({ label, ablation, critique, train, valid }, dataset.catalog, ctx.scale, ctx.seed);
}

/** Critique strings for the predicted position: the target's own category at the mode's depth (section 4.5). */
function targetCritiques(dataset: Dataset, cases: readonly EvalCase[], mode: CritiqueMode): (string | undefined)[] {
  return cases.map((c) => critiqueFor(dataset.catalog.item(c.target), mode));
}

export async function table2(ctx: TableContext, datasets: Dataset[]) {
  // A log of another dataset is refused before any training, not after hours of it.
  for (const dataset of ctx.peer ? datasets : []) {
    const { result: peer, log } = ctx.peer!;
    if (peer.users !== dataset.users.length || peer.items !== dataset.catalog.size) throw new Error(`the peer log ${log} is of ${peer.users} users and ${peer.items} items, but ${dataset.manifest.name} has ${dataset.users.length} users and ${dataset.catalog.size} items: run the peer on the same dataset`);
  }
  const rows = [];
  for (const dataset of datasets) {
    const { train, valid, test } = leaveOneOutCases(dataset.sequences);
    const cases = sample(test, ctx.maxEvalUsers, ctx.seed);
    for (const model of ctx.models ?? TABLE2_DEFAULT_MODELS) {
      const ablation = TABLE2_MODELS[model];
      const notRun = ctx.unsupported?.(ablation);
      if (notRun) {
        rows.push({ model, dataset: dataset.manifest.name, source: dataset.manifest.source.format, notRun });
        continue;
      }
      const scorer = await trainOn(ctx, dataset, model, ablation, 'none', train, valid);
      const result = await evaluateRanking(cases, (batch) => scorer.scoreBatch(batch));
      // The RecBole protocol (published figures) removes the user's history from the candidates; ours ranks everything.
      const excluded = await evaluateRanking(cases, (batch) => scorer.scoreBatch(batch), { excludeHistory: true });
      const { recall10, ndcg10, mrr } = toRow(excluded);
      rows.push({ model, dataset: dataset.manifest.name, source: dataset.manifest.source.format, ...toRow(result), excludingHistory: { recall10, ndcg10, mrr }, trainSeconds: scorer.trainSeconds, secondsToBest: scorer.secondsToBest, steps: scorer.steps, epochs: scorer.epochs, bestEpoch: scorer.bestEpoch, backend: scorer.backend, seed: ctx.seed, command: ctx.command });
      scorer.dispose?.();
    }
    if (ctx.peer) {
      const { result: peer, log } = ctx.peer;
      rows.push({ model: PEER_MODEL, dataset: dataset.manifest.name, source: dataset.manifest.source.format, recall10: peer.recall10, ndcg10: peer.ndcg10, mrr: peer.mrr, users: peer.users, trainSeconds: peer.wallSeconds, epochs: peer.epochs, bestEpoch: peer.bestEpoch, seed: 0, command: `../shared/peers/bert4rec_peer.py, log ${log}` });
    }
  }
  return { rows };
}

export async function table4(ctx: TableContext, dataset: Dataset) {
  const { train, valid, test } = leaveOneOutCases(dataset.sequences);
  const cases = sample(test.filter((c) => dataset.catalog.item(c.target).categories.length > 0), ctx.maxEvalUsers, ctx.seed);
  const out: Record<string, MetricRow> = {};
  for (const mode of ['precise', 'broad', 'none'] as const) {
    const scorer = await trainOn(ctx, dataset, `critique model (${mode} critiques)`, ctx.critiqueModel ?? FULL_FLARE, mode, train, valid);
    const result = await evaluateRanking(cases, (batch) => scorer.scoreBatch(batch, targetCritiques(dataset, batch, mode)));
    out[mode] = toRow(result);
    scorer.dispose?.();
  }
  return out as Record<'precise' | 'broad' | 'none', MetricRow>;
}

/** Cat-nDCG@10 of a model trained with precise critiques, under Level 4/3/2 mutated critiques (section 4.6). */
export async function table5(ctx: TableContext, dataset: Dataset) {
  const { train, valid, test } = leaveOneOutCases(dataset.sequences);
  const scorer = await trainOn(ctx, dataset, 'critique model (precise critiques)', ctx.critiqueModel ?? FULL_FLARE, 'precise', train, valid);
  const valid4 = validCritiques(dataset.catalog, 5);
  const counts = prefixCounts(dataset.catalog);
  const precise = dataset.catalog.items.map((i) => i.categories.slice(0, 4));
  const out: Record<string, { catNdcg10: number; users: number; skipped: number }> = {};
  for (const level of [4, 3, 2]) {
    const random = seededRandom(ctx.seed * 31 + level);
    const cases: EvalCase[] = [];
    const critiques: string[][] = [];
    let skipped = 0;
    for (const c of sample(test, ctx.maxEvalUsers, ctx.seed)) {
      const target = precise[c.target]!;
      const mutated = target.length >= level ? mutateCritique(target, level, valid4, random) : undefined;
      if (!mutated) {
        skipped++;
        continue;
      }
      cases.push(c);
      critiques.push(mutated);
    }
    let sum = 0;
    for (let start = 0; start < cases.length; start += 256) {
      const batch = cases.slice(start, start + 256);
      const batchCritiques = critiques.slice(start, start + 256);
      const scores = await scorer.scoreBatch(batch, batchCritiques.map((c) => categoryPath(c)));
      scores.forEach((row, i) => {
        const critique = batchCritiques[i]!;
        const retrieved = topK(row, 10).map((item) => sharedPrefixLength(precise[item]!, critique));
        sum += catNdcgAtK(retrieved, idealRelevances(critique, counts, dataset.catalog.size, 10), 10);
      });
    }
    out[`level${level}`] = { catNdcg10: cases.length ? sum / cases.length : 0, users: cases.length, skipped };
    ctx.log(`level ${level}: Cat-nDCG@10 ${out[`level${level}`]!.catNdcg10.toFixed(4)} over ${cases.length} users (${skipped} without a valid mutation)`);
  }
  scorer.dispose?.();
  return out as Record<'level4' | 'level3' | 'level2', { catNdcg10: number; users: number; skipped: number }>;
}

export const ABLATIONS: { label: string; ablation: Ablation; dedupe?: boolean }[] = [
  { label: 'Flare', ablation: FULL_FLARE },
  { label: 'w/o Text', ablation: { ...FULL_FLARE, text: false, perceiver: false } },
  { label: 'w/o Perceiver', ablation: { ...FULL_FLARE, perceiver: false } },
  { label: 'w/o Bidirectional Masking', ablation: { ...FULL_FLARE, bidirectionalMasking: false } },
  { label: 'w/o Contrastive Loss', ablation: { ...FULL_FLARE, contrastiveLoss: false } },
  { label: 'w/o Duplicates', ablation: FULL_FLARE, dedupe: true },
];

export async function table6(ctx: TableContext, dataset: Dataset) {
  const rows = [];
  for (const { label, ablation, dedupe } of ABLATIONS) {
    const notRun = ctx.unsupported?.(ablation);
    if (notRun) {
      rows.push({ method: label, notRun });
      continue;
    }
    const sequences = dedupe ? dataset.sequences.map(withoutRepeatedItems) : dataset.sequences;
    const { train, valid, test } = leaveOneOutCases(sequences);
    const scorer = await trainOn(ctx, dataset, label, ablation, 'none', train, valid);
    rows.push({ method: label, ...toRow(await evaluateRanking(sample(test, ctx.maxEvalUsers, ctx.seed), (b) => scorer.scoreBatch(b))) });
    scorer.dispose?.();
  }
  return { rows };
}

export async function table7(ctx: TableContext, dataset: Dataset) {
  const rows = [];
  for (const [setting, split] of [
    ['unseen users', unseenUserCases(dataset.sequences, ctx.seed)],
    ['unseen last item', leaveOneOutCases(dataset.sequences)],
  ] as const) {
    for (const [model, ablation] of [['Bert4Rec*', BERT4REC_STAR], ['Flare', FULL_FLARE]] as const) {
      const notRun = ctx.unsupported?.(ablation);
      if (notRun) {
        rows.push({ setting, model, notRun });
        continue;
      }
      const scorer = await trainOn(ctx, dataset, `${model} (${setting})`, ablation, 'none', split.train, split.valid);
      rows.push({ setting, model, ...toRow(await evaluateRanking(sample(split.test, ctx.maxEvalUsers, ctx.seed), (b) => scorer.scoreBatch(b))) });
      scorer.dispose?.();
    }
  }
  return { rows };
}
