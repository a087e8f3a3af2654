import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig } from '../bert4rec.js';
import type { BundleManifest } from '../bundle.js';
import type { CritiqueVocabulary } from '../critique-vocabulary.js';
import type { RecommendQuery, ScoredItem } from '../recommendation.js';
import { inferenceLayout } from '../scorer.js';
import { GRAPH_INPUTS, GRAPH_OUTPUTS } from './inference-graph.js';
import { ONNX_FILE, OnnxModelError, readVerifiedOnnxModel } from './onnx-record.js';
import { openSession, ort, type ExecutionProvider } from './onnx-session.js';

const int64 = (values: ArrayLike<number>, dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(Array.from(values), BigInt), dims);

/** A bundle's exported graph (`model.onnx`) in onnxruntime: a batch of queries in, each one's top-k out, in one run. */
export class OnnxScorer {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly config: ModelConfig,
    readonly provider: ExecutionProvider,
    readonly notes: string[],
  ) {}

  /** The bundle's ONNX scorer, or undefined when the bundle has no model.onnx (TF.js then scores). */
  static async open(dir: string, manifest: BundleManifest, env: NodeJS.ProcessEnv = process.env): Promise<OnnxScorer | undefined> {
    if (!existsSync(join(dir, ONNX_FILE))) return undefined;
    const { bytes, record } = readVerifiedOnnxModel(dir, manifest.weightsSha256);
    if (record.numItems !== manifest.config.numItems) throw new OnnxModelError(`${join(dir, record.file)} scores ${record.numItems} items, the bundle has ${manifest.config.numItems}`);
    try {
      const { session, provider, notes } = await openSession(bytes, env);
      return new OnnxScorer(session, manifest.config, provider, notes);
    } catch (error) {
      throw new OnnxModelError(`onnxruntime could not load ${join(dir, record.file)}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  get backendName(): string {
    return `onnxruntime ${this.provider}`;
  }

  async topK(vocabulary: CritiqueVocabulary, queries: readonly RecommendQuery[]): Promise<ScoredItem[][]> {
    const k = Math.min(this.config.numItems, Math.max(0, ...queries.map((q) => q.k)));
    if (queries.length === 0 || k === 0) return queries.map(() => []);
    const layout = inferenceLayout(this.config, vocabulary, queries);
    const removed = queries.map((q) => [...new Set([...q.history, ...(q.exclude ?? [])])]);
    const width = Math.max(1, ...removed.map((r) => r.length));
    const exclude = new Array<number>(queries.length * width).fill(-1);
    removed.forEach((r, b) => r.forEach((index, j) => (exclude[b * width + j] = index)));
    const positions = Array.from(layout.predictAt, (flat, b) => flat - b * layout.length);
    const out = await this.session.run({
      [GRAPH_INPUTS.rows]: int64(layout.rows, [layout.batch, layout.length]),
      [GRAPH_INPUTS.tokens]: int64(layout.tokens, [layout.batch, layout.length]),
      [GRAPH_INPUTS.predictAt]: int64(positions, [layout.batch]),
      [GRAPH_INPUTS.exclude]: int64(exclude, [queries.length, width]),
      [GRAPH_INPUTS.k]: int64([k], [1]),
    });
    const ids = out[GRAPH_OUTPUTS.itemIds]!.data as BigInt64Array;
    const scores = out[GRAPH_OUTPUTS.scores]!.data as Float32Array;
    return queries.map((q, b) => {
      const ranked: ScoredItem[] = [];
      for (let j = 0; j < Math.min(q.k, k); j++) {
        const score = scores[b * k + j]!;
        // -Infinity marks a removed item: fewer than k remain.
        if (score === -Infinity) break;
        ranked.push({ index: Number(ids[b * k + j]!), score });
      }
      return ranked;
    });
  }

  dispose(): void {
    void this.session.release();
  }
}
