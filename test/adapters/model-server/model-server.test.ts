import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelServer } from '../../../adapters/model-server/model-server.js';
import { main } from '../../../cli/main.js';
import { loadBundle, type LoadedModel } from '../../../model/recommend.js';
import { exportedDemoBundle, tinyExportedBundle } from '../../model/onnx/exported-bundle.js';
import { metric, postJson, send, uploadZeros } from './http-helpers.js';
import { PATIENCE_MS } from '../../support/patience.js';
import { createLogger } from '../../../adapters/common/logger.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const TOKEN = 'test-token-0123456789';
const quiet = createLogger({ write: () => {} });
let model: LoadedModel;
let server: ModelServer;
let url: string;

/** The same model, each run taking `ms` longer: makes queueing and draining observable. */
const slowed = (inner: LoadedModel, ms: number): LoadedModel => ({
  ...inner,
  recommendBatch: async (queries) => {
    await new Promise((r) => setTimeout(r, ms));
    return inner.recommendBatch(queries);
  },
});

beforeAll(async () => {
  model = await loadBundle(await exportedDemoBundle());
  server = new ModelServer({ model, token: TOKEN, logger: quiet, batch: { windowMs: 10, maxBatch: 64, maxQueue: 512 } });
  url = await server.listen(0);
});
afterAll(async () => {
  await server.close();
  model.dispose();
});

describe('the model server on the demo bundle (onnxruntime)', () => {
  it('answers like the in-process model, with ids, titles, model and backend', async () => {
    const answer = await postJson(`${url}/v1/recommend`, { history: [12, model.catalog.item(400).id, 7], k: 5 }, TOKEN);
    expect(answer.status).toBe(200);
    const expected = await model.recommend({ history: [12, 400, 7], k: 5 });
    expect(answer.body.items).toEqual(expected.items.map(({ index, score }) => ({ index, id: model.catalog.item(index).id, title: model.catalog.item(index).title, score })));
    expect(answer.body.backend).toBe('onnxruntime cpu');
    expect(answer.body.model).toMatch(/4344 items/);
  });

  it('treats an empty history as a cold-start user: the model\'s popular items', async () => {
    const answer = await postJson(`${url}/v1/recommend`, { history: [] }, TOKEN);
    expect(answer.status).toBe(200);
    expect((answer.body.items as unknown[]).length).toBe(10);
    expect((answer.body.items as { index: number }[]).map((i) => i.index)).toEqual((await model.recommend({ history: [], k: 10 })).items.map((i) => i.index));
  });

  it('batches concurrent requests into fewer model runs, each answered with its own result', async () => {
    const before = metric((await send(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).body.text as string, 'flarechat_model_runs_total');
    const histories = Array.from({ length: 32 }, (_, i) => [i, i + 100, i * 7 + 1]);
    const answers = await Promise.all(histories.map((history) => postJson(`${url}/v1/recommend`, { history, k: 3 }, TOKEN)));
    const metrics = (await send(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).body.text as string;
    const runs = metric(metrics, 'flarechat_model_runs_total') - before;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThan(histories.length);
    for (const [i, history] of histories.entries()) {
      expect((answers[i]!.body.items as { index: number }[]).map((x) => x.index)).toEqual((await model.recommend({ history, k: 3 })).items.map((x) => x.index));
    }
    expect(metrics).toMatch(/flarechat_batch_size_bucket\{le="64"\} \d+/);
    expect(metrics).toMatch(/flarechat_http_requests_total\{route="\/v1\/recommend",code="200"\} \d+/);
    expect(metrics).toMatch(/flarechat_queue_depth 0/);
    expect(metrics).toMatch(/flarechat_recommend_duration_seconds_count \d+/);
  });

  it('rejects a missing or wrong bearer token with 401 and accepts the right one; /healthz needs none', async () => {
    expect((await postJson(`${url}/v1/recommend`, { history: [1] })).status).toBe(401);
    const wrong = await postJson(`${url}/v1/recommend`, { history: [1] }, 'test-token-0123456788');
    expect(wrong.status).toBe(401);
    expect(wrong.body.field).toBe('authorization');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await send(`${url}/metrics`, {})).status).toBe(401);
    expect((await postJson(`${url}/v1/recommend`, { history: [1] }, TOKEN)).status).toBe(200);
    const health = await send(`${url}/healthz`, {});
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', backend: 'onnxruntime cpu', items: 4344 });
  });

  it.each([
    ['an unknown item id', { history: [1, 'no-such-asin'] }, 400, 'history[1]'],
    ['an index outside the catalog', { history: [4344] }, 400, 'history[0]'],
    ['a non-integer index', { history: [1.5] }, 400, 'history[0]'],
    ['history that is not a list', { history: 'abc' }, 400, 'history'],
    ['a bad excluded item', { history: [1], exclude: [-1] }, 400, 'exclude[0]'],
    ['k of 0', { history: [1], k: 0 }, 400, 'k'],
    ['k of 10,000', { history: [1], k: 10_000 }, 400, 'k'],
    ['k that is not a number', { history: [1], k: '5' }, 400, 'k'],
    ['a critique of 5,000 characters', { history: [1], critique: 'x'.repeat(5000) }, 400, 'critique'],
    ['a critique that is not text', { history: [1], critique: 42 }, 400, 'critique'],
    ['a misspelt field', { histroy: [1] }, 400, 'histroy'],
    ['a JSON array body', [1, 2], 400, 'body'],
    ['malformed JSON', '{"history": [1,', 400, 'body'],
    ['an empty body', '', 400, 'body'],
  ])('answers %s with %i naming the field', async (_, body, status, field) => {
    const answer = await postJson(`${url}/v1/recommend`, body, TOKEN);
    expect(answer.status).toBe(status);
    expect(answer.body.field).toBe(field);
    expect(answer.body.error).toEqual(expect.any(String));
  });

  it('answers a 50 MB body with 413 without reading it all, with or without Content-Length', async () => {
    const size = 50 * 1024 * 1024;
    for (const chunked of [false, true]) {
      const answer = await uploadZeros(`${url}/v1/recommend`, size, chunked, TOKEN);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).field).toBe('body');
      expect(answer.sentWhenAnswered).toBeLessThan(size / 2);
    }
    expect((await postJson(`${url}/v1/recommend`, { history: [1] }, TOKEN)).status).toBe(200);
  });

  it('forgets a request whose client goes away in the middle of its body', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /v1/recommend HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 100\r\n\r\n{"history": [`);
    await vi.waitFor(() => expect(server.activeRequests).toBe(1), { timeout: PATIENCE_MS });
    socket.destroy();
    await vi.waitFor(() => expect(server.activeRequests).toBe(0), { timeout: PATIENCE_MS });
    expect((await postJson(`${url}/v1/recommend`, { history: [1] }, TOKEN)).status).toBe(200);
  });

  it('answers unknown routes with 404 and wrong methods with 405 (to a caller with the token: 401 first otherwise)', async () => {
    expect((await send(`${url}/v2/nothing`, {})).status).toBe(401);
    expect((await send(`${url}/v2/nothing`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const wrongMethod = await send(`${url}/v1/recommend`, { method: 'GET', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

describe('overload and shutdown', () => {
  it('answers 503 with Retry-After when the queue is full, and serves the rest', async () => {
    const tiny = new ModelServer({ model: slowed(model, 300), logger: quiet, batch: { windowMs: 1, maxBatch: 1, maxQueue: 2 }, retryAfterSeconds: 2 });
    const tinyUrl = await tiny.listen(0);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => postJson(`${tinyUrl}/v1/recommend`, { history: [i], k: 2 })));
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(3);
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    for (const a of refused) expect(a.headers.get('retry-after')).toBe('2');
    await tiny.close();
  });

  it('drains on close: requests already received are answered, new connections are refused', async () => {
    const draining = new ModelServer({ model: slowed(model, 150), logger: quiet, batch: { windowMs: 1, maxBatch: 4, maxQueue: 64 } });
    const drainUrl = await draining.listen(0);
    const pending = Array.from({ length: 6 }, (_, i) => postJson(`${drainUrl}/v1/recommend`, { history: [i], k: 2 }));
    await vi.waitFor(() => expect(draining.activeRequests).toBe(6), { timeout: PATIENCE_MS });
    const closing = draining.close();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await closing;
    await expect(fetch(`${drainUrl}/healthz`)).rejects.toThrow();
  });
});

describe('start-up errors', () => {
  it('flarechat serve refuses a corrupted model.onnx with a one-line error and exit code 3 (input)', async () => {
    const dir = await tinyExportedBundle();
    const bytes = readFileSync(join(dir, 'model.onnx'));
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(join(dir, 'model.onnx'), bytes);
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (errors.push(String(chunk)), true));
    const code = await main(['serve', '--bundle', dir, '--port', '0']).finally(() => spy.mockRestore());
    expect(code).toBe(3);
    expect(errors.join('')).toMatch(/^flarechat serve: .*model\.onnx is corrupt \(sha256 differs from onnx\.json\): run `flarechat export .*` again\n$/);
  });
});
