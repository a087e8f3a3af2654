import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/common/logger.js';
import { ModelServer } from '../../adapters/model-server/model-server.js';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { openRecommender } from '../../bot/open-recommender.js';
import { RemoteRecommender, RemoteRecommenderError } from '../../bot/remote-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { loadBundle, type LoadedModel } from '../../model/recommend.js';
import { DEMO_BUNDLE, exportedDemoBundle } from '../model/onnx/exported-bundle.js';

const TOKEN = 'remote-test-token';
const FILAMENT = 'Industrial & Scientific - Additive Manufacturing Products - 3D Printing Supplies - 3D Printing Filament';
let model: LoadedModel;
let server: ModelServer;
let url: string;
let inProcess: InProcessRecommender;

beforeAll(async () => {
  model = await loadBundle(await exportedDemoBundle());
  server = new ModelServer({ model, token: TOKEN, logger: createLogger({ write: () => {} }) });
  url = await server.listen(0);
  inProcess = await InProcessRecommender.open(DEMO_BUNDLE);
});
afterAll(async () => {
  await server.close();
  model.dispose();
  await inProcess.close();
});

/** A scripted stand-in server: the catalog, then the given answers to POST /v1/recommend in order. */
async function scriptedServer(answers: { status: number; headers?: Record<string, string>; body?: unknown; hang?: boolean }[]) {
  let calls = 0;
  const fake: Server = createServer((req, res) => {
    if (req.url === '/v1/catalog') return res.end(JSON.stringify({ model: 'fake', backend: 'none', maxK: 3, items: [{ id: 'a', title: 'A', categories: [] }, { id: 'b', title: 'B', categories: [] }] }));
    const answer = answers[Math.min(calls++, answers.length - 1)]!;
    if (answer.hang) return;
    res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, calls: () => calls, close: () => (fake.closeAllConnections(), new Promise((r) => fake.close(r))) };
}

describe('RemoteRecommender against a real model server on 127.0.0.1', () => {
  it('loads the catalog and returns the same items as the in-process model', async () => {
    const remote = await RemoteRecommender.open(url, { token: TOKEN });
    expect(remote.catalog.size).toBe(inProcess.catalog.size);
    expect(remote.catalog.item(17)).toEqual(inProcess.catalog.item(17));
    expect(remote.description).toMatch(/onnxruntime cpu.*via http:\/\/127\.0\.0\.1:/);
    const requests = [{ history: [3, 80, 1200], k: 10 }, { history: [], k: 10, critique: FILAMENT }, { history: [5, 6], k: 20, exclude: [57, 858] }];
    for (const request of requests) {
      const [a, b] = [await remote.recommend(request), await inProcess.recommend(request)];
      expect(a.items.map((i) => i.index)).toEqual(b.items.map((i) => i.index));
      a.items.forEach((item, i) => expect(Math.abs(item.score - b.items[i]!.score)).toBeLessThan(1e-4));
    }
  });

  it('asks for at most the server\'s maxK when the bot wants the whole catalog', async () => {
    const remote = await RemoteRecommender.open(url, { token: TOKEN });
    expect((await remote.recommend({ history: [1], k: remote.catalog.size })).items).toHaveLength(1000);
  });

  it('runs a ConversationEngine turn (recommend, then a critique) like the in-process bot', async () => {
    const remote = await RemoteRecommender.open(url, { token: TOKEN });
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-remote-'));
    const overServer = new ConversationEngine({ recommender: remote, store: new SqliteSessionStore(join(dir, 'remote.sqlite')) });
    const local = new ConversationEngine({ recommender: inProcess, store: new SqliteSessionStore(join(dir, 'local.sqlite')) });
    const first = await overServer.handle({ kind: 'text', userId: 'ada', text: 'recommend' });
    expect(first.items).toHaveLength(5);
    expect(first.items).toEqual((await local.handle({ kind: 'text', userId: 'ada', text: 'recommend' })).items);
    const steered = await overServer.handle({ kind: 'text', userId: 'ada', text: '3d printing filament instead' });
    expect(steered.critique?.path).toBe(FILAMENT);
    for (const item of steered.items!) expect(item.categoryPath.startsWith(FILAMENT)).toBe(true);
    await overServer.close();
    await local.close();
  });

  it('surfaces a refused request with the server\'s status and field, and a wrong token as 401', async () => {
    const remote = await RemoteRecommender.open(url, { token: TOKEN });
    await expect(remote.recommend({ history: [99_999], k: 5 })).rejects.toMatchObject({ status: 400, field: 'history[0]' });
    await expect(RemoteRecommender.open(url, { token: 'wrong' })).rejects.toMatchObject({ status: 401 });
  });

  it('openRecommender picks the server when FLARECHAT_MODEL_URL is set, else the bundle in process', async () => {
    const remote = await openRecommender({ FLARECHAT_MODEL_URL: url, FLARECHAT_MODEL_TOKEN: TOKEN });
    expect(remote).toBeInstanceOf(RemoteRecommender);
    const local = await openRecommender({}, { bundle: DEMO_BUNDLE });
    expect(local).toBeInstanceOf(InProcessRecommender);
    await local.close?.();
    await expect(openRecommender({ FLARECHAT_MODEL_URL: url, FLARECHAT_MODEL_TIMEOUT_MS: 'soon' })).rejects.toThrow(/FLARECHAT_MODEL_TIMEOUT_MS must be a positive whole number/);
  });
});

describe('RemoteRecommender retries and timeouts', () => {
  it('retries a 503 after its Retry-After, a bounded number of times', async () => {
    const fake = await scriptedServer([{ status: 503, headers: { 'Retry-After': '0' } }, { status: 503, headers: { 'Retry-After': '0' } }, { status: 200, body: { items: [{ index: 1, score: 2 }] } }]);
    const remote = await RemoteRecommender.open(fake.url, { retries: 3 });
    expect(await remote.recommend({ history: [], k: 1 })).toEqual({ items: [{ index: 1, score: 2 }] });
    expect(fake.calls()).toBe(3);
    await fake.close();

    const overloaded = await scriptedServer([{ status: 503, headers: { 'Retry-After': '0' }, body: { error: 'overloaded' } }]);
    const giving = await RemoteRecommender.open(overloaded.url, { retries: 2 });
    await expect(giving.recommend({ history: [], k: 1 })).rejects.toMatchObject({ status: 503 });
    expect(overloaded.calls()).toBe(3);
    await overloaded.close();
  });

  it('gives up on a server that does not answer within the timeout, and on one that is gone', async () => {
    const hanging = await scriptedServer([{ status: 200, hang: true }]);
    const remote = await RemoteRecommender.open(hanging.url, { timeoutMs: 200 });
    const started = performance.now();
    await expect(remote.recommend({ history: [], k: 1 })).rejects.toThrow(/did not answer POST \/v1\/recommend within 200 ms/);
    expect(performance.now() - started).toBeLessThan(2000);
    await hanging.close();

    await expect(RemoteRecommender.open(hanging.url, { retries: 2 })).rejects.toThrow(RemoteRecommenderError);
    await expect(RemoteRecommender.open(hanging.url, { retries: 2 })).rejects.toThrow(/cannot be reached/);
  });
});
