import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../model/tf.js';

/** Writes a file whole or not at all: a kill mid-write leaves the previous version. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/**
 * Adam's step count and moments, so a resumed run continues the same optimisation rather than restarting it from
 * zero moments (which would jolt the weights with a fresh warm-up of the second moment).
 */
export async function saveOptimizerState(dir: string, optimizer: tf.Optimizer): Promise<void> {
  const weights = await optimizer.getWeights();
  const entries: { name: string; shape: number[]; offset: number; length: number }[] = [];
  const arrays: Float32Array[] = [];
  let offset = 0;
  for (const w of weights) {
    const data = Float32Array.from((await w.tensor.data()) as Float32Array | Int32Array);
    entries.push({ name: w.name, shape: w.tensor.shape, offset, length: data.length });
    arrays.push(data);
    offset += data.length;
  }
  const all = new Float32Array(offset);
  arrays.reduce((at, a) => (all.set(a, at), at + a.length), 0);
  writeFileAtomic(join(dir, 'optimizer.bin'), new Uint8Array(all.buffer));
  writeFileAtomic(join(dir, 'optimizer.json'), JSON.stringify({ entries }));
}

/** Restores what saveOptimizerState wrote; false when there is nothing (or nothing whole) to restore. */
export async function loadOptimizerState(dir: string, optimizer: tf.Optimizer): Promise<boolean> {
  const meta = join(dir, 'optimizer.json');
  const bin = join(dir, 'optimizer.bin');
  if (!existsSync(meta) || !existsSync(bin)) return false;
  const { entries } = JSON.parse(readFileSync(meta, 'utf8')) as { entries: { name: string; shape: number[]; offset: number; length: number }[] };
  const bytes = readFileSync(bin);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (entries.reduce((n, e) => n + e.length, 0) !== all.length) return false;
  await optimizer.setWeights(entries.map((e) => ({ name: e.name, tensor: tf.tensor(all.subarray(e.offset, e.offset + e.length), e.shape) })));
  return true;
}
