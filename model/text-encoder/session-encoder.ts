import * as ort from 'onnxruntime-node';
import { batchByLength, type LengthBatch } from './batching.js';
import type { EncoderInfo, TextEncoder, TokenStates, Tokenized } from './types.js';

export interface PaddedBatch {
  batch: number;
  tokens: number;
  /** [batch, tokens] token ids, 0 at padding. */
  ids: BigInt64Array;
  /** [batch, tokens], 1 = real token. */
  mask: Uint8Array;
}

export interface SessionEncoderSpec {
  info: EncoderInfo;
  maxTokens: number;
  session: ort.InferenceSession;
  tokenize(text: string): Tokenized;
  /** The graph's inputs for one padded batch. */
  feeds(batch: PaddedBatch): Record<string, ort.Tensor>;
  statesOutput: string;
  /** A graph output with the sentence vector; without one, the masked mean of the states, L2-normalised. */
  pooledOutput?: string;
  /** Most texts per run, and most padded tokens per run (texts x tokens). */
  batchTexts: number;
  batchTokens: number;
}

/**
 * ONNX Runtime CPU session options: both cores inside each run, one run at a time, and no spin-waiting between
 * kernels (on a machine shared with training jobs, spinning threads burnt ~30% more CPU for a slower run).
 */
export function sessionOptions(): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: 2,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

function pad(tokenized: readonly Tokenized[], batch: LengthBatch): PaddedBatch {
  const ids = new BigInt64Array(batch.indices.length * batch.tokens);
  const mask = new Uint8Array(batch.indices.length * batch.tokens);
  batch.indices.forEach((index, row) => {
    const text = tokenized[index]!.ids;
    for (let t = 0; t < text.length; t++) {
      ids[row * batch.tokens + t] = BigInt(text[t]!);
      mask[row * batch.tokens + t] = 1;
    }
  });
  return { batch: batch.indices.length, tokens: batch.tokens, ids, mask };
}

function maskedMeanNormalized(states: Float32Array, mask: Uint8Array, rows: number, tokens: number, dim: number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const row = out.subarray(r * dim, (r + 1) * dim);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      if (!mask[r * tokens + t]) continue;
      count++;
      const base = (r * tokens + t) * dim;
      for (let d = 0; d < dim; d++) row[d]! += states[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += row[d]! * row[d]!;
    const scale = count > 0 && norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) row[d]! *= scale;
  }
  return out;
}

/** A TextEncoder over an ONNX Runtime session: tokenise, batch by length, one run per batch, scatter back in order. */
export class SessionEncoder implements TextEncoder {
  readonly info: EncoderInfo;
  readonly maxTokens: number;

  constructor(private readonly spec: SessionEncoderSpec) {
    this.info = spec.info;
    this.maxTokens = spec.maxTokens;
  }

  private async runBatch(padded: PaddedBatch, outputs: string[]): Promise<Record<string, Float32Array>> {
    const result = await this.spec.session.run(this.spec.feeds(padded), outputs);
    const data: Record<string, Float32Array> = {};
    for (const name of outputs) {
      const tensor = result[name]!;
      const expected = name === this.spec.statesOutput ? [padded.batch, padded.tokens, this.info.dim] : [padded.batch, this.info.dim];
      if (tensor.dims.length !== expected.length || tensor.dims.some((d, i) => d !== expected[i])) {
        throw new Error(`${this.info.name}: output '${name}' has shape [${tensor.dims.join(', ')}], expected [${expected.join(', ')}]`);
      }
      data[name] = tensor.data as Float32Array;
    }
    return data;
  }

  async encodeTokens(texts: readonly string[]): Promise<TokenStates> {
    const tokenized = texts.map((t) => this.spec.tokenize(t));
    const { dim } = this.info;
    const tokens = Math.max(1, ...tokenized.map((t) => t.ids.length));
    const states = new Float32Array(texts.length * tokens * dim);
    const mask = new Uint8Array(texts.length * tokens);
    const truncated = Uint8Array.from(tokenized, (t) => (t.truncated ? 1 : 0));
    for (const batch of batchByLength(tokenized.map((t) => t.ids.length), this.spec.batchTexts, this.spec.batchTokens)) {
      const padded = pad(tokenized, batch);
      const out = (await this.runBatch(padded, [this.spec.statesOutput]))[this.spec.statesOutput]!;
      batch.indices.forEach((index, row) => {
        const length = tokenized[index]!.ids.length;
        states.set(out.subarray(row * padded.tokens * dim, (row * padded.tokens + length) * dim), index * tokens * dim);
        mask.fill(1, index * tokens, index * tokens + length);
      });
    }
    return { batch: texts.length, tokens, dim, states, mask, truncated };
  }

  async encodePooled(texts: readonly string[]): Promise<Float32Array> {
    const tokenized = texts.map((t) => this.spec.tokenize(t));
    const { dim } = this.info;
    const pooled = new Float32Array(texts.length * dim);
    for (const batch of batchByLength(tokenized.map((t) => t.ids.length), this.spec.batchTexts, this.spec.batchTokens)) {
      const padded = pad(tokenized, batch);
      let vectors: Float32Array;
      if (this.spec.pooledOutput) {
        vectors = (await this.runBatch(padded, [this.spec.pooledOutput]))[this.spec.pooledOutput]!;
      } else {
        const out = (await this.runBatch(padded, [this.spec.statesOutput]))[this.spec.statesOutput]!;
        vectors = maskedMeanNormalized(out, padded.mask, padded.batch, padded.tokens, dim);
      }
      batch.indices.forEach((index, row) => pooled.set(vectors.subarray(row * dim, (row + 1) * dim), index * dim));
    }
    return pooled;
  }

  async dispose(): Promise<void> {
    await this.spec.session.release();
  }
}
