import type { ClozeBatch, ContextPairs } from '../batches.js';

/** One replica's part of a batch: its rows, and the weight that turns its mean loss into its share of the batch's. */
export interface BatchShard {
  batch: ClozeBatch;
  /** Predicted positions of the shard / of the whole batch: the mean MLM loss of the batch is the weighted sum. */
  weight: number;
  /**
   * Whether this shard also carries the batch's ID-text InfoNCE term (Flare). The term couples every item of the
   * batch through in-batch negatives, so it cannot be split: exactly one shard computes it over the batch's items.
   */
  carriesContrastive: boolean;
}

function rowRanges(rows: number, shards: number): [number, number][] {
  const base = Math.floor(rows / shards);
  const extra = rows % shards;
  const ranges: [number, number][] = [];
  let start = 0;
  for (let s = 0; s < shards; s++) {
    const size = base + (s < extra ? 1 : 0);
    ranges.push([start, start + size]);
    start += size;
  }
  return ranges;
}

function sequencesIn(batch: ClozeBatch, from: number, to: number): number {
  let count = 0;
  for (let b = from; b < to; b++) {
    let most = 0;
    for (let t = 0; t < batch.length; t++) most = Math.max(most, batch.segments[b * batch.length + t]!);
    count += most;
  }
  return count;
}

/**
 * The shard's own (text, critique) pairs, renumbered; the carrier of the contrastive term also gets the batch's item
 * pairs in the batch's order, so lossOf picks the same items (and the same negatives) as it does on the whole batch.
 */
function shardPairs(pairs: ContextPairs, contextOf: Int32Array, contrastiveItems: number): ContextPairs {
  const local = new Map<number, number>();
  const textRows: number[] = [];
  const critiqueRows: number[] = [];
  const localOf = (global: number) => {
    let index = local.get(global);
    if (index === undefined) {
      index = textRows.length;
      local.set(global, index);
      textRows.push(pairs.textRows[global]!);
      critiqueRows.push(pairs.critiqueRows[global]!);
    }
    return index;
  };
  const remapped = contextOf.map(localOf);
  // Only the items lossOf will use: every extra pair would cost a Perceiver pass.
  const itemPairs = pairs.itemPairs.subarray(0, contrastiveItems).map(localOf);
  return {
    textRows: Int32Array.from(textRows),
    critiqueRows: Int32Array.from(critiqueRows),
    contextOf: remapped,
    itemPairs,
    itemTokens: pairs.itemTokens.slice(0, contrastiveItems),
  };
}

/**
 * Splits a cloze batch by rows into at most `shards` parts (fewer when the batch has fewer rows). Masks, labels and
 * padding length stay those of the whole batch, so the shards' weighted losses and gradients sum to the batch's.
 * `contrastiveItems` is how many of the batch's items the InfoNCE term uses (0 when it is off).
 */
export function shardBatch(batch: ClozeBatch, shards: number, contrastiveItems = 0): BatchShard[] {
  const ranges = rowRanges(batch.batch, Math.min(shards, batch.batch)).filter(([from, to]) => to > from);
  const total = batch.predictAt.length;
  const built = ranges.map(([from, to]) => {
    const lo = from * batch.length;
    const hi = to * batch.length;
    const levels = batch.critiques.length / (batch.batch * batch.length);
    const picked: number[] = [];
    batch.predictAt.forEach((at, i) => {
      if (at >= lo && at < hi) picked.push(i);
    });
    const shard: ClozeBatch = {
      tokens: batch.tokens.slice(lo, hi),
      critiques: batch.critiques.slice(lo * levels, hi * levels),
      positions: batch.positions.slice(lo, hi),
      segments: batch.segments.slice(lo, hi),
      packed: batch.packed,
      predictAt: Int32Array.from(picked, (i) => batch.predictAt[i]! - lo),
      labels: Int32Array.from(picked, (i) => batch.labels[i]!),
      batch: to - from,
      length: batch.length,
      sequences: sequencesIn(batch, from, to),
      ...(batch.unseen ? { unseen: batch.unseen.slice(lo, hi) } : {}),
    };
    return { shard, predicted: picked.length, contextOf: batch.pairs?.contextOf.slice(lo, hi) };
  });
  const contrastive = batch.pairs && contrastiveItems > 0 && batch.pairs.itemPairs.length > 1 ? batch.pairs.itemPairs.subarray(0, contrastiveItems) : undefined;
  // The contrastive term needs the text context of each of its items: the shard that already has most of them carries it.
  const missing = built.map((s) => {
    if (!contrastive) return 0;
    const own = new Set(s.contextOf);
    return contrastive.reduce((n, pair) => n + (own.has(pair) ? 0 : 1), 0);
  });
  const carrier = contrastive ? missing.reduce((best, m, i) => (m < missing[best]! || (m === missing[best] && built[i]!.predicted < built[best]!.predicted) ? i : best), 0) : -1;
  return built.map((s, i): BatchShard => {
    if (batch.pairs) s.shard.pairs = shardPairs(batch.pairs, s.contextOf!, i === carrier ? contrastiveItems : 0);
    return { batch: s.shard, weight: s.predicted / total, carriesContrastive: i === carrier };
  });
}
