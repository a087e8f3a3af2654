import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../adapters/common/logger.js';
import { ModelServer } from '../../../adapters/model-server/model-server.js';
import { loadBundleWeights } from '../../../model/bundle.js';
import { verifyBundleFiles } from '../../../model/bundle-files.js';
import { loadBundle } from '../../../model/recommend.js';
import { DEMO_BUNDLE } from '../../model/onnx/exported-bundle.js';
import { postJson, send } from './http-helpers.js';

const TOKEN = 'items-test-token';
const BEAKERS = ['Industrial & Scientific', 'Lab & Scientific Products', 'Glassware & Labware', 'Beakers'];
const newBeaker = { id: 'NEW-BEAKER-1', title: 'Karter Scientific 213A9 Borosilicate Glass Griffin Low Form Beaker Set, 50/100/250/500/1000 mL (Pack of 5)', categories: BEAKERS, brand: 'Karter Scientific', price: 24.5 };
const newTape = { id: 'NEW-TAPE-1', title: 'Gorilla Heavy Duty Duct Tape, 1.88 Inches x 35 Yards, Black', categories: ['Industrial & Scientific', 'Tapes, Adhesives & Sealants', 'Adhesive Tapes', 'Duct Tape'], brand: 'Gorilla' };

let dir: string;
let server: ModelServer;
let url: string;
beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'flarechat-items-server-')), 'bundle');
  cpSync(DEMO_BUNDLE, dir, { recursive: true });
  server = new ModelServer({ model: await loadBundle(dir), itemsBundle: dir, token: TOKEN, logger: createLogger({ write: () => {} }), batch: { windowMs: 2, maxBatch: 64, maxQueue: 512 } });
  url = await server.listen(0);
});
afterAll(async () => {
  await server.close(1000);
  server.currentModel.dispose();
});

describe('POST /v1/items', () => {
  it('needs the bearer token and refuses bad entries by name, adding nothing', async () => {
    expect((await postJson(`${url}/v1/items`, { items: [newTape] })).status).toBe(401);
    const bad = await postJson(`${url}/v1/items`, { items: [newTape, { id: 'x', title: '', categories: [] }, newTape] }, TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('items[1]');
    expect(bad.body.error).toBe("1 entry fails validation (items[1]: title: title must be a non-empty string); 1 id given more than once ('NEW-TAPE-1' at items[0], items[2]); nothing was added");
    expect((await postJson(`${url}/v1/items`, { things: [] }, TOKEN)).body.error).toMatch(/unknown field 'things'/);
    expect((await send(`${url}/healthz`, {})).body.items).toBe(4344);
  });

  it('adds items while concurrent recommendations keep being answered, and recommends them right after the 200', async () => {
    const karter = loadBundleWeights(dir).catalog.items.findIndex((i) => i.title.startsWith('Karter Scientific 213A2'));
    const query = { history: [karter], critique: BEAKERS.join(' - '), k: 10 };
    const before = await postJson(`${url}/v1/recommend`, { history: [newBeaker.id] }, TOKEN);
    expect(before.status).toBe(400);
    // Three clients recommend in a loop for as long as the addition runs.
    let adding = true;
    const statuses: number[] = [];
    let answeredWhileAdding = 0;
    const client = async () => {
      while (adding) {
        const answer = await postJson(`${url}/v1/recommend`, query, TOKEN);
        statuses.push(answer.status);
        if (adding) answeredWhileAdding++;
      }
    };
    const clients = [client(), client(), client()];
    const added = await postJson(`${url}/v1/items`, { items: [newBeaker, newTape] }, TOKEN);
    const after = await postJson(`${url}/v1/recommend`, query, TOKEN);
    adding = false;
    await Promise.all(clients);
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ added: 2, alreadyPresent: 0, items: 4346, idSource: 'unseen-embedding', outputScoring: 'nearest-text' });
    expect(statuses.length).toBeGreaterThan(0);
    expect(answeredWhileAdding).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Right after the 200: the new beaker set is among the ten a Karter beaker buyer asking for beakers gets.
    expect(after.status).toBe(200);
    expect((after.body.items as { id: string }[]).map((i) => i.id)).toContain(newBeaker.id);
    expect((await postJson(`${url}/v1/recommend`, { history: [newBeaker.id], k: 3 }, TOKEN)).status).toBe(200);
    expect((await send(`${url}/healthz`, {})).body.items).toBe(4346);
    expect((await send(`${url}/v1/catalog`, { headers: { Authorization: `Bearer ${TOKEN}` } })).body.items as unknown[]).toHaveLength(4346);
    // What the server wrote is a verified bundle: a restart loads it.
    const written = loadBundleWeights(dir);
    expect(written.catalog.size).toBe(4346);
    expect(verifyBundleFiles(dir, written.manifest)).toEqual([]);
    Object.values(written.params).forEach((t) => t.dispose());
  });

  it('is idempotent, and refuses changing an existing item', async () => {
    const again = await postJson(`${url}/v1/items`, { items: [newBeaker] }, TOKEN);
    expect(again.body).toMatchObject({ added: 0, alreadyPresent: 1, items: 4346 });
    const changed = await postJson(`${url}/v1/items`, { items: [{ ...newTape, title: 'Other tape' }] }, TOKEN);
    expect(changed.status).toBe(400);
    expect(changed.body.error).toMatch(/'NEW-TAPE-1' is already in the catalog .* with other content/);
  });

  it('is refused by a server not given a bundle folder to write (the shipped demo stays read-only)', async () => {
    const readOnly = new ModelServer({ model: await loadBundle(DEMO_BUNDLE), logger: createLogger({ write: () => {} }) });
    const base = await readOnly.listen(0);
    const answer = await postJson(`${base}/v1/items`, { items: [newTape] });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/read-only\): serve a copy with --bundle <dir>$/);
    await readOnly.close(1000);
    readOnly.currentModel.dispose();
  });
});
