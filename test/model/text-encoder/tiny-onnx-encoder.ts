import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OnnxGraphBuilder } from '../../../model/onnx/graph-builder.js';

export const TINY_VOCABULARY = 12;
export const TINY_TOKENIZER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'text-encoder', 'tiny-tokenizer.json');

/** A deterministic pseudo-random table so the tiny encoder's outputs are fixed across runs. */
function table(rows: number, cols: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: rows * cols }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 30 - 1;
  });
}

/**
 * The smallest encoder shaped like a Hugging Face export: input_ids and attention_mask in, last_hidden_state
 * [batch, tokens, dim] out = tanh(embedding[ids] @ W) * mask.
 */
export function tinyEncoderBytes(dim: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_encoder');
  const ids = g.input('input_ids', 'int64', ['batch', 'tokens']);
  const mask = g.input('attention_mask', 'int64', ['batch', 'tokens']);
  const embedded = g.node('Gather', [g.float('embedding', [TINY_VOCABULARY, dim], table(TINY_VOCABULARY, dim, 7)), ids]);
  const mixed = g.node('Tanh', [g.node('MatMul', [embedded, g.float('mix', [dim, dim], table(dim, dim, 11))])]);
  const maskColumn = g.node('Unsqueeze', [g.node('Cast', [mask], { to: 1 }), g.int64('mask_axis', [2])]);
  g.output(g.node('Mul', [mixed, maskColumn]), 'last_hidden_state', 'float32', ['batch', 'tokens', dim]);
  return g.toBytes(17);
}

/** A fresh temporary folder holding model.onnx (of width `dim`) and the hand-written WordLevel tokenizer.json. */
export function writeTinyEncoderFolder(dim: number, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-tiny-encoder-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyEncoderBytes(dim));
  copyFileSync(TINY_TOKENIZER, join(dir, 'tokenizer.json'));
  for (const [file, content] of Object.entries(extra)) writeFileSync(join(dir, file), content);
  return dir;
}
