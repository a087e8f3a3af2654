import { maskToken, positionOf, type ModelConfig } from '../model/bert4rec.js';
import type { Catalog } from '../model/catalog.js';
import type { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import type { TrainConfig } from './config.js';
import { shuffle } from './random.js';

/** Flare's (text, critique) pairs of a batch: each position's context is row `contextOf[at]` of the pairs. */
export interface ContextPairs {
  textRows: Int32Array;
  critiqueRows: Int32Array;
  contextOf: Int32Array;
  /** Items whose own text context is in the batch, for the ID-text loss: pair index and item token. */
  itemPairs: Int32Array;
  itemTokens: Int32Array;
}

export interface ClozeBatch {
  tokens: Int32Array;
  critiques: Int32Array;
  /** Position of each token inside its own sequence, and the sequence it belongs to (1-based; 0 = padding). */
  positions: Int32Array;
  segments: Int32Array;
  /** Whether any row holds more than one sequence (only then does attention need the segment mask). */
  packed: boolean;
  predictAt: Int32Array;
  labels: Int32Array;
  batch: number;
  length: number;
  sequences: number;
  pairs?: ContextPairs;
  /** Flare with an unseen-item rate: 1 where a visible item's ID is replaced by the unseen-item embedding (its text kept). */
  unseen?: Uint8Array;
}

type MaskingConfig = Pick<TrainConfig, 'maskProbability' | 'bidirectionalMasking' | 'critiqueKeep'> & Partial<Pick<TrainConfig, 'maskLastProbability' | 'unseenItemRate'>>;

/** Cloze masking with one sequence a row (see packedClozeBatch). */
export function clozeBatch(sequences: readonly Int32Array[], model: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, config: MaskingConfig, random: () => number): ClozeBatch {
  return packedClozeBatch(sequences.map((s) => [s]), model, catalog, vocabulary, config, random);
}

/**
 * Cloze masking (15%, at least one a sequence) or last-item-only masking, over rows that each pack one or more
 * sequences (section 4.2.2): positions restart at every sequence and segments keep attention inside it. Critiques
 * stay visible at masked positions where kept. Flare batches also get their distinct (text, critique) pairs.
 */
export function packedClozeBatch(rows: readonly (readonly Int32Array[])[], model: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary, config: MaskingConfig, random: () => number): ClozeBatch {
  const clip = (s: Int32Array) => s.subarray(Math.max(0, s.length - model.maxLength));
  const length = Math.min(model.maxLength, Math.max(1, ...rows.map((r) => r.reduce((n, s) => n + clip(s).length, 0))));
  const levels = Math.max(1, vocabulary.levels);
  const size = rows.length * length;
  const tokens = new Int32Array(size);
  const critiques = new Int32Array(size * levels);
  const positions = new Int32Array(size);
  const segments = new Int32Array(size);
  const predictAt: number[] = [];
  const labels: number[] = [];
  const flare = model.flare;
  const none = vocabulary.size;
  const pairIndex = new Map<number, number>();
  const textRows: number[] = [];
  const critiqueRows: number[] = [];
  const contextOf = new Int32Array(size);
  const itemPairs: number[] = [];
  const itemTokens: number[] = [];
  const pairOf = (text: number, critique: number) => {
    const key = text * (none + 1) + critique;
    let index = pairIndex.get(key);
    if (index === undefined) {
      index = textRows.length;
      pairIndex.set(key, index);
      textRows.push(text);
      critiqueRows.push(critique);
      if (text < catalog.size) {
        itemPairs.push(index);
        itemTokens.push(text + 1);
      }
    }
    return index;
  };
  if (flare) pairOf(catalog.size, none);
  // Drawn only when on, so batches without it stay those of earlier runs draw for draw.
  const unseenRate = flare ? (config.unseenItemRate ?? 0) : 0;
  const unseen = unseenRate > 0 ? new Uint8Array(size) : undefined;
  let sequences = 0;
  rows.forEach((row, b) => {
    let offset = 0;
    row.forEach((full, segment) => {
      const s = clip(full);
      if (offset + s.length > length) throw new Error(`packed row ${b} is longer than ${length}`);
      sequences++;
      const masked = new Uint8Array(s.length);
      if (config.bidirectionalMasking) {
        for (let t = 0; t < s.length; t++) if (random() < config.maskProbability) masked[t] = 1;
        if (config.maskLastProbability && random() < config.maskLastProbability) masked[s.length - 1] = 1;
        if (!masked.includes(1)) masked[Math.floor(random() * s.length)] = 1;
      } else masked[s.length - 1] = 1;
      for (let t = 0; t < s.length; t++) {
        const at = b * length + offset + t;
        const item = s[t]!;
        positions[at] = positionOf(model, t, s.length);
        segments[at] = segment + 1;
        const ids = vocabulary.levels > 0 && (!masked[t] || random() < config.critiqueKeep) ? vocabulary.encode(catalog.item(item).categories) : undefined;
        if (ids) critiques.set(ids, at * levels);
        if (flare) {
          const deepest = ids ? ids.reduce((row, id) => (id > 0 ? id : row), 0) : 0;
          contextOf[at] = pairOf(masked[t] ? catalog.size : item, deepest > 0 ? deepest - 1 : none);
        }
        if (masked[t]) {
          tokens[at] = maskToken(model);
          predictAt.push(at);
          labels.push(item + 1);
        } else {
          tokens[at] = item + 1;
          if (unseen && random() < unseenRate) unseen[at] = 1;
        }
      }
      offset += s.length;
    });
  });
  const batch: ClozeBatch = {
    tokens,
    critiques,
    positions,
    segments,
    packed: rows.some((r) => r.length > 1),
    predictAt: Int32Array.from(predictAt),
    labels: Int32Array.from(labels),
    batch: rows.length,
    length,
    sequences,
  };
  if (unseen) batch.unseen = unseen;
  if (flare) batch.pairs = { textRows: Int32Array.from(textRows), critiqueRows: Int32Array.from(critiqueRows), contextOf, itemPairs: Int32Array.from(itemPairs), itemTokens: Int32Array.from(itemTokens) };
  return batch;
}

/** Batches of users drawn at random (one sequence a row): each batch an unbiased sample of the training set. */
export function randomBatches(sequences: readonly Int32Array[], batchSize: number, random: () => number): Int32Array[][] {
  const order = shuffle(sequences.map((_, i) => i), random);
  const batches: Int32Array[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((j) => sequences[j]!));
  return batches;
}

/** Groups sequences of similar length so a batch pads little (one sequence a row). */
export function lengthBuckets(sequences: readonly Int32Array[], batchSize: number, random: () => number): Int32Array[][] {
  const order = shuffle(sequences.map((_, i) => i), random);
  order.sort((a, b) => sequences[a]!.length - sequences[b]!.length);
  const batches: Int32Array[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((j) => sequences[j]!));
  return shuffle(batches, random);
}

/**
 * Section 4.2.2's packing: sequences (clipped to maxLength) are placed first-fit-decreasing into rows of maxLength
 * tokens, several short users a row; rows are shuffled into batches.
 */
export function packRows(sequences: readonly Int32Array[], maxLength: number, sequencesPerBatch: number, random: () => number): Int32Array[][][] {
  const order = shuffle(sequences.map((_, i) => i), random);
  const clipped = (i: number) => Math.min(maxLength, sequences[i]!.length);
  order.sort((a, b) => clipped(b) - clipped(a));
  const rows: { free: number; items: Int32Array[] }[] = [];
  // Rows by remaining room, so first fit is a short scan over the distinct room sizes, not over every row.
  const byFree: number[][] = Array.from({ length: maxLength + 1 }, () => []);
  for (const i of order) {
    const need = clipped(i);
    let placed = false;
    for (let free = need; free <= maxLength && !placed; free++) {
      const candidates = byFree[free]!;
      if (candidates.length === 0) continue;
      const r = candidates.pop()!;
      rows[r]!.items.push(sequences[i]!);
      rows[r]!.free -= need;
      byFree[rows[r]!.free]!.push(r);
      placed = true;
    }
    if (!placed) {
      rows.push({ free: maxLength - need, items: [sequences[i]!] });
      byFree[maxLength - need]!.push(rows.length - 1);
    }
  }
  // Batches hold about `sequencesPerBatch` users, as unpacked batches do, in far fewer rows.
  const batches: Int32Array[][][] = [];
  let current: Int32Array[][] = [];
  let users = 0;
  for (const row of shuffle(rows.map((r) => r.items), random)) {
    current.push(row);
    users += row.length;
    if (users >= sequencesPerBatch) {
      batches.push(current);
      current = [];
      users = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

/** One epoch's batches, each a list of rows of one or more sequences: packed rows, or length buckets one user a row. */
export function epochBatches(sequences: readonly Int32Array[], maxLength: number, config: Pick<TrainConfig, 'batching' | 'batchSize'>, random: () => number): Int32Array[][][] {
  if (config.batching === 'packed') return packRows(sequences, maxLength, config.batchSize, random);
  return (config.batching === 'length' ? lengthBuckets(sequences, config.batchSize, random) : randomBatches(sequences, config.batchSize, random)).map((b) => b.map((s) => [s]));
}
