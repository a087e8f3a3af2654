import * as ort from 'onnxruntime-node';
import { SessionEncoder, sessionOptions, type PaddedBatch } from '../session-encoder.js';
import { cleanText, cutToCharacters } from '../text-cleaning.js';
import type { TextEncoder, Tokenized } from '../types.js';
import { buildUseLiteGraph, USE_LITE_GRAPH } from './onnx-graph.js';
import { readUseLiteFiles, USE_LITE_PACKAGE } from './package-files.js';
import { useLiteParameters } from './parameters.js';
import { SentencePieceTokenizer, UNKNOWN_ID } from './sentencepiece.js';

export const USE_LITE_NAME = 'use-lite';
export const USE_LITE_FP32_NAME = 'use-lite-fp32';

/**
 * int8 (the default, 'use-lite'): 8-bit weights per output column (stored unsigned, so every x86 CPU computes the same
 * numbers: model/onnx/quantize.ts), activations quantised per run (ONNX Runtime's DynamicQuantizeMatMul);
 * pooled vectors at cosine ~0.999 to the package's.
 * fp32 ('use-lite-fp32'): the package's numbers (cosine 1.000000).
 */
export type UseLitePrecision = 'int8' | 'fp32';

/**
 * What the version says after the package's: the numbers each precision computes. Every cached or shipped vector file
 * is fingerprinted with it, so 'uint8' keeps vectors of the earlier int8-weight graph (which differed by CPU) from
 * being reused.
 */
const PRECISION_VERSION: Record<UseLitePrecision, string> = { int8: 'uint8', fp32: 'fp32' };

/**
 * Texts and padded tokens per run, measured on 1,000 catalog descriptions on 2 cores. int8 runs one text at a time:
 * that was as fast as any batch size (~1.3 CPU ms/text at 1-8 texts, ~1.65 at 128) and, as the activation scale is
 * per run, it makes each text's states independent of the texts encoded beside it. fp32 is cheapest per text at
 * 4-32 texts per run (~3.3 CPU ms/text, against ~4.1 one at a time).
 */
const BATCH_LIMITS: Record<UseLitePrecision, { texts: number; tokens: number }> = {
  int8: { texts: 1, tokens: 128 },
  fp32: { texts: 32, tokens: 2048 },
};

/**
 * USE-lite tokenisation: lowercased (the vocabulary is lowercase; the package itself does not lowercase), control
 * characters to spaces, cut to what can fill 128 tokens, SentencePiece ids. Unknown pieces (id 0: Japanese, emoji)
 * are dropped: the package's graph treats id 0 as padding (its mask is id > 0), so they carry nothing.
 */
export function useLiteTokenizer(tokenizer: SentencePieceTokenizer, maxTokens: number): (text: string) => Tokenized {
  // One more character than can possibly fill the budget, so a cut text still yields maxTokens pieces.
  const maxChars = maxTokens * tokenizer.longestPiece + 1;
  return (text) => {
    const { text: cut, cut: wasCut } = cutToCharacters(cleanText(text, { lowercase: true }), maxChars);
    const ids = tokenizer.encode(cut).filter((id) => id !== UNKNOWN_ID);
    return { ids: ids.slice(0, maxTokens), truncated: wasCut || ids.length > maxTokens };
  };
}

function useLiteFeeds(batch: PaddedBatch): Record<string, ort.Tensor> {
  return {
    [USE_LITE_GRAPH.ids]: new ort.Tensor('int64', batch.ids, [batch.batch, batch.tokens]),
    [USE_LITE_GRAPH.mask]: new ort.Tensor('float32', Float32Array.from(batch.mask), [batch.batch, batch.tokens]),
  };
}

/** The Universal Sentence Encoder lite shipped in the npm package, rebuilt as an ONNX graph and run by ONNX Runtime. */
export async function openUseLite(precision: UseLitePrecision = 'int8'): Promise<TextEncoder> {
  const files = readUseLiteFiles();
  const parameters = useLiteParameters(files);
  const session = await ort.InferenceSession.create(buildUseLiteGraph(parameters, { int8: precision === 'int8' }), sessionOptions());
  return new SessionEncoder({
    info: { name: precision === 'int8' ? USE_LITE_NAME : USE_LITE_FP32_NAME, version: `${USE_LITE_PACKAGE}@${files.version}+${PRECISION_VERSION[precision]}`, dim: parameters.width },
    maxTokens: parameters.maxTokens,
    session,
    tokenize: useLiteTokenizer(new SentencePieceTokenizer(files.vocabulary), parameters.maxTokens),
    feeds: useLiteFeeds,
    statesOutput: USE_LITE_GRAPH.states,
    pooledOutput: USE_LITE_GRAPH.pooled,
    batchTexts: BATCH_LIMITS[precision].texts,
    batchTokens: BATCH_LIMITS[precision].tokens,
  });
}
