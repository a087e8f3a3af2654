import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { addItemsToBundle, AddItemsError } from '../../model/add-items.js';
import { loadBundleWeights, readBundleManifest } from '../../model/bundle.js';
import { verifyBundleFiles } from '../../model/bundle-files.js';
import type { Item } from '../../model/catalog.js';
import { UNSEEN_ITEM_EMBEDDING } from '../../model/flare.js';
import { INPUT_TABLE_NAMES } from '../../model/input-tables.js';
import { describeItemProblems, parseNewItemsJsonl } from '../../model/new-items.js';
import { exportOnnx } from '../../model/onnx/export-bundle.js';
import { loadBundle } from '../../model/recommend.js';
import { initBackend, tf } from '../../model/tf.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { runTraining } from '../../training/run-training.js';
import { DEMO_BUNDLE, tinyExportedBundle } from './onnx/exported-bundle.js';
import { flarechat } from '../support/run-cli.js';

const BEAKERS = ['Industrial & Scientific', 'Lab & Scientific Products', 'Glassware & Labware', 'Beakers'];
// A new variant of a beaker set the demo catalog has (Karter Scientific 213A2), as a shop would list it.
const newBeaker: Item = { id: 'NEW-BEAKER-1', title: 'Karter Scientific 213A9 Borosilicate Glass Griffin Low Form Beaker Set, 50/100/250/500/1000 mL (Pack of 5)', categories: BEAKERS, brand: 'Karter Scientific', price: 24.5 };
const newTape: Item = { id: 'NEW-TAPE-1', title: 'Gorilla Heavy Duty Duct Tape, 1.88 Inches x 35 Yards, Black', categories: ['Industrial & Scientific', 'Tapes, Adhesives & Sealants', 'Adhesive Tapes', 'Duct Tape'], brand: 'Gorilla' };
const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

/** A copy of the shipped demo bundle (a trained Flare model with the learned unseen-item embedding and model.onnx). */
function demoCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flarechat-add-demo-')), 'bundle');
  cpSync(DEMO_BUNDLE, dir, { recursive: true });
  return dir;
}

/** Rank (1 = first) of `target` for a history, everything but the history ranked. */
async function rankOf(dir: string, history: number[], target: number): Promise<number> {
  const model = await loadBundle(dir, { onnx: false });
  const row = (await model.scoreBatch([{ history }]))[0]!;
  model.dispose();
  return Array.from(row).filter((v, j) => v > row[target]! && !history.includes(j)).length + 1;
}

let trained: string;
beforeAll(async () => {
  await initBackend();
  // A tiny Flare bundle trained through `flarechat train`'s own code with the unseen-item embedding, then exported.
  const work = mkdtempSync(join(tmpdir(), 'flarechat-add-train-'));
  await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice'), join(work, 'data'), presetOptions('none'));
  process.env.FLARECHAT_DATA_DIR = join(work, 'state');
  trained = join(work, 'bundle');
  const overrides = { model: 'flare' as const, epochs: 1, dModel: 32, dHidden: 64, perceiverDim: 16, textTokens: 4, critiqueTokens: 2, maxTextTokens: 32, unseenItemRate: 0.2, evalUsers: 10 };
  await runTraining({ dataset: join(work, 'data'), out: trained, overrides, command: 'test', log: () => {} });
  await exportOnnx(trained);
});

describe('adding items to a trained Flare bundle', () => {
  it('appends them to the catalog, tables and output layer with the learned unseen ID, exports ONNX again, and still loads verified', async () => {
    const before = loadBundleWeights(trained);
    const n = before.catalog.size;
    expect(before.params[UNSEEN_ITEM_EMBEDDING]).toBeDefined();
    const result = await addItemsToBundle(trained, [newBeaker, newTape]);
    expect(result).toMatchObject({ added: 2, alreadyPresent: 0, idSource: 'unseen-embedding', outputScoring: 'nearest-text', numItems: n + 2, onnx: true });
    const after = loadBundleWeights(trained);
    // Integrity: every file (catalog, weights, model.onnx, the training report) listed with its current SHA-256.
    expect(verifyBundleFiles(trained, after.manifest)).toEqual([]);
    expect(Object.keys(after.manifest.files!)).toEqual(expect.arrayContaining(['catalog.jsonl', 'weights.bin', 'model.onnx', 'onnx.json', 'report.json']));
    expect(after.manifest.config.numItems).toBe(n + 2);
    expect(after.manifest.addedItems).toBe(2);
    expect(after.catalog.items.slice(n).map((i) => i.id)).toEqual(['NEW-BEAKER-1', 'NEW-TAPE-1']);
    expect(after.params.item_embedding!.shape[0]).toBe(n + 4);
    expect(after.params[INPUT_TABLE_NAMES.items]!.shape[0]).toBe(n + 4);
    // Trained rows and the [MASK] row unchanged, only moved past the new items.
    const rows = (t: tf.Tensor, from: number, count: number) => Array.from(tf.slice(t, [from, 0], [count, -1]).dataSync());
    expect(rows(after.params.item_embedding!, 0, n + 1)).toEqual(rows(before.params.item_embedding!, 0, n + 1));
    expect(rows(after.params[INPUT_TABLE_NAMES.items]!, n + 3, 1)).toEqual(rows(before.params[INPUT_TABLE_NAMES.items]!, n + 1, 1));
    // The new items differ from each other: their text tells them apart.
    const [beaker, tape] = [rows(after.params[INPUT_TABLE_NAMES.items]!, n + 1, 1), rows(after.params[INPUT_TABLE_NAMES.items]!, n + 2, 1)];
    expect(Math.max(...beaker.map((v, j) => Math.abs(v - tape[j]!)))).toBeGreaterThan(1e-3);
    // Loads with its checksums, the ONNX graph (exported again) ranks the new items as TF.js does.
    const onnx = await loadBundle(trained);
    const tfjs = await loadBundle(trained, { onnx: false });
    expect(onnx.backend.name).toMatch(/onnxruntime/);
    const query = { history: [0, 1, 2], k: n + 2 };
    const [a, b] = [(await onnx.recommend(query)).items, (await tfjs.recommend(query)).items];
    expect(a.map((i) => i.index)).toContain(n);
    const scoreOf = (list: typeof a, index: number) => list.find((i) => i.index === index)!.score;
    for (const index of [n, n + 1]) expect(Math.abs(scoreOf(a, index) - scoreOf(b, index))).toBeLessThan(1e-3);
    onnx.dispose();
    tfjs.dispose();
    before.params && Object.values(before.params).forEach((t) => t.dispose());
    Object.values(after.params).forEach((t) => t.dispose());
  });

  it('is idempotent: the same items again change nothing, not even the weights file', async () => {
    const weights = readFileSync(join(trained, 'weights.bin'));
    const manifest = readFileSync(join(trained, 'manifest.json'), 'utf8');
    const again = await addItemsToBundle(trained, [newBeaker, newTape]);
    expect(again).toMatchObject({ added: 0, alreadyPresent: 2 });
    expect(readFileSync(join(trained, 'weights.bin')).equals(weights)).toBe(true);
    expect(readFileSync(join(trained, 'manifest.json'), 'utf8')).toBe(manifest);
    await expect(addItemsToBundle(trained, [{ ...newTape, title: 'Another tape' }])).rejects.toThrow(/NEW-TAPE-1' is already in the catalog .* with other content/);
  });

  it('refuses a Bert4Rec* bundle and a bundle whose encoder cannot be opened, saying why', async () => {
    const bert4rec = await tinyExportedBundle();
    await expect(addItemsToBundle(bert4rec, [newTape])).rejects.toThrow(/is a Bert4Rec\* bundle: .*no text path/);
    const broken = join(mkdtempSync(join(tmpdir(), 'flarechat-add-enc-')), 'b');
    cpSync(trained, broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(broken, 'manifest.json'), 'utf8'));
    manifest.encoder.name = join(broken, 'no-such-encoder');
    writeFileSync(join(broken, 'manifest.json'), JSON.stringify(manifest));
    const error = await addItemsToBundle(broken, [{ ...newTape, id: 'NEW-TAPE-2' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AddItemsError);
    expect((error as Error).message).toMatch(/^cannot open the text encoder .*no-such-encoder that .* was trained with: /);
    expect((error as Error).message).not.toContain('\n');
    expect(readBundleManifest(broken).config.numItems).toBe(readBundleManifest(trained).config.numItems);
  });
});

describe('the items file', () => {
  it('counts every bad line with its number and refuses an id given twice', () => {
    const text = [JSON.stringify(newTape), '', '{"id": "x", "categories": []}', 'not json', JSON.stringify({ ...newBeaker, price: -1 }), JSON.stringify({ ...newTape, title: 'dup' })].join('\n');
    const parsed = parseNewItemsJsonl(text);
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(parsed.problems[0]!.message).toMatch(/^title: /);
    expect(parsed.duplicates).toEqual([{ id: 'NEW-TAPE-1', lines: [1, 6] }]);
    expect(describeItemProblems(parsed)).toMatch(/^3 lines fail validation \(line 3: title: .*; line 4: not valid JSON; line 5: price: price must be a number >= 0\); 1 id given more than once \('NEW-TAPE-1' at line 1, line 6\)$/);
  });

  it('flarechat add-items: a bad file is refused with one line and exit code 3, a good one added and reported', async () => {
    const dir = demoCopy();
    const bad = join(dir, '..', 'bad.jsonl');
    writeFileSync(bad, jsonl([newTape, { id: 'NEW-2', title: '' , categories: [] }]));
    const refused = await flarechat(['add-items', dir, bad]);
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/bad\.jsonl: 1 line fails validation \(line 2: title: title must be a non-empty string\); nothing was added/);
    const good = join(dir, '..', 'good.jsonl');
    writeFileSync(good, jsonl([newBeaker, newTape]));
    const added = await flarechat(['add-items', dir, good]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added 2 items \(4346 in the catalog now\)/);
    expect(verifyBundleFiles(dir, readBundleManifest(dir))).toEqual([]);
    // The shipped demo was trained with the unseen-item rate, so new items take its learned row as their ID part.
    expect(added.stdout).toMatch(/ID part: the learned unseen-item embedding/);
    const again = await flarechat(['add-items', dir, good]);
    // The bundle add-items wrote loads without an integrity warning.
    expect(again.stderr).not.toMatch(/warning/);
    expect(again.stdout).toMatch(/nothing added: all 2 items of .* are already in the catalog \(4346 items\)/);
    const b4r = await flarechat(['add-items', await tinyExportedBundle(), good]);
    expect(b4r.code).toBe(3);
    expect(b4r.stderr).toMatch(/is a Bert4Rec\* bundle: it ranks items only by the ID embeddings it trained and has no text path/);
  });
});

describe('a new item in the chat', () => {
  it('is recommended in a chat turn after adding it to the demo bundle: on the first page of 26 beakers after liking the set it is a variant of', async () => {
    const dir = demoCopy();
    await initBackend();
    await addItemsToBundle(dir, [newBeaker, newTape]);
    const recommender = await InProcessRecommender.open(dir);
    const engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-add-chat-')), 'sessions.sqlite')) });
    const say = (text: string) => engine.handle({ kind: 'text', userId: 'u1', text });
    const first = await say('beakers');
    const karter = first.items!.findIndex((i) => i.title.startsWith('Karter Scientific 213A2'));
    expect(karter, first.text).toBeGreaterThanOrEqual(0);
    await say(`like ${karter + 1}`);
    const reply = await say('recommend');
    expect(reply.items!.map((i) => i.title), reply.text).toContain(newBeaker.title);
    expect(reply.text).toContain('Karter Scientific 213A9 Borosilicate Glass Griffin Low Form Beaker Set');
  });

  it('ranks by its text: far higher after a history of beakers than after a history of tape', async () => {
    const dir = demoCopy();
    await addItemsToBundle(dir, [newBeaker, newTape]);
    const { catalog } = loadBundleWeights(dir);
    const like = (re: RegExp) => catalog.items.map((item, i) => [item, i] as const).filter(([item]) => re.test(item.title) && !item.id.startsWith('NEW')).slice(0, 4).map(([, i]) => i);
    const beakers = like(/beaker/i);
    const tapes = like(/duct tape/i);
    const beaker = catalog.indexOf(newBeaker.id)!;
    const tape = catalog.indexOf(newTape.id)!;
    expect(await rankOf(dir, beakers, beaker)).toBeLessThan((await rankOf(dir, tapes, beaker)) / 2);
    expect(await rankOf(dir, tapes, tape)).toBeLessThan((await rankOf(dir, beakers, tape)) / 2);
  });
});
