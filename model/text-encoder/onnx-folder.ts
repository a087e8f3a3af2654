import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { SessionEncoder, sessionOptions, type PaddedBatch } from './session-encoder.js';
import { cleanText, cutToCharacters } from './text-cleaning.js';
import type { TextEncoder, Tokenized } from './types.js';

export class TextEncoderError extends Error {
  readonly userFacing = true;
}

const MODEL_FILE = 'model.onnx';
const TOKENIZER_FILE = 'tokenizer.json';
const DEFAULT_MAX_TOKENS = 512;
/** Characters kept per allowed token before tokenising (bounds tokenizer time on huge texts). */
const CHARS_PER_TOKEN = 32;
const STATES_OUTPUTS = ['last_hidden_state', 'token_embeddings', 'hidden_states'];
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

function requireFile(dir: string, file: string): void {
  if (existsSync(join(dir, file))) return;
  const found = readdirSync(dir).sort().join(', ') || 'nothing';
  throw new TextEncoderError(`text encoder folder ${dir}: ${file} is missing (expected ${MODEL_FILE} and ${TOKENIZER_FILE}; found ${found})`);
}

function readJson(dir: string, file: string, required: boolean): Record<string, unknown> | undefined {
  const path = join(dir, file);
  if (required) requireFile(dir, file);
  else if (!existsSync(path)) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new TextEncoderError(`text encoder folder ${dir}: ${file} is corrupt (${(error as Error).message})`);
  }
}

function maxTokensOf(tokenizerJson: Record<string, unknown>, config: Record<string, unknown> | undefined): number {
  const truncation = tokenizerJson.truncation as { max_length?: unknown } | null | undefined;
  const candidates = [truncation?.max_length, config?.model_max_length];
  for (const c of candidates) if (typeof c === 'number' && Number.isInteger(c) && c > 0 && c <= 100_000) return c;
  return DEFAULT_MAX_TOKENS;
}

function folderFeeds(inputNames: readonly string[]): (batch: PaddedBatch) => Record<string, ort.Tensor> {
  return (batch) => {
    const dims = [batch.batch, batch.tokens];
    const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', batch.ids, dims) };
    if (inputNames.includes('attention_mask')) feeds.attention_mask = new ort.Tensor('int64', BigInt64Array.from(batch.mask, (m) => BigInt(m)), dims);
    if (inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch.batch * batch.tokens), dims);
    return feeds;
  };
}

/**
 * A user's encoder: `model.onnx` (inputs input_ids [+ attention_mask, token_type_ids], int64; output token states
 * [batch, tokens, dim], preferably named last_hidden_state) and a Hugging Face `tokenizer.json` (plus optional
 * tokenizer_config.json and config.json) in a local folder. Pooled vectors are the masked mean of the token states.
 */
export async function openOnnxFolder(folder: string, expectedDim?: number): Promise<TextEncoder> {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TextEncoderError(`text encoder folder ${dir} not found (expected a folder with ${MODEL_FILE} and ${TOKENIZER_FILE})`);
  }
  requireFile(dir, MODEL_FILE);
  const tokenizerJson = readJson(dir, TOKENIZER_FILE, true)!;
  const tokenizerConfig = readJson(dir, 'tokenizer_config.json', false);
  const modelConfig = readJson(dir, 'config.json', false);
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig ?? {});
  } catch (error) {
    throw new TextEncoderError(`text encoder folder ${dir}: ${TOKENIZER_FILE} is not a usable Hugging Face tokenizer (${(error as Error).message})`);
  }
  const modelBytes = readFileSync(join(dir, MODEL_FILE));
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelBytes, sessionOptions());
  } catch (error) {
    throw new TextEncoderError(`text encoder folder ${dir}: ${MODEL_FILE} is not a loadable ONNX model (${(error as Error).message.split('\n')[0]})`);
  }
  const fail = async (message: string): Promise<never> => {
    await session.release();
    throw new TextEncoderError(`text encoder folder ${dir}: ${message}`);
  };
  const unknownInputs = session.inputNames.filter((n) => !KNOWN_INPUTS.has(n));
  if (!session.inputNames.includes('input_ids') || unknownInputs.length > 0) {
    await fail(`${MODEL_FILE} has inputs [${session.inputNames.join(', ')}], expected input_ids and optionally attention_mask, token_type_ids`);
  }
  const statesOutput = STATES_OUTPUTS.find((n) => session.outputNames.includes(n)) ?? session.outputNames[0]!;

  const maxTokens = maxTokensOf(tokenizerJson, tokenizerConfig);
  const unknownToken = (tokenizerJson.model as { unk_token?: unknown } | undefined)?.unk_token;
  // tokenizers.js leaves out-of-vocabulary words undefined in WordLevel models instead of mapping them to unk_token.
  const unknownId = (typeof unknownToken === 'string' ? tokenizer.token_to_id(unknownToken) : undefined) ?? 0;
  const tokenize = (text: string): Tokenized => {
    const { text: cut, cut: wasCut } = cutToCharacters(cleanText(text), maxTokens * CHARS_PER_TOKEN);
    const ids = (tokenizer.encode(cut).ids as (number | undefined)[]).map((id) => id ?? unknownId);
    return { ids: ids.slice(0, maxTokens), truncated: wasCut || ids.length > maxTokens };
  };
  const feeds = folderFeeds(session.inputNames);
  const probe = await session.run(feeds({ batch: 1, tokens: 2, ids: new BigInt64Array(2), mask: Uint8Array.of(1, 1) }), [statesOutput]).catch((error: Error) =>
    fail(`${MODEL_FILE} failed on a two-token probe (${error.message.split('\n')[0]})`),
  );
  const dims = probe[statesOutput]!.dims;
  if (dims.length !== 3 || dims[0] !== 1 || dims[1] !== 2) {
    await fail(`${MODEL_FILE} output '${statesOutput}' has shape [${dims.join(', ')}] for 1 text of 2 tokens, expected token states [1, 2, dim]`);
  }
  const dim = dims[2]!;
  const configDim = modelConfig?.hidden_size ?? modelConfig?.d_model;
  if (typeof configDim === 'number' && configDim !== dim) await fail(`config.json says hidden size ${configDim}, but ${MODEL_FILE} produces ${dim}-d token states`);
  if (expectedDim !== undefined && expectedDim !== dim) await fail(`${MODEL_FILE} produces ${dim}-d token states, expected ${expectedDim}-d`);

  const version = createHash('sha256').update(modelBytes).update(JSON.stringify(tokenizerJson)).digest('hex').slice(0, 16);
  return new SessionEncoder({
    info: { name: `onnx:${dir}`, version, dim },
    maxTokens,
    session,
    tokenize,
    feeds,
    statesOutput,
    batchTexts: 64,
    batchTokens: 8192,
  });
}
