import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { FeatureCache, textHash, type FeatureRows } from './feature-cache.js';
import { decodeFloat16Into, encodeFloat16 } from './float16.js';
import { reduceTokens } from './token-reduction.js';
import type { EncoderInfo, TextEncoder } from './types.js';
import { formatSeconds } from '../duration.js';

/** Item/critique features for a whole catalog (see encodeTextFeatures). */
export interface TextFeatures {
  count: number;
  tokens: number;
  dim: number;
  /** [count, tokens, dim], float16-rounded (identical whether computed now or read from the cache). */
  states: Float32Array;
  /** [count, tokens], 1 = real token (or non-empty chunk). */
  mask: Uint8Array;
  encoder: EncoderInfo;
  /** How token states were reduced, in words. */
  reduction: string;
  /** Texts that lost tokens: longer than maxTokens or than the encoder's own limit. */
  truncated: number;
}

export interface TextFeatureOptions {
  /** Token states kept per text (capped at the encoder's own limit). */
  maxTokens: number;
  /** Mean-pool the kept tokens into this many contiguous chunks (a text with fewer tokens keeps one token per chunk). */
  poolTo?: number;
  /** Folder for the on-disk cache (one subfolder per encoder + settings); no caching without it. */
  cacheDir?: string;
  log?: (line: string) => void;
  /** Texts per encoder call and per cache shard. */
  chunkSize?: number;
}

/** Everything USE-lite reads (128 tokens), pooled to 16 chunks: 32 KB of float32 per item in memory. */
export const DEFAULT_TEXT_FEATURES = { maxTokens: 128, poolTo: 16 } as const;

const DEFAULT_CHUNK = 256;
const FEATURE_LAYOUT = 'v1';

function positiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new RangeError(`encodeTextFeatures: ${name} must be a positive integer, got ${value}`);
}

/** Path-safe folder name for an encoder and settings: readable prefix plus a hash of everything that shapes the output. */
function cacheFolder(encoder: EncoderInfo, settings: unknown): string {
  const readable = encoder.name.replace(/[^a-z0-9.-]+/gi, '_').slice(-40);
  return `${readable}-${createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16)}`;
}

/**
 * Item/critique features for a whole catalog: each text's token states truncated to maxTokens and, when poolTo is
 * set, mean-pooled into poolTo contiguous chunks; cached on disk keyed by encoder + settings + text hash; progress via
 * log (rate, ETA); resumable (shards are written as encoding goes). Duplicate texts are encoded once.
 */
export async function encodeTextFeatures(encoder: TextEncoder, texts: readonly string[], options: TextFeatureOptions): Promise<TextFeatures> {
  positiveInteger('maxTokens', options.maxTokens);
  positiveInteger('poolTo', options.poolTo);
  positiveInteger('chunkSize', options.chunkSize);
  const log = options.log ?? (() => {});
  // The output is exactly as wide as asked (poolTo, else maxTokens) whatever the encoder's limit, so callers can rely on it.
  const maxTokens = Math.min(options.maxTokens, encoder.maxTokens);
  const poolTo = options.poolTo;
  const tokens = poolTo ?? options.maxTokens;
  const { dim } = encoder.info;
  const kept = maxTokens < options.maxTokens ? `first ${maxTokens} tokens (the encoder's limit)` : `first ${maxTokens} tokens`;
  const reduction = poolTo ? `${kept}, mean-pooled into ${poolTo} contiguous chunks (shorter texts: one token per chunk), float16` : `${kept}, float16`;

  const states = new Float32Array(texts.length * tokens * dim);
  const mask = new Uint8Array(texts.length * tokens);
  const truncatedFlags = new Uint8Array(texts.length);
  const placed = new Uint8Array(texts.length);
  const hashes = texts.map(textHash);
  const rowsOf = new Map<string, number[]>();
  hashes.forEach((h, i) => {
    const rows = rowsOf.get(h);
    if (rows) rows.push(i);
    else rowsOf.set(h, [i]);
  });

  const place = (rows: FeatureRows) => {
    rows.hashes.forEach((hash, r) => {
      const targets = rowsOf.get(hash);
      if (!targets || placed[targets[0]!]) return;
      for (const target of targets) {
        decodeFloat16Into(rows.states.subarray(r * tokens * dim, (r + 1) * tokens * dim), states, target * tokens * dim);
        mask.set(rows.mask.subarray(r * tokens, (r + 1) * tokens), target * tokens);
        truncatedFlags[target] = rows.truncated[r]!;
        placed[target] = 1;
      }
    });
  };

  const settings = { layout: FEATURE_LAYOUT, encoder: encoder.info, maxTokens, tokens, poolTo: poolTo ?? null };
  const cache = options.cacheDir ? new FeatureCache(join(options.cacheDir, cacheFolder(encoder.info, settings)), tokens, dim, log) : undefined;
  cache?.read(new Set(rowsOf.keys()), place);
  const missing = [...rowsOf.keys()].filter((h) => !placed[rowsOf.get(h)![0]!]);
  if (cache) log(`text features: ${rowsOf.size - missing.length} of ${rowsOf.size} distinct texts from cache ${cache.dir}, ${missing.length} to encode`);

  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const started = performance.now();
  for (let from = 0; from < missing.length; from += chunkSize) {
    const chunk = missing.slice(from, from + chunkSize);
    const encoded = await encoder.encodeTokens(chunk.map((h) => texts[rowsOf.get(h)![0]!]!));
    const reduced = { states: new Float32Array(chunk.length * tokens * dim), mask: new Uint8Array(chunk.length * tokens), tokens };
    const truncated = new Uint8Array(chunk.length);
    chunk.forEach((_, r) => {
      truncated[r] = reduceTokens(encoded, r, reduced, r, maxTokens, poolTo) || encoded.truncated[r] ? 1 : 0;
    });
    const rows: FeatureRows = { hashes: chunk, tokens, dim, states: encodeFloat16(reduced.states), mask: reduced.mask, truncated };
    cache?.write(rows, settings);
    place(rows);
    const done = Math.min(from + chunkSize, missing.length);
    const seconds = (performance.now() - started) / 1000;
    const rate = done / seconds;
    log(`text features: ${done}/${missing.length} encoded, ${rate.toFixed(0)} texts/s, ETA ${formatSeconds((missing.length - done) / rate)}`);
  }

  const truncated = truncatedFlags.reduce((sum, flag) => sum + flag, 0);
  return { count: texts.length, tokens, dim, states, mask, encoder: encoder.info, reduction, truncated };
}
