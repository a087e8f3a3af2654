import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ModelConfig, Params } from '../../model/bert4rec.js';
import { Catalog, type Item } from '../../model/catalog.js';
import { flareFeatures } from '../../model/flare.js';
import { backendLine, initBackend, tf } from '../../model/tf.js';
import { seededRandom } from '../../training/random.js';
import { DataParallelTrainer, type StepTiming } from '../../training/parallel/trainer.js';
import { markdownTable, provenance, writeReport } from '../../training/report.js';
import { clozeBatch, type ClozeBatch } from '../../training/batches.js';
import { critiqueVocabularyFor, initModelParams, modelConfigFor } from '../../training/models.js';
import { resolveConfig } from '../../training/config.js';
import { trainingStep } from '../../training/step.js';
import type { LossContext } from '../../training/loss.js';
import { FlatAdam } from '../../training/flat-adam.js';

/** PyTorch 1.13 on this CPU: the small Bert4Rec (2 layers, d 64, 10k items, batch 64x50) trains at ~630 sequences/s. */
const REFERENCE_SEQUENCES_PER_SECOND = 630;
const BATCH = 64;
const LENGTH = 50;
const MEMORY_ITEMS = 376_000;
const MACHINE_MEMORY_MIB = 24 * 1024;

/** A synthetic training job: the small preset on a catalog of `items`, batches of 64 random sequences of 50. */
interface Workload {
  model: ModelConfig;
  params: Params;
  context: LossContext;
  /** The gradient clipping training applies (its cost is part of a step). */
  clipNorm: number;
  nextBatch: () => ClozeBatch;
}

function bert4recWorkload(items: number): Workload {
  const catalog = new Catalog(Array.from({ length: items }, (_, i): Item => ({ id: String(i), title: `item ${i}`, categories: [] })));
  const config = resolveConfig({ preset: 'small', batchSize: BATCH, maxLength: LENGTH });
  const vocabulary = critiqueVocabularyFor(catalog, 'none');
  const model = modelConfigFor(config, catalog, vocabulary);
  const random = seededRandom(5);
  const sequences = Array.from({ length: BATCH }, () => Int32Array.from({ length: LENGTH }, () => Math.floor(random() ** 2 * items)));
  return { model, params: initModelParams(model, 1), context: {}, clipNorm: config.gradientClip, nextBatch: () => clozeBatch(sequences, model, catalog, vocabulary, config, random) };
}

/** Flare with precise critiques and random frozen text states: [items, 8, 512] item texts, [paths, 4, 512] critiques. */
function flareWorkload(items: number): Workload {
  const catalog = new Catalog(Array.from({ length: items }, (_, i): Item => ({ id: String(i), title: `item ${i}`, categories: ['Industrial', `Group ${i % 16}`, `Family ${i % 128}`, `Kind ${i % 512}`] })));
  const config = resolveConfig({ preset: 'small', model: 'flare', critique: 'precise', batchSize: BATCH, maxLength: LENGTH });
  const vocabulary = critiqueVocabularyFor(catalog, 'precise');
  const random = seededRandom(7);
  const table = (count: number, tokens: number) => ({
    count,
    tokens,
    dim: 512,
    states: Float32Array.from({ length: count * tokens * 512 }, () => random() * 2 - 1),
    mask: new Uint8Array(count * tokens).fill(1),
  });
  const features = flareFeatures(table(items, config.textTokens), table(vocabulary.size, config.critiqueTokens));
  const model = modelConfigFor(config, catalog, vocabulary, features.dim);
  const sequences = Array.from({ length: BATCH }, () => Int32Array.from({ length: LENGTH }, () => Math.floor(random() ** 2 * items)));
  return { model, params: initModelParams(model, 1, { contrastiveProjection: config.contrastiveProjection }), context: { features, contrastive: config }, clipNorm: config.gradientClip, nextBatch: () => clozeBatch(sequences, model, catalog, vocabulary, config, random) };
}

interface Throughput {
  items: number;
  workers: number;
  steps: number;
  seconds: number;
  sequencesPerSecond: number;
  tokensPerSecond: number;
  /** CPU time of the whole process (every thread) over the timed steps: load-independent, unlike wall time. */
  cpuSeconds: number;
  sequencesPerCpuSecond: number;
  /** cpuSeconds / seconds: how many cores the run really got (2 workers can only use 2 if nothing else runs). */
  coresUsed: number;
  /** Single process: tf.profile of one step, by kernel. */
  topKernels?: { kernel: string; ms: number }[];
  /** Single process: kernel launches in one step (each costs tens of microseconds on wasm, whatever its size). */
  kernelsPerStep?: number;
  /** Workers: mean seconds a step spends computing (slowest replica), messaging, and summing gradients. */
  stepBreakdown?: StepTiming;
}

async function profileOneStep(step: () => Promise<number>): Promise<{ top: { kernel: string; ms: number }[]; launches: number }> {
  const info = await tf.profile(async () => {
    await step();
  });
  const byKernel = new Map<string, number>();
  // 'forward' is the wrapper of a customGrad op: its time is that of the kernels inside it, already counted.
  for (const k of info.kernels) if (k.name !== 'forward') byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
  const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([kernel, ms]) => ({ kernel, ms: Math.round(ms * 10) / 10 }));
  return { top, launches: info.kernels.filter((k) => k.name !== 'forward').length };
}

/** Steps per second of Adam training, in this thread (workers 1, the trainingStep path) or on worker threads. */
async function measure(workload: Workload, items: number, steps: number, workers: number): Promise<Throughput> {
  const { model, params, context } = workload;
  const optimizer = new FlatAdam(1e-3, 0.9, 0.999, 1e-8);
  const trainer = workers > 1 ? await DataParallelTrainer.start({ model, params, optimizer, workers, context }) : undefined;
  const breakdown: StepTiming = { computeSeconds: 0, waitSeconds: 0, reduceSeconds: 0 };
  const step = async () => (trainer ? trainer.step(workload.nextBatch(), 1e-3, undefined, workload.clipNorm) : trainingStep(model, params, optimizer, workload.nextBatch(), context, 1e-3, undefined, workload.clipNorm));
  try {
    for (let i = 0; i < 3; i++) await step();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < steps; i++) {
      await step();
      if (trainer) for (const key of Object.keys(breakdown) as (keyof StepTiming)[]) breakdown[key] += trainer.lastStepTiming[key] / steps;
    }
    // The replicas apply the last update after step() returns: wait for it, as a single process would have.
    if (trainer) await trainer.replicaChecksums();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const sequencesPerSecond = (steps * BATCH) / seconds;
    const result: Throughput = { items, workers, steps, seconds, sequencesPerSecond, tokensPerSecond: sequencesPerSecond * LENGTH, cpuSeconds, sequencesPerCpuSecond: (steps * BATCH) / cpuSeconds, coresUsed: cpuSeconds / seconds };
    if (trainer) result.stepBreakdown = breakdown;
    else {
      const profile = await profileOneStep(step);
      result.topKernels = profile.top;
      result.kernelsPerStep = profile.launches;
    }
    return result;
  } finally {
    await trainer?.close();
    Object.values(params).forEach((p) => p.dispose());
    optimizer.dispose();
  }
}

interface MemoryProbe {
  items: number;
  workers: number;
  completedSteps: number;
  secondsPerStep?: number;
  /** Peak resident memory of the whole process (main thread, workers, wasm heaps, shared gradient buffers). */
  peakMiB: number;
  error?: string;
}

/** Child-process side: a few training steps on a large synthetic catalog, then the process's peak RSS on stdout. */
async function memoryProbe(items: number, workers: number, steps: number): Promise<MemoryProbe> {
  const workload = bert4recWorkload(items);
  const probe: MemoryProbe = { items, workers, completedSteps: 0, peakMiB: 0 };
  const started = performance.now();
  try {
    const optimizer = new FlatAdam(1e-3, 0.9, 0.999, 1e-8);
    const trainer = workers > 1 ? await DataParallelTrainer.start({ model: workload.model, params: workload.params, optimizer, workers, context: {} }) : undefined;
    const stepsStarted = performance.now();
    for (let i = 0; i < steps; i++) {
      await (trainer ? trainer.step(workload.nextBatch(), 1e-3, undefined, workload.clipNorm) : trainingStep(workload.model, workload.params, optimizer, workload.nextBatch(), {}, 1e-3, undefined, workload.clipNorm));
      probe.completedSteps++;
    }
    if (trainer) await trainer.replicaChecksums();
    probe.secondsPerStep = (performance.now() - stepsStarted) / 1000 / steps;
    await trainer?.close();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    // A failed wasm malloc surfaces as an out-of-bounds access: name the cause.
    probe.error = /out of bounds|Aborted/.test(message) ? `wasm heap exhausted (4 GiB limit): ${message}` : message;
  }
  probe.peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`memory probe: ${items} items, ${workers} worker(s), ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return probe;
}

/** The child process's entry: the probe's result as one JSON line on stdout. */
export async function memoryProbeChild(items: number, workers: number, steps: number): Promise<void> {
  await initBackend();
  process.stdout.write(JSON.stringify(await memoryProbe(items, workers, steps)) + '\n');
}

/** Runs the probe in a fresh process (peak RSS is per process) that loads only this module, through tsx. */
function runMemoryProbe(items: number, workers: number, steps: number): Promise<MemoryProbe> {
  const script = `const { memoryProbeChild } = await import(${JSON.stringify(import.meta.url)}); await memoryProbeChild(${items}, ${workers}, ${steps});`;
  const args = ['--import', 'tsx', '--input-type=module', '--eval', script];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24, cwd: fileURLToPath(new URL('../..', import.meta.url)) }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as MemoryProbe);
      } catch {
        // A wasm abort can kill the child before it reports: the whole step then did not fit.
        resolve({ items, workers, completedSteps: 0, peakMiB: Number.NaN, error: `probe process failed: ${(error?.message ?? stderr).split('\n')[0]}` });
      }
    });
  });
}

const ratio = (r: Throughput) => r.sequencesPerSecond / REFERENCE_SEQUENCES_PER_SECOND;
const load = () => loadavg().map((l) => Math.round(l * 100) / 100);

/** npm run bench:train: training throughput of the small preset at 10k and 40k items (batch 64 x 50), 1 and 2 workers. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { steps: { type: 'string', default: '20' }, workers: { type: 'string', default: '2' } } });
  const steps = Number(values.steps);
  const workers = Number(values.workers);
  const backend = await initBackend();
  const started = new Date();
  const loadBefore = load();
  process.stderr.write(`${backendLine(backend)}\nload average ${loadBefore.join(' ')}\n`);
  const log = (label: string, r: Throughput) =>
    process.stderr.write(`${label}, ${r.items} items, ${r.workers} worker(s): ${r.sequencesPerSecond.toFixed(1)} seq/s, ${r.sequencesPerCpuSecond.toFixed(1)} seq per CPU-second, ${r.coresUsed.toFixed(2)} cores (load ${load()[0]})\n`);
  const results: Throughput[] = [];
  for (const items of [10_000, 40_000]) {
    for (const w of [1, workers]) {
      const r = await measure(bert4recWorkload(items), items, steps, w);
      log('bert4rec', r);
      results.push(r);
    }
  }
  const flare: Throughput[] = [];
  for (const w of [1, workers]) {
    const r = await measure(flareWorkload(10_000), 10_000, Math.max(5, Math.round(steps / 2)), w);
    log('flare', r);
    flare.push(r);
  }
  const memoryRuns = [await runMemoryProbe(MEMORY_ITEMS, 1, 3), await runMemoryProbe(MEMORY_ITEMS, workers, 3)];
  const fitting = memoryRuns.filter((m) => !m.error);
  const memoryBest = fitting.length ? fitting.reduce((a, b) => (a.peakMiB <= b.peakMiB ? a : b)) : memoryRuns[memoryRuns.length - 1]!;
  const at10k = results.filter((r) => r.items === 10_000);
  const single10k = at10k.find((r) => r.workers === 1)!;
  const parallel10k = at10k.find((r) => r.workers === workers)!;
  const single40k = results.find((r) => r.items === 40_000 && r.workers === 1)!;
  const parallel40k = results.find((r) => r.items === 40_000 && r.workers === workers)!;
  const best10k = at10k.reduce((a, b) => (a.sequencesPerSecond >= b.sequencesPerSecond ? a : b));
  const ratioToReference = ratio(best10k);
  const loadAfter = load();
  const run = provenance(`npm run bench:train -- --steps ${steps} --workers ${workers}`, backend.name, 1, started);
  const verdict = memoryBest.error ? `does not train: ${memoryBest.error}` : `${(memoryBest.peakMiB / 1024).toFixed(1)} GiB peak, fits in ${MACHINE_MEMORY_MIB / 1024} GiB (${workers > 1 && memoryBest.workers > 1 ? `${memoryBest.workers} workers` : 'one process'})`;
  const json = {
    run,
    loadAverage: { before: loadBefore, after: loadAfter, cores: 2 },
    referenceSequencesPerSecond: REFERENCE_SEQUENCES_PER_SECOND,
    ratioToReference,
    bestConfiguration: { workers: best10k.workers },
    ratioSingleProcess: ratio(single10k),
    ratioWorkers: ratio(parallel10k),
    speedupWorkers: parallel10k.sequencesPerSecond / single10k.sequencesPerSecond,
    results,
    flare: { items: 10_000, textStates: [10_000, 8, 512], results: flare },
    memory: { items376k: { peakMiB: memoryBest.peakMiB, workers: memoryBest.workers, machineMiB: MACHINE_MEMORY_MIB, fits: !memoryBest.error && memoryBest.peakMiB < MACHINE_MEMORY_MIB, verdict, runs: memoryRuns } },
  };
  const mib = (m: MemoryProbe) => (Number.isFinite(m.peakMiB) ? m.peakMiB : undefined);
  const breakdown = (r: Throughput) => (r.stepBreakdown ? `${(r.stepBreakdown.computeSeconds * 1000).toFixed(0)} / ${(r.stepBreakdown.waitSeconds * 1000).toFixed(0)} / ${(r.stepBreakdown.reduceSeconds * 1000).toFixed(1)}` : undefined);
  const markdown = [
    '# bench:train — training throughput, small preset (2 layers, 2 heads, d 64, hidden 256), batch 64 x 50',
    '',
    `Backend ${backend.name}; ${workers} workers = data-parallel worker threads (training/parallel), one wasm backend each. Commit ${run.gitCommit}${run.gitDirty ? ' (dirty tree)' : ''}.`,
    `Machine: 2 cores; load average (1/5/15 min) ${loadBefore.join(' / ')} before, ${loadAfter.join(' / ')} after: other jobs share the cores, so figures under load are lower bounds.`,
    '',
    '## Bert4Rec*',
    '',
    markdownTable(
      ['items', 'workers', 'sequences/s', 'tokens/s', 'ratio to PyTorch 1.13 CPU (630 seq/s)', 'cores used', 'sequences per CPU-second', 'step ms: compute / messaging / sum'],
      results.map((r) => [r.items, r.workers, r.sequencesPerSecond, r.tokensPerSecond, ratio(r), r.coresUsed, r.sequencesPerCpuSecond, breakdown(r)]),
      2,
    ),
    '',
    `**ratioToReference (10k items, best configuration: ${best10k.workers} worker${best10k.workers > 1 ? 's' : ''}): ${ratioToReference.toFixed(3)}** (one process ${ratio(single10k).toFixed(3)}, ${workers} workers ${ratio(parallel10k).toFixed(3)}, speed-up ${json.speedupWorkers.toFixed(2)}x)`,
    '',
    '## Flare (Perceiver over random [10k, 8, 512] item-text states and precise-critique states, InfoNCE on)',
    '',
    markdownTable(['items', 'workers', 'sequences/s', 'tokens/s', 'cores used', 'sequences per CPU-second', 'step ms: compute / messaging / sum'], flare.map((r) => [r.items, r.workers, r.sequencesPerSecond, r.tokensPerSecond, r.coresUsed, r.sequencesPerCpuSecond, breakdown(r)]), 2),
    '',
    `## Memory: the small preset on a ${MEMORY_ITEMS.toLocaleString('en')}-item catalog (3 steps, peak RSS of a fresh process)`,
    '',
    markdownTable(['workers', 'steps done', 's/step', 'peak MiB', 'outcome'], memoryRuns.map((m) => [m.workers, m.completedSteps, m.secondsPerStep, mib(m), m.error ?? 'trains'])), 
    '',
    `**memory.items376k: ${verdict}.** One process runs the whole batch's [480 positions, 376k items] logits and their softmax gradient (about 720 MB each, several alive at once) in one wasm heap, which cannot grow past 4 GiB. The data-parallel trainer splits each replica's positions into micro-batches whose [positions, items] tensors stay under 128 MiB and sums their gradients, so the same batch fits.`,
    '',
    '## What limits it',
    '',
    `One step in one process (tf.profile, 10k items), by kernel (customGrad wrappers left out: their time is that of the kernels inside); ${single10k.kernelsPerStep} kernel launches in the step. Adam, gradient clipping and weight decay run as one host pass over every weight (training/flat-adam.ts, not ~14 launches a weight), and the tensors autodiff keeps for the backward pass share their data instead of being copied by the wasm Identity kernel:`,
    '',
    markdownTable(['kernel', 'ms'], single10k.topKernels!.map((k) => [k.kernel, k.ms]), 1),
    '',
    'Matrix products dominate: the tied output layer ([480, 64] x [64, V] and its two gradients, V = items + 2) and the encoder\'s dense layers run on the wasm backend\'s ' +
      'single-threaded 2D matmul kernel at roughly 6-15 GFLOP/s, and the attention\'s small batched products ([128, 50, 32] x [128, 32, 50]) on its generic batched kernel at about 1.5 GFLOP/s; ' +
      'PyTorch runs the same model on MKL/oneDNN kernels several times faster per core, hence a ratio well under 1 for one process.',
    '',
    `Two workers each compute half of every batch; per sequence they use ${(single10k.sequencesPerCpuSecond / parallel10k.sequencesPerCpuSecond).toFixed(2)}x the CPU time of one process ` +
      `(${parallel10k.sequencesPerCpuSecond.toFixed(0)} vs ${single10k.sequencesPerCpuSecond.toFixed(0)} sequences per CPU-second at 10k items; ${parallel40k.sequencesPerCpuSecond.toFixed(0)} vs ${single40k.sequencesPerCpuSecond.toFixed(0)} at 40k, where the work that grows with the catalog and is not split, Adam over every weight and the dense [items, 64] embedding gradients in each replica plus the gradient exchange, weighs more), ` +
      `so on two otherwise idle cores they would reach about ${((2 * parallel10k.sequencesPerCpuSecond) / REFERENCE_SEQUENCES_PER_SECOND).toFixed(2)} of the reference (projected from CPU time, not measured). ` +
      `During this run they got ${parallel10k.coresUsed.toFixed(2)} cores (one process got ${single10k.coresUsed.toFixed(2)}): Linux shares the CPU equally between busy sessions (sched_autogroup), so while other jobs run, extra threads add little, and the wall-clock ratio is a lower bound.`,
  ].join('\n');
  writeReport('reports', 'bench-train', json, markdown);
  process.stdout.write(`ratioToReference ${ratioToReference.toFixed(3)} (reports/bench-train.md)\n`);
  return 0;
}
