import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Catalog, type Item } from './catalog.js';

export const DATASET_FORMAT = 'flarechat-dataset';
export const DATASET_VERSION = 1;

/** Counts of problems met while reading a source, with the first few line numbers of each kind. */
export interface ProblemReport {
  counts: Record<string, number>;
  examples: Record<string, string[]>;
}

export interface DatasetManifest {
  format: typeof DATASET_FORMAT;
  version: number;
  name: string;
  source: { format: string; paths: string[] };
  preprocessing: Record<string, unknown>;
  counts: { users: number; items: number; interactions: number };
  problems: ProblemReport;
  createdAt: string;
}

/** A prepared dataset: the catalog and each user's chronological sequence of item indices. */
export interface Dataset {
  manifest: DatasetManifest;
  catalog: Catalog;
  users: string[];
  sequences: Int32Array[];
}

/** Leave-one-out split of one chronological sequence (paper 4.2): last item test, penultimate validation. */
export interface LeaveOneOut {
  train: Int32Array;
  validHistory: Int32Array;
  validTarget: number;
  testHistory: Int32Array;
  testTarget: number;
}

export function leaveOneOut(sequence: Int32Array): LeaveOneOut | undefined {
  if (sequence.length < 3) return undefined;
  const n = sequence.length;
  return {
    train: sequence.subarray(0, n - 2),
    validHistory: sequence.subarray(0, n - 2),
    validTarget: sequence[n - 2]!,
    testHistory: sequence.subarray(0, n - 1),
    testTarget: sequence[n - 1]!,
  };
}

const ITEMS_FILE = 'items.jsonl';
const USERS_FILE = 'users.txt';
const SEQUENCES_FILE = 'sequences.bin';
const MANIFEST_FILE = 'dataset.json';

/** sequences.bin: int32 little-endian [userCount, offsets(userCount + 1)..., items...]. */
export function encodeSequences(sequences: readonly ArrayLike<number>[]): Buffer {
  const total = sequences.reduce((sum, s) => sum + s.length, 0);
  const out = new Int32Array(1 + sequences.length + 1 + total);
  out[0] = sequences.length;
  let offset = 0;
  let cursor = 2 + sequences.length;
  sequences.forEach((s, u) => {
    out[1 + u] = offset;
    for (let i = 0; i < s.length; i++) out[cursor++] = s[i]!;
    offset += s.length;
  });
  out[1 + sequences.length] = offset;
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function decodeSequences(buffer: Buffer): Int32Array[] {
  if (buffer.byteLength % 4 !== 0 || buffer.byteLength < 8) throw new Error('sequences.bin is truncated or corrupt');
  const copy = new Int32Array(buffer.byteLength / 4);
  new Uint8Array(copy.buffer).set(buffer);
  const users = copy[0]!;
  const base = 2 + users;
  if (users < 0 || base > copy.length || copy[1 + users]! !== copy.length - base) {
    throw new Error('sequences.bin is truncated or corrupt');
  }
  const out: Int32Array[] = [];
  for (let u = 0; u < users; u++) out.push(copy.subarray(base + copy[1 + u]!, base + copy[2 + u]!));
  return out;
}

export async function writeDataset(
  dir: string,
  data: { items: Iterable<Item>; users: string[]; sequences: readonly ArrayLike<number>[] },
  manifest: Omit<DatasetManifest, 'format' | 'version' | 'counts' | 'createdAt'>,
): Promise<DatasetManifest> {
  mkdirSync(dir, { recursive: true });
  const itemsOut = createWriteStream(join(dir, ITEMS_FILE));
  let itemCount = 0;
  for (const item of data.items) {
    if (!itemsOut.write(JSON.stringify(item) + '\n')) await once(itemsOut, 'drain');
    itemCount++;
  }
  itemsOut.end();
  await once(itemsOut, 'finish');
  writeFileSync(join(dir, USERS_FILE), data.users.join('\n') + (data.users.length ? '\n' : ''));
  writeFileSync(join(dir, SEQUENCES_FILE), encodeSequences(data.sequences));
  const full: DatasetManifest = {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    ...manifest,
    counts: {
      users: data.users.length,
      items: itemCount,
      interactions: data.sequences.reduce((sum, s) => sum + s.length, 0),
    },
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(full, null, 2) + '\n');
  return full;
}

/** A prepared dataset folder that is missing, damaged or of another version: the message names the file and the fix. */
export class DatasetError extends Error {
  readonly userFacing = true;
}

export function isPreparedDataset(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, ITEMS_FILE));
}

export function readManifest(dir: string): DatasetManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw new DatasetError(`${dir}: no such folder; expected a prepared dataset folder (written by \`flarechat prepare\`)`);
  if (!existsSync(path)) {
    // A model bundle is the usual mix-up: both are folders of JSON files.
    const what = existsSync(join(dir, 'manifest.json')) ? 'is a model bundle, not a prepared dataset' : `is not a prepared dataset (no ${MANIFEST_FILE})`;
    throw new DatasetError(`${dir} ${what}: expected a folder written by \`flarechat prepare\` (${MANIFEST_FILE}, ${ITEMS_FILE}, ${USERS_FILE}, ${SEQUENCES_FILE})`);
  }
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as DatasetManifest;
  } catch (error) {
    throw new DatasetError(`${path} is damaged (${(error as Error).message}): prepare the dataset again`);
  }
  if (manifest.format !== DATASET_FORMAT) throw new DatasetError(`${path}: format is ${String(manifest.format)}, expected ${DATASET_FORMAT}`);
  if (manifest.version !== DATASET_VERSION) {
    throw new DatasetError(`${path}: dataset version ${manifest.version}, this flarechat reads version ${DATASET_VERSION}; prepare it again`);
  }
  return manifest;
}

export async function readItems(dir: string): Promise<Item[]> {
  const items: Item[] = [];
  const path = join(dir, ITEMS_FILE);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.length > 0) items.push(parseJsonLine<Item>(line, path, number, 'prepare the dataset again'));
  }
  return items;
}

/** One line of a JSON-lines file the program wrote itself: a bad one means the file is damaged (a truncated copy). */
export function parseJsonLine<T>(line: string, path: string, number: number, fix: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new DatasetError(`${path} line ${number} is not valid JSON (a truncated or damaged file): ${fix}`);
  }
}

export async function loadDataset(dir: string): Promise<Dataset> {
  const manifest = readManifest(dir);
  const items = await readItems(dir);
  const usersText = readFileSync(join(dir, USERS_FILE), 'utf8');
  const users = usersText.length ? usersText.replace(/\n$/, '').split('\n') : [];
  let sequences: Int32Array[];
  try {
    sequences = decodeSequences(readFileSync(join(dir, SEQUENCES_FILE)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new DatasetError(`${join(dir, SEQUENCES_FILE)} is truncated or damaged: prepare the dataset again`);
  }
  if (users.length !== sequences.length) throw new DatasetError(`${dir}: ${users.length} users but ${sequences.length} sequences (a damaged copy?): prepare the dataset again`);
  if (items.length !== manifest.counts.items) throw new DatasetError(`${dir}: ${items.length} items but the manifest says ${manifest.counts.items} (a damaged copy?): prepare the dataset again`);
  return { manifest, catalog: new Catalog(items), users, sequences };
}
