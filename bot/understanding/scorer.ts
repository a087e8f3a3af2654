import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The evidence for one candidate category of one clause; the scorer's inputs, in this order. */
export const FEATURES = [
  'semName', // cosine of the clause to the node's name (best of name alone and name with parent)
  'semGap', // semName minus the best semName among all nodes (0 for the nearest)
  'semItems', // cosine of the clause to the mean of the node's item title vectors
  'itemMax', // best cosine of the clause to an item title under the node, among the nearest titles
  'itemShare', // share of the nearest titles' similarity that falls under the node
  'nameCover', // idf-weighted share of the clause's stems in the node's name
  'nameFull', // share of the node name's stems the clause says
  'parentCover', // share of the clause's stems in the names of the node's ancestors
  'titleScore', // idf-weighted share of the node's items whose titles hold the clause's stems
  'wordCover', // share of the clause's stems the node's names or titles use at all
  'headCover', // the request's head word ("plugs" in "ear plugs") is in the node's names or titles
  'unknownShare', // share of the clause's product words the catalog never uses
  'depth', // node depth / 6
  'size', // log(items under the node) / log(catalog size)
  'need', // the clause read as a situation of the needs lexicon: its similarity times its kinds' cosine to the node's name
  'needGap', // need minus the best need among all nodes (0 for the nearest; -1 when no situation is near)
] as const;

export type FeatureVector = number[];

export interface ScorerWeights {
  features: readonly string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /**
   * Platt scaling of the best candidate's score, and of its lead over the next best, into a calibrated confidence:
   * sigmoid(a * score + margin * lead + b). (Weights fitted before the lead was read have no `margin`.)
   */
  calibration: { a: number; b: number; margin?: number };
  /** Below this confidence the understanding does not act: it asks back or says the catalog lacks it. */
  threshold: number;
  /** At or above this (and below threshold) it asks back with the nearest categories; below it says it has none. */
  askThreshold: number;
  /**
   * A clause's best candidate that is also the category its nearest situations' kinds name best, with need evidence
   * at or above this, is acted on below the threshold ("her bum is all red and raw after every change": Diaper Rash
   * Creams). Absent: never.
   */
  needAct?: number;
}

export interface FittedScorers {
  /** How to refit: the command and the tables. */
  command: string;
  fittedOn: string[];
  /** The tables the level of acting on needs was fitted on. */
  needActFittedOn?: string[];
  fittedAt: string;
  /** With the text encoder's vectors. */
  semantic: ScorerWeights;
  /** Stems and TF-IDF only (no encoder: tests and `--lexical`). */
  lexical: ScorerWeights;
}

const weightsFile = join(dirname(fileURLToPath(import.meta.url)), 'scorer-weights.json');

export function loadScorers(file = weightsFile): FittedScorers {
  return JSON.parse(readFileSync(file, 'utf8')) as FittedScorers;
}

export const SCORER_WEIGHTS_FILE = weightsFile;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The candidate's score (the logistic regression's log-odds on standardised features); candidates rank by it. */
export function score(w: Pick<ScorerWeights, 'mean' | 'scale' | 'weights' | 'bias'>, x: FeatureVector): number {
  let z = w.bias;
  for (let i = 0; i < w.weights.length; i++) z += w.weights[i]! * ((x[i]! - w.mean[i]!) / w.scale[i]!);
  return z;
}

const NEED = FEATURES.indexOf('need');
const NEED_GAP = FEATURES.indexOf('needGap');

/** The candidate is what the clause's nearest situations ask for (the best need of all nodes) with at least `level` of it. */
export function needLeads(features: FeatureVector, level: number | undefined): boolean {
  return level !== undefined && features[NEED_GAP] === 0 && features[NEED]! >= level;
}

/**
 * The candidate's need evidence is at `level` and within `gap` of the best node's (a parent named a little better:
 * "stove" names Ranges, the candidate is Gas Ranges), or it leads.
 */
export function needVouches(features: FeatureVector, level: number | undefined, gap: number): boolean {
  return needLeads(features, level) || (level !== undefined && features[NEED]! >= level && features[NEED_GAP]! >= -gap);
}

/** The lead of a candidate over the best of the others is read up to this much either way (one candidate: all of it). */
export const LEAD_CAP = 4;

/** How far the score at `index` leads the best of the other scores, clamped to ±LEAD_CAP. */
export function leadOf(scores: readonly number[], index: number): number {
  let other = -Infinity;
  for (let i = 0; i < scores.length; i++) if (i !== index) other = Math.max(other, scores[i]!);
  return Math.max(-LEAD_CAP, Math.min(LEAD_CAP, scores[index]! - other));
}

/**
 * Calibrated probability that a clause's candidate is what the person meant, from its score and its lead over the
 * clause's other candidates (a candidate far ahead of the rest is surer than one in a crowd at the same score).
 */
export function calibrated(w: ScorerWeights, bestScore: number, lead = LEAD_CAP): number {
  return sigmoid(w.calibration.a * bestScore + (w.calibration.margin ?? 0) * lead + w.calibration.b);
}

/** One clause's candidates for fitting: their features and which are right (all 0 for a clause that should abstain). */
export interface CandidateGroup {
  xs: readonly FeatureVector[];
  ys: readonly number[];
}

/**
 * Scores that rank a clause's candidates and say how sure the best is, fitted deterministically by full-batch gradient
 * descent from zero weights (a dozen features over a few thousand candidates need nothing more) on two losses summed.
 * The listwise one (per clause with a right candidate, minus the log of the softmax mass on its right candidates) is
 * what the decision uses: the best candidate of a clause against the others of that same clause. Alone, the pointwise
 * logistic loss learnt whatever tells right candidates from wrong ones across clauses, so a sibling that shares the
 * words only through its parent's name ("Sleeping Pads" under "Sleeping Bags & ...") outranked the category the
 * request names ("Sleeping Bags"). The pointwise one (L2-regularised; by default the classes weighed equally, as
 * positives are one or two among dozens of candidates) keeps the scores' absolute level, which the calibration and the
 * abstention threshold read.
 */
export function fitRanker(groups: readonly CandidateGroup[], options: { l2?: number; steps?: number; rate?: number; listwise?: number; balance?: boolean } = {}): Pick<ScorerWeights, 'features' | 'mean' | 'scale' | 'weights' | 'bias'> {
  const { l2 = 1e-3, steps = 3000, rate = 0.5, listwise = 1, balance = true } = options;
  const xs = groups.flatMap((g) => g.xs);
  const ys = groups.flatMap((g) => g.ys);
  const d = xs[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j]!, 0) / xs.length);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / xs.length) || 1);
  const zs = xs.map((x) => x.map((v, j) => (v - mean[j]!) / scale[j]!));
  const positives = ys.filter((y) => y === 1).length;
  const wPos = balance && positives ? xs.length / (2 * positives) : 1;
  const wNeg = balance && positives < xs.length ? xs.length / (2 * (xs.length - positives)) : 1;
  const ranked = listwise > 0 ? groups.filter((g) => g.ys.some((y) => y === 1)).length : 0;
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  const scores = new Float64Array(xs.length);
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(d).fill(0);
    let gBias = 0;
    let total = 0;
    zs.forEach((z, i) => {
      let s = bias;
      for (let j = 0; j < d; j++) s += weights[j]! * z[j]!;
      scores[i] = s;
      const sampleWeight = ys[i] === 1 ? wPos : wNeg;
      const err = (sigmoid(s) - ys[i]!) * sampleWeight;
      for (let j = 0; j < d; j++) grad[j]! += err * z[j]!;
      gBias += err;
      total += sampleWeight;
    });
    for (let j = 0; j < d; j++) grad[j]! /= total;
    gBias /= total;
    if (ranked > 0) {
      // d/ds_i of -log(sum_right p) = p_i - q_i, q the softmax restricted to the right candidates.
      let start = 0;
      for (const g of groups) {
        const n = g.ys.length;
        if (g.ys.some((y) => y === 1)) {
          let top = -Infinity;
          for (let i = 0; i < n; i++) top = Math.max(top, scores[start + i]!);
          let all = 0;
          let right = 0;
          for (let i = 0; i < n; i++) {
            const e = Math.exp(scores[start + i]! - top);
            all += e;
            if (g.ys[i] === 1) right += e;
          }
          for (let i = 0; i < n; i++) {
            const e = Math.exp(scores[start + i]! - top);
            const diff = e / all - (g.ys[i] === 1 ? e / right : 0);
            const z = zs[start + i]!;
            for (let j = 0; j < d; j++) grad[j]! += (listwise * diff * z[j]!) / ranked;
          }
        }
        start += n;
      }
    }
    for (let j = 0; j < d; j++) weights[j]! -= rate * (grad[j]! + l2 * weights[j]!);
    bias -= rate * gBias;
  }
  return { features: xs.length ? [...FEATURES].slice(0, d) : [], mean, scale, weights, bias };
}

/** Plain L2-regularised logistic regression: the pointwise loss alone, over one set of samples (Platt scaling). */
export function fitLogistic(xs: readonly FeatureVector[], ys: readonly number[], options: { l2?: number; steps?: number; rate?: number; balance?: boolean } = {}): Pick<ScorerWeights, 'features' | 'mean' | 'scale' | 'weights' | 'bias'> {
  return fitRanker([{ xs, ys }], { ...options, listwise: 0 });
}
