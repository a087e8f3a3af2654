import { parseArgs } from 'node:util';
import { initParams } from '../../model/bert4rec.js';
import { Catalog, type Item } from '../../model/catalog.js';
import { CritiqueVocabulary } from '../../model/critique-vocabulary.js';
import { backendLine, initBackend, tf } from '../../model/tf.js';
import { seededRandom } from '../../training/critique-experiments.js';
import { markdownTable, provenance, writeReport } from '../../training/report.js';
import { clozeBatch, lossOf, modelConfigFor, resolveConfig } from '../../training/train.js';

/** PyTorch 1.13 on this CPU: the small Bert4Rec (2 layers, d 64, 10k items, batch 64x50) trains at ~630 sequences/s. */
const REFERENCE_SEQUENCES_PER_SECOND = 630;

async function measure(items: number, steps: number, batchSize: number, length: number) {
  const catalog = new Catalog(Array.from({ length: items }, (_, i): Item => ({ id: String(i), title: `item ${i}`, categories: [] })));
  const config = resolveConfig({ preset: 'small', batchSize, maxLength: length });
  const vocabulary = new CritiqueVocabulary([], 0);
  const model = modelConfigFor(config, catalog, vocabulary);
  const params = initParams(model, 1);
  const optimizer = tf.train.adam(1e-3);
  const random = seededRandom(5);
  const sequences = Array.from({ length: batchSize }, () => Int32Array.from({ length }, () => Math.floor(random() ** 2 * items)));
  const step = async () => {
    const batch = clozeBatch(sequences, model, catalog, vocabulary, config, random);
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => lossOf(model, params, batch));
      optimizer.applyGradients(grads as never);
      return value;
    });
    await loss.data();
    loss.dispose();
  };
  for (let i = 0; i < 3; i++) await step();
  const started = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const seconds = (performance.now() - started) / 1000;
  let profile: { kernel: string; ms: number }[] = [];
  const info = await tf.profile(() => step());
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
  profile = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([kernel, ms]) => ({ kernel, ms: Math.round(ms * 10) / 10 }));
  Object.values(params).forEach((p) => p.dispose());
  optimizer.dispose();
  const sequencesPerSecond = (steps * batchSize) / seconds;
  return { items, batchSize, length, steps, seconds, sequencesPerSecond, tokensPerSecond: sequencesPerSecond * length, topKernels: profile };
}

/** npm run bench:train: training throughput of the small preset at 10k and 40k items (batch 64 x 50). */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { steps: { type: 'string', default: '20' } } });
  const started = new Date();
  const backend = await initBackend();
  process.stderr.write(backendLine(backend) + '\n');
  const results = [];
  for (const items of [10_000, 40_000]) {
    const r = await measure(items, Number(values.steps), 64, 50);
    process.stderr.write(`${items} items: ${r.sequencesPerSecond.toFixed(1)} seq/s, ${r.tokensPerSecond.toFixed(0)} tokens/s\n`);
    results.push(r);
  }
  const ratioToReference = results[0]!.sequencesPerSecond / REFERENCE_SEQUENCES_PER_SECOND;
  const run = provenance('npm run bench:train', backend.name, 1, started);
  const json = { run, referenceSequencesPerSecond: REFERENCE_SEQUENCES_PER_SECOND, ratioToReference, results };
  const markdown = [
    '# bench:train — training throughput, small preset (2 layers, 2 heads, d 64, hidden 256), batch 64 x 50',
    '',
    `Backend ${backend.name}, one process (one core), commit ${run.gitCommit}.`,
    '',
    markdownTable(['items', 'sequences/s', 'tokens/s', 'ratio to PyTorch 1.13 CPU (630 seq/s)'], results.map((r) => [r.items, r.sequencesPerSecond, r.tokensPerSecond, r.sequencesPerSecond / REFERENCE_SEQUENCES_PER_SECOND]), 1),
    '',
    `**ratioToReference (10k items): ${ratioToReference.toFixed(3)}**`,
    '',
    'Where one step spends its time (tf.profile, one step, 10k items):',
    '',
    markdownTable(['kernel', 'ms'], results[0]!.topKernels.map((k) => [k.kernel, k.ms]), 1),
  ].join('\n');
  writeReport('reports', 'bench-train', json, markdown);
  process.stdout.write(`ratioToReference ${ratioToReference.toFixed(3)} (reports/bench-train.md)\n`);
  return 0;
}
