import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTextEncoder, TextEncoderError } from '../../../model/text-encoder/index.js';
import { writeTinyEncoderFolder } from './tiny-onnx-encoder.js';

const folders: string[] = [];
const folder = (dim: number, extra?: Record<string, string>) => {
  const dir = writeTinyEncoderFolder(dim, extra);
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openTextEncoder on a folder with model.onnx + tokenizer.json', () => {
  it('loads the folder and returns token states of the model width, masked to the real tokens', async () => {
    const encoder = await openTextEncoder(folder(8));
    expect(encoder.info.dim).toBe(8);
    const out = await encoder.encodeTokens(['staples and ink', 'duct tape', '']);
    expect([out.batch, out.tokens, out.dim]).toEqual([3, 3, 8]);
    expect(Array.from(out.mask)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
    // "and" is out of vocabulary: it still occupies a token (the unknown id), like any Hugging Face tokenizer does.
    const first = out.states.subarray(0, 8);
    expect(first.some((v) => v !== 0)).toBe(true);
    expect(out.states.subarray(2 * 3 * 8).every((v) => v === 0)).toBe(true);
    await encoder.dispose();
  });

  it('gives a word the same state wherever it appears, and pooled vectors of unit length', async () => {
    const encoder = await openTextEncoder(folder(8));
    const out = await encoder.encodeTokens(['staples ink', 'ink staples']);
    // The tiny model has no positions, so "ink" at position 1 of text 0 equals "ink" at position 0 of text 1.
    expect(Array.from(out.states.subarray(8, 16))).toEqual(Array.from(out.states.subarray(2 * 8, 3 * 8)));
    const pooled = await encoder.encodePooled(['staples ink', 'thermometer']);
    for (const row of [pooled.subarray(0, 8), pooled.subarray(8, 16)]) expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    await encoder.dispose();
  });

  it('fails with one clear error for a missing folder or file, a corrupt model.onnx or tokenizer.json', async () => {
    await expect(openTextEncoder('/nonexistent/encoder-folder')).rejects.toThrow(/text encoder folder \/nonexistent\/encoder-folder not found \(expected a folder with model.onnx and tokenizer.json\)/);
    const noTokenizer = folder(8);
    rmSync(join(noTokenizer, 'tokenizer.json'));
    await expect(openTextEncoder(noTokenizer)).rejects.toThrow(/tokenizer.json is missing \(expected model.onnx and tokenizer.json; found model.onnx\)/);
    const noModel = folder(8);
    rmSync(join(noModel, 'model.onnx'));
    await expect(openTextEncoder(noModel)).rejects.toThrow(/model.onnx is missing \(expected model.onnx and tokenizer.json; found tokenizer.json\)/);
    const corrupt = folder(8);
    writeFileSync(join(corrupt, 'model.onnx'), 'not a protobuf');
    await expect(openTextEncoder(corrupt)).rejects.toThrow(/model.onnx is not a loadable ONNX model/);
    const badJson = folder(8);
    writeFileSync(join(badJson, 'tokenizer.json'), '{ "model": ');
    await expect(openTextEncoder(badJson)).rejects.toThrow(TextEncoderError);
    await expect(openTextEncoder(badJson)).rejects.toThrow(/tokenizer.json is corrupt \(/);
  });

  it('names expected and found widths on a dimension mismatch', async () => {
    await expect(openTextEncoder(folder(8), { expectedDim: 512 })).rejects.toThrow(/model.onnx produces 8-d token states, expected 512-d/);
    await expect(openTextEncoder(folder(8, { 'config.json': JSON.stringify({ hidden_size: 16 }) }))).rejects.toThrow(/config.json says hidden size 16, but model.onnx produces 8-d token states/);
    await expect(openTextEncoder('use-lite', { expectedDim: 768 })).rejects.toThrow(/use-lite produces 512-d token states, expected 768-d/);
  });
});
