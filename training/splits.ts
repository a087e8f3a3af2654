import { leaveOneOut } from '../model/dataset.js';
import { seededRandom, shuffle } from './random.js';

/** One evaluation case: the model sees `history` and must rank `target` first. */
export interface EvalCase {
  user: number;
  history: Int32Array;
  target: number;
}

/** The usual leave-one-out cases: validation predicts the penultimate item, test the last. */
export function leaveOneOutCases(sequences: readonly Int32Array[]): { train: Int32Array[]; valid: EvalCase[]; test: EvalCase[] } {
  const train: Int32Array[] = [];
  const valid: EvalCase[] = [];
  const test: EvalCase[] = [];
  sequences.forEach((s, user) => {
    const split = leaveOneOut(s);
    if (!split) return;
    train.push(split.train);
    valid.push({ user, history: split.validHistory, target: split.validTarget });
    test.push({ user, history: split.testHistory, target: split.testTarget });
  });
  return { train, valid, test };
}

/**
 * Appendix A: users split 80/10/10 into train/validation/test; training sequences withhold their last two items so
 * they match the length of the leave-one-out setting, and held-out users are evaluated on their last item.
 */
export function unseenUserCases(sequences: readonly Int32Array[], seed: number): { train: Int32Array[]; valid: EvalCase[]; test: EvalCase[] } {
  const order = shuffle(sequences.map((_, i) => i).filter((i) => sequences[i]!.length >= 3), seededRandom(seed));
  const nTrain = Math.round(order.length * 0.8);
  const nValid = Math.round(order.length * 0.1);
  const toCase = (user: number): EvalCase => {
    const s = sequences[user]!;
    return { user, history: s.subarray(0, s.length - 1), target: s[s.length - 1]! };
  };
  return {
    train: order.slice(0, nTrain).map((u) => sequences[u]!.subarray(0, sequences[u]!.length - 2)),
    valid: order.slice(nTrain, nTrain + nValid).map(toCase),
    test: order.slice(nTrain + nValid).map(toCase),
  };
}

/** "w/o duplicates" (Table 6): keep only the first occurrence of each item in a sequence. */
export function withoutRepeatedItems(sequence: Int32Array): Int32Array {
  const seen = new Set<number>();
  return sequence.filter((item) => (seen.has(item) ? false : (seen.add(item), true)));
}

/**
 * The validation users early stopping watches: all of them, or a seeded random sample. Not the first N: datasets list
 * users in an order (LC-Rec Scientific's first 2,000 score a third below the rest), so a prefix is a biased judge.
 */
export function validationSample<T>(valid: readonly T[], count: number, seed: number): T[] {
  if (count >= valid.length) return [...valid];
  const order = shuffle(valid.map((_, i) => i), seededRandom(seed * 7_919 + 1));
  return order.slice(0, Math.max(0, count)).sort((a, b) => a - b).map((i) => valid[i]!);
}
