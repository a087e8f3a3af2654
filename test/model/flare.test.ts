import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeInputs, initParams, maskToken, positionOf } from '../../model/bert4rec.js';
import { saveBundle } from '../../model/bundle.js';
import { categoryPath } from '../../model/catalog.js';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { idTextInfoNce, textContext, type FlareFeatures } from '../../model/flare.js';
import { INPUT_TABLE_NAMES, critiqueRow, inputTablesFor } from '../../model/input-tables.js';
import { loadBundle } from '../../model/recommend.js';
import { exportOnnx } from '../../model/onnx/export-bundle.js';
import { scoreItems } from '../../model/scorer.js';
import { initBackend, tf } from '../../model/tf.js';
import { seededRandom } from '../../training/random.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { catalogTextFeatures } from '../../training/text-features.js';
import { critiqueVocabularyFor, initModelParams, modelConfigFor } from '../../training/models.js';
import { lossOf } from '../../training/loss.js';
import { packedClozeBatch, packRows } from '../../training/batches.js';
import { resolveConfig } from '../../training/config.js';
import { trainModel } from '../../training/train.js';

let dataset: Dataset;
let features: FlareFeatures;
beforeAll(async () => {
  await initBackend();
  const out = mkdtempSync(join(tmpdir(), 'flarechat-flare-'));
  await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice'), out, presetOptions('none'));
  dataset = await loadDataset(out);
  const vocabulary = critiqueVocabularyFor(dataset.catalog, 'precise');
  const text = await catalogTextFeatures(dataset.catalog, vocabulary, { encoder: 'use-lite', maxTextTokens: 64, textTokens: 4, critiqueTokens: 2, cacheDir: join(out, 'cache') }, () => {});
  features = text.features;
});

describe('ID-text InfoNCE (eq. 2)', () => {
  it('matches the loss computed by hand, both ways, with the additive margin on the positives', () => {
    const ids = tf.tensor2d([[2, 0], [0, 3]]);
    const contexts = tf.tensor2d([[1, 0], [1, 1]]);
    const [temperature, margin] = [0.5, 0.2];
    const s = [
      [1, Math.SQRT1_2],
      [0, Math.SQRT1_2],
    ];
    const logit = (i: number, j: number) => (s[i]![j]! - (i === j ? margin : 0)) / temperature;
    const nll = (row: number[], label: number) => -Math.log(Math.exp(row[label]!) / row.reduce((a, v) => a + Math.exp(v), 0));
    const rows = (nll([logit(0, 0), logit(0, 1)], 0) + nll([logit(1, 0), logit(1, 1)], 1)) / 2;
    const cols = (nll([logit(0, 0), logit(1, 0)], 0) + nll([logit(0, 1), logit(1, 1)], 1)) / 2;
    expect(idTextInfoNce(ids, contexts, temperature, margin).dataSync()[0]).toBeCloseTo((rows + cols) / 2, 5);
  });
});

describe('the InfoNCE projection of the ID embedding', () => {
  it('starts as eq. 2 itself (the identity: the same loss as without it) and then learns from the loss', () => {
    const config = resolveConfig({ model: 'flare', critique: 'precise', dModel: 32, dHidden: 64, perceiverDim: 16, textTokens: 4, critiqueTokens: 2, dropout: 0, contrastiveWeight: 0.5 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'precise');
    const model = modelConfigFor(config, dataset.catalog, vocabulary, features.dim);
    const withMap = initModelParams(model, 5, { contrastiveProjection: true });
    const plain = initModelParams(model, 5);
    expect(Array.from(withMap.flare_contrastive_w!.dataSync())).toEqual(Array.from(tf.eye(32).dataSync()));
    expect(plain.flare_contrastive_w).toBeUndefined();
    const { train } = leaveOneOutCases(dataset.sequences);
    const batch = packedClozeBatch(train.slice(0, 12).map((s) => [s]), model, dataset.catalog, vocabulary, config, seededRandom(2));
    const context = { features, contrastive: config };
    const lossWith = lossOf(model, withMap, batch, context).dataSync()[0]!;
    const lossPlain = lossOf(model, plain, batch, context).dataSync()[0]!;
    expect(lossWith).toBeCloseTo(lossPlain, 4);
    // Without the InfoNCE term the map is unused: its gradient comes from eq. 2 alone.
    const { grads } = tf.variableGrads(() => lossOf(model, withMap, batch, context), [withMap.flare_contrastive_w!]);
    const gradient = grads[withMap.flare_contrastive_w!.name]!;
    expect(tf.norm(gradient).dataSync()[0]).toBeGreaterThan(1e-4);
    expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
  });
});

describe('sequence packing (section 4.2.2)', () => {
  it('never lets one packed sequence see another, and restarts positions at each sequence', () => {
    const config = resolveConfig({ maskProbability: 0.3 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'none');
    const model = modelConfigFor(config, dataset.catalog, vocabulary);
    const params = initParams(model, 3);
    const a = Int32Array.from([1, 2, 3]);
    const hiddenOfA = (b: Int32Array) => {
      const batch = packedClozeBatch([[a, b]], model, dataset.catalog, vocabulary, { ...config, maskProbability: 0.999 }, seededRandom(1));
      // Positions restart at each sequence, counted from its own end (model.positionsFromEnd): 47, 48, 49 for a.
      expect(Array.from(batch.positions.subarray(0, 3 + b.length))).toEqual([0, 1, 2].map((t) => positionOf(model, t, 3)).concat(Array.from(b, (_, t) => positionOf(model, t, b.length))));
      expect(batch.positions[2]).toBe(model.maxLength - 1);
      expect(Array.from(batch.segments.subarray(0, 3 + b.length))).toEqual([1, 1, 1, ...Array.from(b, () => 2)]);
      return tf.tidy(() => {
        const tokens = tf.tensor2d(batch.tokens, [1, batch.length], 'int32');
        const inputs = tf.gather(params.item_embedding!, tokens);
        const hidden = encodeInputs(model, params, inputs, { tokens, positions: tf.tensor2d(batch.positions, [1, batch.length], 'int32'), segments: tf.tensor2d(batch.segments, [1, batch.length], 'int32') });
        return Array.from(tf.slice(hidden, [0, 0, 0], [1, 3, model.dModel]).dataSync());
      });
    };
    const withOther = hiddenOfA(Int32Array.from([10, 11]));
    const withAnother = hiddenOfA(Int32Array.from([20, 21, 22, 23]));
    withOther.forEach((v, i) => expect(v).toBeCloseTo(withAnother[i]!, 5));
  });

  it('packs every training sequence exactly once into rows no longer than maxLength', () => {
    const { train } = leaveOneOutCases(dataset.sequences);
    const batches = packRows(train, 8, 16, seededRandom(4));
    const rows = batches.flat();
    expect(rows.flat().length).toBe(train.length);
    for (const row of rows) expect(row.reduce((n, s) => n + Math.min(8, s.length), 0)).toBeLessThanOrEqual(8);
    expect(rows.length).toBeLessThan(train.length);
  });
});

describe('Flare', () => {
  it('keeps the critique visible at masked positions, hides the item text there, and reads no critique in mode none', () => {
    for (const mode of ['precise', 'none'] as const) {
      const config = resolveConfig({ model: 'flare', critique: mode, critiqueKeep: 1, maskProbability: 0.4 });
      const vocabulary = critiqueVocabularyFor(dataset.catalog, mode);
      const model = modelConfigFor(config, dataset.catalog, vocabulary, features.dim);
      const batch = packedClozeBatch(dataset.sequences.slice(0, 12).map((s) => [s]), model, dataset.catalog, vocabulary, config, seededRandom(5));
      const pairs = batch.pairs!;
      expect(batch.predictAt.length).toBeGreaterThanOrEqual(12);
      batch.predictAt.forEach((at, i) => {
        expect(batch.tokens[at]).toBe(maskToken(model));
        const pair = pairs.contextOf[at]!;
        expect(pairs.textRows[pair]).toBe(dataset.catalog.size);
        const item = dataset.catalog.item(batch.labels[i]! - 1);
        const expected = mode === 'none' || item.categories.length === 0 ? vocabulary.size : critiqueRow(vocabulary, item.categories) - 1;
        expect(pairs.critiqueRows[pair]).toBe(expected);
        if (mode === 'precise' && item.categories.length) expect(vocabulary.paths[pairs.critiqueRows[pair]!]).toBe(categoryPath(item.categories, 4));
      });
    }
  });

  it('has finite gradients for every weight, learns on a real slice, and its bundle reproduces the scores', async () => {
    const { train, valid, test } = leaveOneOutCases(dataset.sequences);
    const config = resolveConfig({ model: 'flare', critique: 'precise', epochs: 6, batchSize: 16, learningRate: 3e-3, warmupSteps: 5, patience: 10, textTokens: 4, critiqueTokens: 2 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'precise');
    const model = modelConfigFor(config, dataset.catalog, vocabulary, features.dim);
    const params = initModelParams(model, 1);
    const batch = packedClozeBatch(train.map((s) => [s]), model, dataset.catalog, vocabulary, config, seededRandom(2));
    const { grads } = tf.variableGrads(() => lossOf(model, params, batch, { features, contrastive: config }));
    expect(Object.keys(grads).length).toBe(Object.keys(params).length);
    for (const [name, g] of Object.entries(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite), name).toBe(true);
    expect(Object.keys(params)).not.toContain('critique_embedding');

    const result = await trainModel(dataset.catalog, train, valid, config, { features });
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss - 0.3);

    const tables = inputTablesFor(result.model, result.params, dataset.catalog, result.vocabulary, features);
    const requests = test.slice(0, 4).map((c) => ({ history: c.history }));
    const critiqued = requests.map((r, i) => ({ ...r, critique: categoryPath(dataset.catalog.item(test[i]!.target).categories, 4) }));
    const before = await scoreItems(result.model, result.params, tables, result.vocabulary, [...requests, ...critiqued]);
    // The critique at the predicted position reaches the prediction.
    expect(before[0]!.some((v, j) => Math.abs(v - before[requests.length]![j]!) > 1e-4)).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'flarechat-flare-bundle-'));
    const weights = { ...result.params, [INPUT_TABLE_NAMES.items]: tables.items, [INPUT_TABLE_NAMES.critiques]: tables.critiques };
    await saveBundle(dir, { model: 'flare', config: result.model, critiqueMode: 'precise', critiquePaths: result.vocabulary.paths, encoder: { name: 'use-lite', version: 'test', dim: features.dim }, dataset: 'slice' }, weights, dataset.catalog);
    const loaded = await loadBundle(dir);
    const after = await loaded.scoreBatch([...requests, ...critiqued]);
    after.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(before[i]![j]!, 4)));

    // A critique in the user's own words goes through the bundle's encoder and the Perceiver: the lowercased text of
    // a catalog path is not a vocabulary key, yet must land on the same row the table holds for that path.
    const freeText = await loaded.scoreBatch(critiqued.map((r) => ({ ...r, critique: r.critique.toLowerCase() })));
    freeText.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(before[requests.length + i]![j]!, 3)));
    const wordy = await loaded.scoreBatch([{ ...requests[0]!, critique: 'something to measure temperature' }]);
    expect(wordy[0]!.some((v, j) => Math.abs(v - before[0]![j]!) > 1e-4)).toBe(true);
    loaded.dispose();

    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, encoder: { ...manifest.encoder, dim: 768 } }));
    const mismatched = await loadBundle(dir);
    await expect(mismatched.scoreBatch([{ ...requests[0]!, critique: 'something to measure temperature' }])).rejects.toThrow(/512-d token states, expected 768-d/);
    mismatched.dispose();
  });
});

describe('the Perceiver text context', () => {
  it('gives a pair without critique the same latents whether or not other pairs of the batch carry one', () => {
    const config = resolveConfig({ model: 'flare', critique: 'precise', dModel: 32, dHidden: 64, perceiverDim: 16, textTokens: 4, critiqueTokens: 2, dropout: 0 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'precise');
    const model = modelConfigFor(config, dataset.catalog, vocabulary, features.dim);
    const params = initModelParams(model, 9);
    const none = features.numCritiques;
    // Only pairs without critique: the critique slots are left out. With one critiqued pair: they are attended over, masked.
    const alone = textContext(model, model.flare!, params, features, [0, 1, 2], [none, none, none]);
    const mixed = textContext(model, model.flare!, params, features, [0, 1, 2], [none, 0, none]);
    const rows = (t: tf.Tensor, i: number) => Array.from(tf.slice(t, [i, 0], [1, -1]).dataSync());
    for (const i of [0, 2]) rows(alone, i).forEach((v, j) => expect(v).toBeCloseTo(rows(mixed, i)[j]!, 5));
    // The critiqued pair differs, so the comparison could fail.
    expect(Math.max(...rows(alone, 1).map((v, j) => Math.abs(v - rows(mixed, 1)[j]!)))).toBeGreaterThan(1e-4);
  });
});

describe('Flare with text at the output (outputText)', () => {
  it('learns, ranks by ID + text context, and its exported ONNX graph ranks as TF.js does', async () => {
    const { train, valid, test } = leaveOneOutCases(dataset.sequences);
    const config = resolveConfig({ model: 'flare', critique: 'none', outputText: true, dropout: 0, attentionDropout: 0, epochs: 4, batchSize: 16, learningRate: 3e-3, warmupSteps: 5, patience: 10, textTokens: 4, critiqueTokens: 2 });
    const vocabulary = critiqueVocabularyFor(dataset.catalog, 'none');
    const plain = (await catalogTextFeatures(dataset.catalog, vocabulary, { encoder: 'use-lite', maxTextTokens: 64, textTokens: 4, critiqueTokens: 2, cacheDir: mkdtempSync(join(tmpdir(), 'flarechat-outtext-')) }, () => {})).features;
    const result = await trainModel(dataset.catalog, train, valid, config, { features: plain });
    expect(result.model.flare?.outputText).toBe(true);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss - 0.3);

    const tables = inputTablesFor(result.model, result.params, dataset.catalog, result.vocabulary, plain);
    const requests = test.slice(0, 6).map((c) => ({ history: c.history }));
    const scores = await scoreItems(result.model, result.params, tables, result.vocabulary, requests);
    // The same model scored through the ID embedding alone ranks differently: the text really is in the output layer.
    const idOnly = await scoreItems({ ...result.model, flare: { ...result.model.flare!, outputText: false } }, result.params, tables, result.vocabulary, requests);
    expect(Math.max(...scores[0]!.map((v, j) => Math.abs(v - idOnly[0]![j]!)))).toBeGreaterThan(1e-3);

    const dir = mkdtempSync(join(tmpdir(), 'flarechat-outtext-bundle-'));
    const weights = { ...result.params, [INPUT_TABLE_NAMES.items]: tables.items, [INPUT_TABLE_NAMES.critiques]: tables.critiques };
    await saveBundle(dir, { model: 'flare', config: result.model, critiqueMode: 'none', critiquePaths: [], encoder: { name: 'use-lite', version: 'test', dim: plain.dim }, dataset: 'slice' }, weights, dataset.catalog);
    const tfjs = await loadBundle(dir, { onnx: false });
    const fromBundle = await tfjs.scoreBatch(requests);
    fromBundle.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(scores[i]![j]!, 4)));
    await exportOnnx(dir);
    const onnx = await loadBundle(dir);
    expect(onnx.backend.name).toMatch(/onnxruntime/);
    const queries = requests.map((r) => ({ history: Array.from(r.history), k: 10 }));
    const [a, b] = [await onnx.recommendBatch(queries), await tfjs.recommendBatch(queries)];
    a.forEach((answer, q) => {
      expect(answer.items.map((i) => i.index)).toEqual(b[q]!.items.map((i) => i.index));
      answer.items.forEach((item, i) => expect(Math.abs(item.score - b[q]!.items[i]!.score)).toBeLessThan(1e-4));
    });
    onnx.dispose();
    tfjs.dispose();
  });
});
