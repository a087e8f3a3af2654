import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../model/atomic-write.js';
import { encodeFloat16, FLOAT16_VALUES } from '../../model/text-encoder/float16.js';

/** What every vector file's JSON header says: which format version, for which texts, how wide. */
export interface VectorFileHeader {
  format: string;
  version: number;
  fingerprint: string;
  dim: number;
}

/**
 * A file of float16 vectors: a 4-character magic, a uint32 header length, the JSON header, then blocks of rows
 * ([rows, dim] each) one after another. Written atomically (a crash leaves the old file or none).
 */
export function writeVectorFile(path: string, magic: string, header: VectorFileHeader, blocks: readonly Float32Array[]): void {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const half = (x: Float32Array) => {
    const bits = encodeFloat16(x);
    return Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength);
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, Buffer.concat([Buffer.from(magic), length, json, ...blocks.map(half)]));
}

/**
 * Rounds vectors in place to what a vector file stores (float16), so vectors just computed read exactly as the ones
 * read back from their file on every later start: the first start understands as the next ones do.
 */
export function roundAsStored(vectors: Float32Array): Float32Array {
  const bits = encodeFloat16(vectors);
  for (let i = 0; i < vectors.length; i++) vectors[i] = FLOAT16_VALUES[bits[i]!]!;
  return vectors;
}

/**
 * The header and blocks of a vector file (`rowsOf` says each block's rows from the header), or undefined when the
 * file is missing, unreadable, of another format version or for other texts (another fingerprint): never a stale file.
 */
export function readVectorFile<H extends VectorFileHeader>(path: string, magic: string, version: number, fingerprint: string, rowsOf: (header: H) => number[]): { header: H; blocks: Float32Array[] } | undefined {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  if (bytes.length < 8 || bytes.subarray(0, 4).toString() !== magic) return undefined;
  const headerLength = bytes.readUInt32LE(4);
  let header: H;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString()) as H;
  } catch {
    return undefined;
  }
  if (header.version !== version || header.fingerprint !== fingerprint) return undefined;
  const { dim } = header;
  const rows = rowsOf(header);
  const start = 8 + headerLength;
  if (bytes.length !== start + 2 * dim * rows.reduce((a, b) => a + b, 0)) return undefined;
  const bits = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
  let from = 0;
  const blocks = rows.map((count) => {
    const out = new Float32Array(count * dim);
    for (let i = 0; i < out.length; i++) out[i] = FLOAT16_VALUES[bits[from + i]!]!;
    from += out.length;
    return out;
  });
  return { header, blocks };
}
