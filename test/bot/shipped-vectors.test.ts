import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleWeights } from '../../model/bundle.js';
import { openTextEncoder, type TextEncoder } from '../../model/text-encoder/index.js';
import { encodeUnit, openCatalogVectors, readCatalogVectors, vectorTexts, vectorsFingerprint, VECTORS_FILE } from '../../bot/understanding/catalog-vectors.js';
import { loadCatalogFolder } from '../../cli/bench/critique.js';
import { CategoryTree } from '../../bot/understanding/category-tree.js';
import { loadNeeds, needsFingerprint, NEEDS_VECTORS_FILE, readNeedsVectors } from '../../bot/understanding/needs.js';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'bundle');

/** The smallest cosine between row i of `shipped` (unit rows) and the text encoded here, over every `step`-th row. */
async function worstAgreement(encoder: TextEncoder, texts: readonly string[], shipped: Float32Array, step: number): Promise<number> {
  const rows = texts.map((_, i) => i).filter((i) => i % step === 0);
  const here = await encodeUnit(encoder, rows.map((i) => texts[i]!));
  const dim = encoder.info.dim;
  let worst = 1;
  rows.forEach((row, k) => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += here[k * dim + d]! * shipped[row * dim + d]!;
    worst = Math.min(worst, dot);
  });
  return worst;
}

let encoder: TextEncoder;
beforeAll(async () => {
  encoder = await openTextEncoder('use-lite');
});
afterAll(async () => {
  await encoder?.dispose();
});

// The shipped vectors were encoded on one machine and every message is encoded on another: they must agree, or
// understanding reads differently from one CPU to the next (as it did with int8 weights on CPUs without VNNI).
describe('the shipped vectors are what this machine encodes', () => {
  it("the demo bundle's category names and titles (cosine > 0.999)", async () => {
    const { catalog } = loadBundleWeights(bundle);
    const texts = vectorTexts(new CategoryTree(catalog), catalog);
    const shipped = readCatalogVectors(join(bundle, VECTORS_FILE), vectorsFingerprint(encoder.info.version, texts));
    expect(shipped, `demo/bundle/${VECTORS_FILE} is stale: run npx flarechat understanding vectors demo/bundle`).toBeDefined();
    expect(await worstAgreement(encoder, texts.names, shipped!.names, 10)).toBeGreaterThan(0.999);
    expect(await worstAgreement(encoder, texts.titles, shipped!.titles, 50)).toBeGreaterThan(0.999);
  });

  it("the needs lexicon's situations and kinds (cosine > 0.999)", async () => {
    const lexicon = loadNeeds();
    const shipped = readNeedsVectors(NEEDS_VECTORS_FILE, needsFingerprint(encoder.info.version, lexicon));
    expect(shipped, 'bot/understanding/needs-vectors.bin is stale: run npx flarechat understanding needs').toBeDefined();
    expect(await worstAgreement(encoder, lexicon.situations, shipped!.situations, 25)).toBeGreaterThan(0.999);
    expect(await worstAgreement(encoder, lexicon.kinds, shipped!.kinds, 250)).toBeGreaterThan(0.999);
  });
});

describe('vectors encoded on first use', () => {
  // (Before, the first start used float32 vectors and every later one the cache's float16: a phrase near a tie,
  // "descaler for espresso machine", read Descaling Solutions on one and Backflush Detergents on the other.)
  it('are the ones every later start reads from the cache, to the bit', async () => {
    const { catalog } = await loadCatalogFolder(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'catalogs', 'coffee-espresso'));
    const texts = vectorTexts(new CategoryTree(catalog), catalog);
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-vectors-'));
    const first = await openCatalogVectors(encoder, texts, { dataDir }, () => {});
    expect(readdirSync(join(dataDir, 'cache', 'understanding'))).toHaveLength(1);
    const again = await openCatalogVectors(encoder, texts, { dataDir }, () => {});
    expect(again.names).toEqual(first.names);
    expect(again.withParents).toEqual(first.withParents);
    expect(again.titles).toEqual(first.titles);
  });
});
