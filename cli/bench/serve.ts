import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initParams, type ModelConfig } from '../../model/bert4rec.js';
import { saveBundle } from '../../model/bundle.js';
import { Catalog, type Item } from '../../model/catalog.js';
import { exportOnnx } from '../../model/onnx/export-bundle.js';
import { DEFAULT_CANDIDATES, defaultScoringGraph, TWO_STAGE_MIN_ITEMS, type ScoringGraph } from '../../model/onnx/inference-graph.js';
import { loadBundle, type LoadedModel } from '../../model/recommend.js';
import { tf } from '../../model/tf.js';
import { seededRandom } from '../../training/random.js';
import { markdownTable, provenance, writeReport } from '../../training/report.js';

const TARGETS = { inProcessP50MsAt376k: 5, serverP99MsAt40kC64: 100 };
const CATALOGS = [5_000, 40_000, 376_000];
const CONCURRENCY = [1, 8, 64];
const K = 10;
const root = join(import.meta.dirname, '..', '..');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const label = (items: number) => `items${Math.round(items / 1000)}k`;
const graphName = (scoring: ScoringGraph) => (scoring.kind === 'exact' ? 'exact' : `two-stage (${scoring.candidates} candidates)`);

/** Random histories of 1..49 items (maxLength 50 keeps the last 49), uniform over the catalog. */
function historyMaker(items: number, seed: number) {
  const random = seededRandom(seed);
  return () => Array.from({ length: 1 + Math.floor(random() * 49) }, () => Math.floor(random() * items));
}

/** A `small` Bert4Rec (d 64, 2 layers, 2 heads, hidden 256, maxLength 50) with random weights (not exported yet). */
async function syntheticBundle(items: number, dir: string): Promise<void> {
  const catalog = new Catalog(Array.from({ length: items }, (_, i): Item => ({ id: `syn-${i}`, title: `Synthetic item ${i}`, categories: [] })));
  const config: ModelConfig = { numItems: items, numCritiqueTokens: 0, critiqueLevels: 0, maxLength: 50, dModel: 64, heads: 2, layers: 2, dHidden: 256 };
  const params = initParams(config, 1);
  await saveBundle(dir, { model: 'bert4rec', config, critiqueMode: 'none', critiquePaths: [], encoder: null, dataset: `synthetic-${items}` }, params, catalog);
  tf.dispose(Object.values(params));
}

/** Single-request latency, one after another (what one bot turn pays in process). */
async function inProcessLatency(model: LoadedModel, requests: number, seed: number) {
  const nextHistory = historyMaker(model.catalog.size, seed);
  for (let i = 0; i < Math.min(20, requests); i++) await model.recommend({ history: nextHistory(), k: K });
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const history = nextHistory();
    const started = performance.now();
    await model.recommend({ history, k: K });
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { requests, p50Ms: round(percentile(ms, 50), 3), p99Ms: round(percentile(ms, 99), 3) };
}

/** `flarechat serve` in a child process on a free port; resolves with its URL once it listens. */
function startServer(bundle: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'flarechat.js'), 'serve', '--bundle', bundle, '--port', '0'], { env: { ...process.env, FLARECHAT_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`flarechat serve exited with ${code} before listening:\n${out}`)));
  });
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/recommend`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `clients` closed-loop clients over keep-alive connections until `requests` are answered or `seconds` pass. */
async function load(url: string, items: number, clients: number, requests: number, seconds: number, seed: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const nextHistory = historyMaker(items, seed);
  const ms: number[] = [];
  const errors: Record<string, number> = {};
  const deadline = performance.now() + seconds * 1000;
  let issued = 0;
  const started = performance.now();
  const client = async () => {
    while (issued < requests && performance.now() < deadline) {
      issued++;
      const body = JSON.stringify({ history: nextHistory(), k: K });
      const t0 = performance.now();
      const status = await post(agent, url, body).catch((error: NodeJS.ErrnoException) => error.code ?? 'error');
      ms.push(performance.now() - t0);
      if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const wall = (performance.now() - started) / 1000;
  agent.destroy();
  ms.sort((a, b) => a - b);
  return { clients, requests: ms.length, seconds: round(wall), throughputPerSecond: round(ms.length / wall, 1), p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)), errors };
}

/** Model runs and requests run so far, from the server's /metrics. */
async function scrape(url: string): Promise<{ runs: number; batched: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1] ?? NaN);
  return { runs: value('flarechat_model_runs_total'), batched: value('flarechat_batch_size_sum') };
}

/** npm run bench:serve: in-process ONNX (and TF.js) latency and server throughput/latency on synthetic catalogs. */
export async function run(args: string[] = []): Promise<number> {
  const { values } = parseArgs({ args, options: { quick: { type: 'boolean' } } });
  const quick = Boolean(values.quick);
  const started = new Date();
  const loadBefore = loadavg()[0]!;
  const work = mkdtempSync(join(tmpdir(), 'flarechat-bench-serve-'));
  const inProcess: Record<string, Record<string, unknown>> = {};
  const server: Record<string, Record<string, unknown>> = {};
  let backends = { onnx: '', tfjs: '' };
  try {
    for (const items of CATALOGS) {
      const dir = join(work, label(items));
      const t0 = performance.now();
      await syntheticBundle(items, dir);
      process.stdout.write(`${label(items)}: bundle in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

      // Both graphs, the default one last so that the server below runs the export `flarechat export` would write.
      const chosen = defaultScoringGraph(items);
      const other: ScoringGraph = chosen.kind === 'exact' ? { kind: 'two-stage', candidates: DEFAULT_CANDIDATES } : { kind: 'exact' };
      const byGraph: Record<string, Record<string, unknown>> = {};
      for (const scoring of [other, chosen]) {
        const record = await exportOnnx(dir, undefined, scoring);
        const onnx = await loadBundle(dir);
        const latency = await inProcessLatency(onnx, quick ? 100 : 500, 11);
        onnx.dispose();
        backends.onnx = onnx.backend.name;
        byGraph[scoring.kind === 'exact' ? 'exact' : 'twoStage'] = { graph: graphName(scoring), modelMb: round(record.bytes / 1e6, 1), ...latency, loadAverage1m: round(loadavg()[0]!) };
        process.stdout.write(`  in process, ${graphName(scoring)}: p50 ${latency.p50Ms} ms p99 ${latency.p99Ms} ms (load ${round(loadavg()[0]!)})\n`);
      }
      const tfjs = await loadBundle(dir, { onnx: false });
      const tfLatency = await inProcessLatency(tfjs, quick ? 10 : 40, 11);
      tfjs.dispose();
      backends.tfjs = tfjs.backend.name;
      const defaultGraph = byGraph[chosen.kind === 'exact' ? 'exact' : 'twoStage']!;
      // p50Ms/p99Ms are the default graph's (what `flarechat export` writes for this catalog size).
      inProcess[label(items)] = { graph: defaultGraph.graph, requests: defaultGraph.requests, p50Ms: defaultGraph.p50Ms, p99Ms: defaultGraph.p99Ms, ...byGraph, tfjs: tfLatency };
      process.stdout.write(`  in process: tfjs p50 ${tfLatency.p50Ms} ms\n`);

      const { url, child } = await startServer(dir);
      try {
        await load(url, items, 8, 200, 5, 3);
        const byClients: Record<string, unknown> = {};
        for (const clients of CONCURRENCY) {
          const before = await scrape(url);
          const result = await load(url, items, clients, quick ? 300 : clients === 1 ? 1000 : 3000, quick ? 4 : 15, 100 + clients);
          const after = await scrape(url);
          const runs = after.runs - before.runs;
          byClients[`c${clients}`] = { ...result, modelRuns: runs, meanBatch: round((after.batched - before.batched) / Math.max(1, runs), 1) };
          process.stdout.write(`  server c${clients}: ${result.throughputPerSecond}/s p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms errors ${JSON.stringify(result.errors)} mean batch ${(byClients[`c${clients}`] as { meanBatch: number }).meanBatch}\n`);
        }
        server[label(items)] = byClients;
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const at376 = inProcess.items376k as { p50Ms: number };
  const at40c64 = (server.items40k as Record<string, { p99Ms: number; errors: Record<string, number> }>).c64!;
  const verdict = {
    inProcessP50At376k: at376.p50Ms < TARGETS.inProcessP50MsAt376k ? 'met' : 'missed',
    serverP99At40kC64: at40c64.p99Ms < TARGETS.serverP99MsAt40kC64 && Object.keys(at40c64.errors).length === 0 ? 'met' : 'missed',
  };
  const run = provenance(`npm run bench:serve${quick ? ' -- --quick' : ''}`, `${backends.onnx} (reference: ${backends.tfjs})`, 1, started);
  // Other jobs on these cores skew every figure: the 1-minute load average is recorded beside them.
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadAverage1m: { start: round(loadBefore), end: round(loadavg()[0]!) } };
  type Latency = { graph: string; p50Ms: number; p99Ms: number; modelMb: number; loadAverage1m: number };
  const inRows = Object.entries(inProcess).map(([name, r]) => {
    const row = r as { graph: string; exact: Latency; twoStage: Latency; tfjs: { p50Ms: number; p99Ms: number } };
    return [name, row.graph, row.exact.p50Ms, row.exact.p99Ms, row.twoStage.p50Ms, row.twoStage.p99Ms, row.tfjs.p50Ms, row.tfjs.p99Ms, `${row.exact.modelMb} / ${row.twoStage.modelMb}`, `${row.exact.loadAverage1m} / ${row.twoStage.loadAverage1m}`];
  });
  const serverRows = Object.entries(server).flatMap(([name, byClients]) =>
    Object.values(byClients as Record<string, { clients: number; requests: number; throughputPerSecond: number; p50Ms: number; p99Ms: number; errors: Record<string, number>; meanBatch: number }>).map((r) => [
      name, (inProcess[name] as { graph: string }).graph, r.clients, r.requests, r.throughputPerSecond, r.p50Ms, r.p99Ms, r.meanBatch, Object.keys(r.errors).length ? JSON.stringify(r.errors) : '0',
    ]),
  );
  writeReport(
    'reports',
    'bench-serve',
    { run, machine, model: 'bert4rec small, random weights (d 64, 2 layers, 2 heads, hidden 256, maxLength 50), k 10, histories of 1-49 random items', targets: TARGETS, verdict, inProcess, server },
    [
      '# bench:serve — ONNX Runtime serving',
      '',
      `Synthetic \`small\` Bert4Rec bundles with random weights (d 64, 2 layers, 2 heads, hidden 256, maxLength 50), exported with \`flarechat export\`; top-${K} for histories of 1-49 random items. ${machine.cores} cores (${machine.cpu}), no GPU; ${run.node}; commit ${run.gitCommit}${run.gitDirty ? ' (dirty)' : ''}. 1-minute load average ${machine.loadAverage1m.start} at the start, ${machine.loadAverage1m.end} at the end (${machine.cores} would be a fully busy machine).`,
      '',
      `**In process at 376k items (default graph: ${(at376 as { graph?: string }).graph}): p50 ${at376.p50Ms} ms** (target < ${TARGETS.inProcessP50MsAt376k} ms: ${verdict.inProcessP50At376k}). **Server at 40k items, 64 clients: p99 ${at40c64.p99Ms} ms, errors ${JSON.stringify(at40c64.errors)}** (target < ${TARGETS.serverP99MsAt40kC64} ms, no errors: ${verdict.serverP99At40kC64}).`,
      '',
      `## In process, one request at a time (${backends.onnx}; TF.js ${backends.tfjs} for reference)`,
      '',
      `Both exported graphs at every size: \`exact\` (float32 logits of every item, then top-${K}) and \`two-stage\` (int8 logits of every item with per-item scales, the best ${DEFAULT_CANDIDATES} rescored in float32, then top-${K}). \`flarechat export\` picks two-stage above ${TWO_STAGE_MIN_ITEMS.toLocaleString('en')} items and records which in onnx.json. Load is the 1-minute load average after each graph's run.`,
      '',
      markdownTable(['catalog', 'default graph', 'exact p50 ms', 'exact p99 ms', 'two-stage p50 ms', 'two-stage p99 ms', 'tfjs p50 ms', 'tfjs p99 ms', 'model.onnx MB (exact / two-stage)', 'load (exact / two-stage)'], inRows, 2),
      '',
      '## Through `flarechat serve` on 127.0.0.1 (default graph; closed-loop clients, keep-alive, micro-batching window 2 ms, max batch 64)',
      '',
      'The load generator runs on the same two cores as the server.',
      '',
      markdownTable(['catalog', 'graph', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'mean batch', 'errors'], serverRows, 1),
    ].join('\n'),
  );
  process.stdout.write(`in process 376k p50 ${at376.p50Ms} ms; server 40k c64 p99 ${at40c64.p99Ms} ms (reports/bench-serve.md)\n`);
  return 0;
}
