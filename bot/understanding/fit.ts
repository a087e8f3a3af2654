import type { MessageUnderstanding } from './index.js';
import type { InterpretContext } from './interpretation.js';
import type { ClauseMatch } from './matcher.js';
import { pathHoldsNode, type PhraseRow } from './phrase-table.js';
import { calibrated, fitLogistic, fitRanker, leadOf, needLeads, score, type FeatureVector, type ScorerWeights } from './scorer.js';

/** A development table read on its catalog: the rows and the understanding (semantic or lexical) that reads them. */
export interface FitTable {
  understanding: MessageUnderstanding;
  rows: readonly PhraseRow[];
  context: InterpretContext;
}

/** One clause the scorer decides on, and which of its candidates are right (none for NONE rows). */
interface ClauseSample {
  features: FeatureVector[];
  labels: number[];
  /** A row expecting a category (or an exclusion), as opposed to one expecting none. */
  expectsCategory: boolean;
  /** The clause refuses (its best candidate would be excluded, never steered to on a need). */
  negated: boolean;
}

/** Candidates per clause kept for fitting: the best by the current scorer (the rest are never close). */
const CANDIDATES_PER_CLAUSE = 40;

function samplesOf(row: PhraseRow, matched: { clause: { negated: boolean }; match: ClauseMatch }[], understanding: MessageUnderstanding): ClauseSample[] {
  const e = row.expectation;
  // Right is what the bench accepts: the node named or a node below it. (Only the node itself was tried too: on the
  // development halves it read 0.912 / 0.818 against 0.912 / 0.896, as a recovered tree splits names across levels.)
  const label = (match: ClauseMatch, node: string) => match.candidates.slice(0, CANDIDATES_PER_CLAUSE).map((c) => (pathHoldsNode(understanding.tree.nodes[c.node]!.path, node) ? 1 : 0));
  const features = (match: ClauseMatch) => match.candidates.slice(0, CANDIDATES_PER_CLAUSE).map((c) => c.features);
  if (e.kind === 'category') {
    const clause = matched.filter((m) => !m.clause.negated).at(-1);
    return clause ? [{ features: features(clause.match), labels: label(clause.match, e.node), expectsCategory: true, negated: false }] : [];
  }
  if (e.kind === 'not') {
    const clause = matched.find((m) => m.clause.negated);
    return clause ? [{ features: features(clause.match), labels: label(clause.match, e.node), expectsCategory: true, negated: true }] : [];
  }
  if (e.kind === 'none') return matched.map((m) => ({ features: features(m.match), labels: features(m.match).map(() => 0), expectsCategory: false, negated: m.clause.negated }));
  return [];
}

async function collect(tables: readonly FitTable[]): Promise<ClauseSample[]> {
  const samples: ClauseSample[] = [];
  for (const t of tables) {
    for (const row of t.rows) {
      const { matched } = await t.understanding.read(row.phrase, t.context);
      samples.push(...samplesOf(row, matched, t.understanding));
    }
  }
  return samples;
}

/** The best candidate of a clause under these weights: its score, its lead over the others and whether it is right. */
function bestOf(sample: ClauseSample, w: Pick<ScorerWeights, 'mean' | 'scale' | 'weights' | 'bias'>): { score: number; lead: number; right: boolean; features: FeatureVector } | undefined {
  if (sample.features.length === 0) return undefined;
  const scores = sample.features.map((f) => score(w, f));
  let at = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[at]!) at = i;
  return { score: scores[at]!, lead: leadOf(scores, at), right: sample.labels[at] === 1, features: sample.features[at]! };
}

/** Need evidence at or above which acting on a need is tried, from none to all (a grid, not a search). */
const NEED_LEVELS = [Infinity, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3];

/**
 * Fits the scorer on development tables, deterministically: (1) logistic regression of "this candidate is the
 * category meant" over every candidate's features; (2) Platt scaling of each clause's best score into a calibrated
 * confidence ("the best candidate is right"; NONE rows count as wrong); (3) the abstention threshold that reads the
 * most development rows right (a category row needs the right best candidate at or above it, a NONE row stays
 * below), the middle of the best range. Twice: the second round collects with the first round's weights, as
 * spelling corrections are kept only when they raise the score.
 */
export async function fitScorer(tables: readonly FitTable[], setWeights: (w: ScorerWeights) => void, initial: ScorerWeights): Promise<ScorerWeights> {
  let current = initial;
  for (let round = 0; round < 2; round++) {
    setWeights(current);
    const samples = await collect(tables);
    const model = fitRanker(samples.map((s) => ({ xs: s.features, ys: s.labels })));
    const bests = samples.map((s) => ({ best: bestOf(s, model), expectsCategory: s.expectsCategory, negated: s.negated })).filter((b) => b.best !== undefined);
    const platt = fitLogistic(bests.map((b) => [b.best!.score, b.best!.lead]), bests.map((b) => (b.expectsCategory && b.best!.right ? 1 : 0)), { balance: false });
    const unscaled = (j: number) => platt.weights[j]! / platt.scale[j]!;
    const calibration = { a: unscaled(0), margin: unscaled(1), b: platt.bias - unscaled(0) * platt.mean[0]! - unscaled(1) * platt.mean[1]! };
    const partial: ScorerWeights = { ...model, calibration, threshold: 0.5, askThreshold: 0.25 };
    let bestAccuracy = -1;
    let bestThresholds: number[] = [];
    for (let t = 0.05; t <= 0.951; t += 0.01) {
      const threshold = Math.round(t * 100) / 100;
      const right = bests.filter((b) => {
        const conf = calibrated(partial, b.best!.score, b.best!.lead);
        return b.expectsCategory ? b.best!.right && conf >= threshold : conf < threshold;
      }).length;
      if (right > bestAccuracy) {
        bestAccuracy = right;
        bestThresholds = [threshold];
      } else if (right === bestAccuracy) bestThresholds.push(threshold);
    }
    const threshold = Math.round(((bestThresholds[0]! + bestThresholds.at(-1)!) / 2) * 100) / 100;
    // Between half the threshold and the threshold it asks back; below, it says the catalog has nothing close.
    current = { ...partial, threshold, askThreshold: Math.round((threshold / 2) * 100) / 100 };
  }
  return current;
}

/**
 * The need evidence a clause's best candidate must have (being the category its nearest situations' kinds name best)
 * to be acted on below the threshold: of a grid of levels, the one that reads the most rows of these tables right
 * under the fitted weights (the highest of equals; none when acting on needs reads fewer right). Fitted on its own
 * tables, as descriptions of a need are few in the tables the scorer is fitted on.
 */
export async function fitNeedAct(tables: readonly FitTable[], setWeights: (w: ScorerWeights) => void, weights: ScorerWeights): Promise<ScorerWeights> {
  const { needAct: _, ...without } = weights;
  setWeights(without);
  const bests = (await collect(tables)).map((s) => ({ best: bestOf(s, without), expectsCategory: s.expectsCategory, negated: s.negated })).filter((b) => b.best !== undefined);
  let needAct = Infinity;
  let needRight = -1;
  for (const level of NEED_LEVELS) {
    const right = bests.filter((b) => {
      const acts = calibrated(without, b.best!.score, b.best!.lead) >= without.threshold || (!b.negated && needLeads(b.best!.features, level));
      return b.expectsCategory ? b.best!.right && acts : !acts;
    }).length;
    if (right > needRight) {
      needRight = right;
      needAct = level;
    }
  }
  return Number.isFinite(needAct) ? { ...without, needAct } : without;
}
