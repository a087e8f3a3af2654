import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import { join } from 'node:path';

const MAGIC = 'FCTF';
const FORMAT_VERSION = 1;
const SHARD_SUFFIX = '.shard';

/** Rows of reduced text features, float16 states. */
export interface FeatureRows {
  hashes: string[];
  tokens: number;
  dim: number;
  /** [rows, tokens, dim] binary16 bits. */
  states: Uint16Array;
  /** [rows, tokens]. */
  mask: Uint8Array;
  /** [rows]. */
  truncated: Uint8Array;
}

interface ShardHeader {
  format: string;
  version: number;
  rows: number;
  tokens: number;
  dim: number;
  hashes: string[];
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Shard layout: 'FCTF', uint32 header length, JSON header, mask bytes, truncated bytes, float16 states. */
function serialise(rows: FeatureRows): Buffer {
  const header: ShardHeader = { format: 'flarechat-text-features', version: FORMAT_VERSION, rows: rows.hashes.length, tokens: rows.tokens, dim: rows.dim, hashes: rows.hashes };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC), length, json, rows.mask, rows.truncated, Buffer.from(rows.states.buffer, rows.states.byteOffset, rows.states.byteLength)]);
}

function deserialise(bytes: Buffer, tokens: number, dim: number): FeatureRows {
  if (bytes.subarray(0, 4).toString() !== MAGIC) throw new Error('not a text-feature shard');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString()) as ShardHeader;
  if (header.version !== FORMAT_VERSION || header.tokens !== tokens || header.dim !== dim || header.hashes.length !== header.rows) throw new Error('shard settings differ');
  let at = 8 + headerLength;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new Error('shard is truncated');
    const part = bytes.subarray(at, at + n);
    at += n;
    return part;
  };
  const mask = Uint8Array.from(take(header.rows * tokens));
  const truncated = Uint8Array.from(take(header.rows));
  const stateBytes = take(header.rows * tokens * dim * 2);
  // Copy into a fresh buffer: the shard's float16 section need not be 2-byte aligned.
  const states = new Uint16Array(stateBytes.buffer.slice(stateBytes.byteOffset, stateBytes.byteOffset + stateBytes.byteLength));
  if (at !== bytes.length) throw new Error('shard has trailing bytes');
  return { hashes: header.hashes, tokens, dim, states, mask, truncated };
}

/**
 * One folder per encoder + settings (the caller names it), holding shards written atomically as encoding goes, so a
 * killed run resumes from its last shard. Rows are found by text hash, so edited or reordered catalogs reuse every
 * text they still contain.
 */
export class FeatureCache {
  constructor(
    readonly dir: string,
    private readonly tokens: number,
    private readonly dim: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Calls `use` with every cached shard that holds at least one wanted hash; unreadable shards are reported and skipped. */
  read(wanted: ReadonlySet<string>, use: (rows: FeatureRows) => void): void {
    if (!existsSync(this.dir)) return;
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith(SHARD_SUFFIX)).sort()) {
      let rows: FeatureRows;
      try {
        rows = deserialise(readFileSync(join(this.dir, file)), this.tokens, this.dim);
      } catch (error) {
        this.log(`text features: skipping unreadable cache shard ${join(this.dir, file)} (${(error as Error).message})`);
        continue;
      }
      if (rows.hashes.some((h) => wanted.has(h))) use(rows);
    }
  }

  write(rows: FeatureRows, settings: unknown): void {
    mkdirSync(this.dir, { recursive: true });
    const settingsPath = join(this.dir, 'settings.json');
    if (!existsSync(settingsPath)) writeFileSync(settingsPath, JSON.stringify(settings, null, 1) + '\n');
    const name = createHash('sha256').update(rows.hashes.join('\n')).digest('hex').slice(0, 20);
    const path = join(this.dir, `${name}${SHARD_SUFFIX}`);
    writeFileAtomic(path, serialise(rows));
  }
}
