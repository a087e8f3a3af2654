import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTextFeatures, openTextEncoder, type TextEncoder } from '../../../model/text-encoder/index.js';
import { writeTinyEncoderFolder } from './tiny-onnx-encoder.js';

const LONG = Array.from({ length: 20_000 }, (_, i) => `word${i % 97}`).join(' ').slice(0, 100_000);
const BAD_INPUTS = [
  '',
  LONG,
  'safety\u0000gloves\u0007 with\ttabs\nand\r\nnewlines \u001b[31mred\u001b[0m \u200b\ufeff',
  'はんだごて ステンレス 鋼',
  '😀🎉🧪 lab party 👩🏽‍🔬',
  '\ud800 lone surrogate',
];

const realTokens = (mask: Uint8Array, tokens: number, row: number) => mask.subarray(row * tokens, (row + 1) * tokens).reduce((a, b) => a + b, 0);

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each([
  ['use-lite', () => 'use-lite'],
  ['an ONNX folder', () => folders[folders.push(writeTinyEncoderFolder(8)) - 1]!],
])('bad input through %s', (_, spec) => {
  let encoder: TextEncoder;
  let cacheDir: string;
  beforeAll(async () => {
    encoder = await openTextEncoder(spec());
    cacheDir = mkdtempSync(join(tmpdir(), 'flarechat-bad-input-'));
  });
  afterAll(async () => {
    await encoder.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('encodes empty, 100,000-character, control-character and non-Latin texts without crashing', async () => {
    expect(LONG.length).toBe(100_000);
    // No stopwatch here (a loaded machine would fail it): that the long text is cut before tokenizing shows in its
    // `truncated` flag below; how fast encoding is belongs to `npm run bench:encode`.
    const out = await encoder.encodeTokens(BAD_INPUTS);
    expect(out.states.every(Number.isFinite)).toBe(true);
    expect(realTokens(out.mask, out.tokens, 0)).toBe(0);
    expect(realTokens(out.mask, out.tokens, 1)).toBe(encoder.maxTokens);
    expect(Array.from(out.truncated)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(realTokens(out.mask, out.tokens, 2)).toBeGreaterThan(3);
    const pooled = await encoder.encodePooled(BAD_INPUTS);
    expect(pooled.every(Number.isFinite)).toBe(true);
  });

  it('counts truncations in TextFeatures', async () => {
    const features = await encodeTextFeatures(encoder, BAD_INPUTS, { maxTokens: 4, poolTo: 2, cacheDir });
    const tokens = await encoder.encodeTokens(BAD_INPUTS);
    const longer = BAD_INPUTS.filter((_, i) => realTokens(tokens.mask, tokens.tokens, i) > 4).length;
    expect(longer).toBeGreaterThanOrEqual(2);
    expect(features.truncated).toBe(longer);
    expect(features.states.every(Number.isFinite)).toBe(true);
    const again = await encodeTextFeatures(encoder, BAD_INPUTS, { maxTokens: 4, poolTo: 2, cacheDir });
    expect(again.states).toEqual(features.states);
  });
});
