import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../model/atomic-write.js';
import { loadBundleWeights } from '../model/bundle.js';
import { tf } from '../model/tf.js';

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

/** What state.json records: the commit point of a checkpoint; the folders it names hold that epoch's weights. */
export interface CheckpointState<H = unknown> {
  epoch: number;
  steps: number;
  history: H[];
  bestEpoch: number;
  bestNdcg: number;
  config: unknown;
  /** Folder (inside the checkpoint folder) with the last weights and the optimizer state. */
  last: string;
  /** Folder with the best weights so far. */
  best: string;
}

/**
 * Writes an epoch's checkpoint so that a kill at any moment leaves a usable one: the weights go to new folders,
 * state.json is then replaced in one rename (the commit point), and only after that are older folders removed.
 */
export async function writeCheckpoint<H>(
  dir: string,
  progress: Omit<CheckpointState<H>, 'last' | 'best'>,
  previous: CheckpointState<H> | undefined,
  save: (folder: string, isBest: boolean) => Promise<void>,
): Promise<CheckpointState<H>> {
  mkdirSync(dir, { recursive: true });
  const tag = String(progress.epoch).padStart(5, '0');
  const last = `epoch-${tag}`;
  await save(join(dir, last), false);
  let best = previous?.best ?? last;
  if (progress.bestEpoch === progress.epoch) {
    best = `best-${tag}`;
    await save(join(dir, best), true);
  }
  const state: CheckpointState<H> = { ...progress, last, best };
  writeFileAtomic(join(dir, 'state.json'), JSON.stringify(state, null, 1));
  for (const entry of readdirSync(dir)) if (/^(epoch|best)-\d+$/.test(entry) && entry !== last && entry !== best) rmSync(join(dir, entry), { recursive: true, force: true });
  return state;
}

/** A checkpoint that cannot be resumed (damaged, or written with other model settings): the message says what to do. */
export class CheckpointError extends Error {
  readonly userFacing = true;
}

/** A run picked up from its checkpoint: where it was, and the best weights so far. */
export interface Resumed<H> {
  state: CheckpointState<H>;
  best: Record<string, tf.Tensor>;
  /** false when the checkpoint holds no optimizer state: Adam then restarts from zero moments. */
  optimizerRestored: boolean;
}

/**
 * Resumes from the checkpoint committed in `dir`, if there is one: the last weights go into `params` and Adam's step
 * count and moments into `optimizer`; the best weights so far are returned with the state.
 */
export async function resumeCheckpoint<H>(dir: string, params: Record<string, tf.Variable>, optimizer: tf.Optimizer): Promise<Resumed<H> | undefined> {
  const stateFile = join(dir, 'state.json');
  if (!existsSync(stateFile)) return undefined;
  let state: CheckpointState<H>;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as CheckpointState<H>;
    if (typeof state.last !== 'string' || typeof state.best !== 'string' || !Number.isInteger(state.epoch)) throw new Error('fields missing');
  } catch (error) {
    throw new CheckpointError(`${stateFile} is damaged (${(error as Error).message}): delete ${dir} to start the training over`);
  }
  const last = loadBundleWeights(join(dir, state.last));
  // Another preset or model makes other shapes: say so, instead of TF.js failing inside assign().
  for (const [name, v] of Object.entries(params)) {
    const saved = last.params[name];
    if (!saved || saved.shape.join('x') !== v.shape.join('x')) {
      Object.values(last.params).forEach((t) => t.dispose());
      const config = state.config as { preset?: string; model?: string } | undefined;
      const started = config?.preset || config?.model ? ` (it was started with${config.model ? ` --model ${config.model}` : ''}${config.preset ? ` --preset ${config.preset}` : ''})` : '';
      const why = saved ? `${name} is [${v.shape.join(', ')}] here, [${saved.shape.join(', ')}] in the checkpoint` : `the checkpoint has no ${name}`;
      throw new CheckpointError(`the checkpoint in ${dir} is of another model: ${why}; resume with the options it was started with${started}, or delete ${dir} to start over`);
    }
  }
  for (const [name, v] of Object.entries(params)) v.assign(last.params[name]!);
  Object.values(last.params).forEach((t) => t.dispose());
  const best = loadBundleWeights(join(dir, state.best)).params;
  return { state, best, optimizerRestored: await loadOptimizerState(join(dir, state.last), optimizer) };
}
