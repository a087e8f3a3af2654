import type { Item } from '../model/catalog.js';
import type { ReviewTable } from './loaders/amazon-raw.js';
import type { ProblemCollector } from './loaders/problems.js';

/** Users with their chronological item sequences, indices into `items`. */
export interface Interactions {
  items: Item[];
  users: string[];
  sequences: Int32Array[];
}

export interface PreprocessOptions {
  /** Iterative k-core: every kept user and item has at least k interactions (0 = off). */
  kCore: number;
  /** Sequences longer than this are trimmed to their most recent items or dropped (section 4.1.2). */
  maxSequenceLength: number;
  longSequences: 'trim' | 'drop' | 'keep';
  /** Users need at least this many items for a leave-one-out split (train, validation, test). */
  minSequenceLength: number;
  /** Drop items without a title (and their interactions). */
  requireTitle: boolean;
}

/** Named recipes of the paper's section 4.1. */
export const PRESETS: Record<string, PreprocessOptions & { dedup: boolean }> = {
  recformer: { kCore: 5, maxSequenceLength: 50, longSequences: 'trim', minSequenceLength: 3, requireTitle: true, dedup: false },
  clothing: { kCore: 5, maxSequenceLength: 50, longSequences: 'drop', minSequenceLength: 3, requireTitle: true, dedup: false },
  calrec: { kCore: 5, maxSequenceLength: 50, longSequences: 'trim', minSequenceLength: 3, requireTitle: true, dedup: true },
  none: { kCore: 0, maxSequenceLength: Number.MAX_SAFE_INTEGER, longSequences: 'keep', minSequenceLength: 3, requireTitle: false, dedup: false },
};

/**
 * Groups raw reviews into per-user chronological sequences (ties keep file order). With `dedup`, drops consecutive
 * reviews by the same user with the same item, review text, rating and timestamp (CALRec, section 4.1.3).
 */
export function sequencesFromReviews(
  table: ReviewTable,
  metaByAsin: Map<string, Item>,
  dedup: boolean,
  problems: ProblemCollector,
): Interactions {
  const userCount = table.userIds.length;
  const counts = new Int32Array(userCount + 1);
  for (let i = 0; i < table.length; i++) counts[table.user[i]! + 1]!++;
  for (let u = 0; u < userCount; u++) counts[u + 1]! += counts[u]!;
  const order = new Int32Array(table.length);
  const cursor = counts.slice(0, userCount);
  for (let i = 0; i < table.length; i++) order[cursor[table.user[i]!]!++] = i;

  const items: Item[] = [];
  const itemSlot = new Int32Array(table.itemIds.length).fill(-1);
  table.itemIds.forEach((asin, raw) => {
    const meta = metaByAsin.get(asin);
    if (!meta) {
      problems.add('item-without-metadata', asin);
      itemSlot[raw] = items.length;
      items.push({ id: asin, title: '', categories: [] });
    } else {
      itemSlot[raw] = items.length;
      items.push(meta);
    }
  });

  const users: string[] = [];
  const sequences: Int32Array[] = [];
  for (let u = 0; u < userCount; u++) {
    const reviews = Array.from(order.subarray(counts[u]!, counts[u + 1]!));
    reviews.sort((a, b) => table.time[a]! - table.time[b]! || a - b);
    const kept: number[] = [];
    let previous = -1;
    for (const r of reviews) {
      if (
        dedup &&
        previous >= 0 &&
        table.item[r] === table.item[previous] &&
        table.textHash[r] === table.textHash[previous] &&
        table.ratingTimesTwo[r] === table.ratingTimesTwo[previous] &&
        table.time[r] === table.time[previous]
      ) {
        problems.add('duplicate-review-dropped', `${table.userIds[u]}/${table.itemIds[table.item[r]!]}`);
        continue;
      }
      kept.push(itemSlot[table.item[r]!]!);
      previous = r;
    }
    users.push(table.userIds[u]!);
    sequences.push(Int32Array.from(kept));
  }
  return { items, users, sequences };
}

/** Applies title filtering, k-core, sequence length rules, and renumbers items densely in order of first appearance. */
export function preprocess(input: Interactions, options: PreprocessOptions, problems: ProblemCollector): Interactions {
  const itemAlive = new Uint8Array(input.items.length).fill(1);
  if (options.requireTitle) {
    input.items.forEach((item, i) => {
      if (!item.title || item.title.trim().length === 0) {
        itemAlive[i] = 0;
        problems.add('item-without-title-dropped', item.id);
      }
    });
  }
  let sequences = input.sequences.map((s) => s.filter((i) => itemAlive[i] === 1));
  let userAlive = new Uint8Array(sequences.length).fill(1);

  if (options.kCore > 0) {
    for (let changed = true; changed; ) {
      changed = false;
      const itemCounts = new Int32Array(input.items.length);
      sequences.forEach((s, u) => {
        if (userAlive[u]) for (const i of s) itemCounts[i]!++;
      });
      for (let i = 0; i < itemCounts.length; i++) {
        if (itemAlive[i] && itemCounts[i]! < options.kCore) {
          itemAlive[i] = 0;
          changed = true;
        }
      }
      sequences = sequences.map((s) => (s.some((i) => !itemAlive[i]) ? s.filter((i) => itemAlive[i] === 1) : s));
      sequences.forEach((s, u) => {
        if (userAlive[u] && s.length < options.kCore) {
          userAlive[u] = 0;
          changed = true;
        }
      });
    }
  }

  const users: string[] = [];
  const kept: Int32Array[] = [];
  sequences.forEach((s, u) => {
    if (!userAlive[u]) return;
    let seq = s;
    if (seq.length > options.maxSequenceLength) {
      if (options.longSequences === 'drop') {
        problems.add('long-sequence-dropped', input.users[u]!);
        return;
      }
      if (options.longSequences === 'trim') seq = seq.subarray(seq.length - options.maxSequenceLength);
    }
    if (seq.length < options.minSequenceLength) return;
    users.push(input.users[u]!);
    kept.push(seq);
  });

  const renumber = new Int32Array(input.items.length).fill(-1);
  const items: Item[] = [];
  const out = kept.map((s) =>
    s.map((i) => {
      if (renumber[i] === -1) {
        renumber[i] = items.length;
        items.push(input.items[i]!);
      }
      return renumber[i]!;
    }),
  );
  return { items, users, sequences: out };
}
