import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeTextFeatures, type TextEncoder, type TokenStates } from '../../../model/text-encoder/index.js';

const DIM = 4;

/**
 * An encoder whose states are known in advance: one token per word, state[t][d] = t + 1 + d (exact in float16), so
 * every pooled value can be checked by hand. Records the texts of every call.
 */
class WordCountingEncoder implements TextEncoder {
  readonly info = { name: 'words', version: '1', dim: DIM };
  readonly maxTokens = 16;
  readonly calls: string[][] = [];
  failOnCall?: number;

  async encodeTokens(texts: readonly string[]): Promise<TokenStates> {
    this.calls.push([...texts]);
    if (this.calls.length === this.failOnCall) throw new Error('killed mid-run');
    const words = texts.map((t) => t.split(' ').filter(Boolean));
    const tokens = Math.max(1, ...words.map((w) => Math.min(w.length, this.maxTokens)));
    const states = new Float32Array(texts.length * tokens * DIM);
    const mask = new Uint8Array(texts.length * tokens);
    words.forEach((w, b) => {
      for (let t = 0; t < Math.min(w.length, this.maxTokens); t++) {
        mask[b * tokens + t] = 1;
        for (let d = 0; d < DIM; d++) states[(b * tokens + t) * DIM + d] = t + 1 + d;
      }
    });
    return { batch: texts.length, tokens, dim: DIM, states, mask, truncated: Uint8Array.from(words, (w) => (w.length > this.maxTokens ? 1 : 0)) };
  }

  async encodePooled(): Promise<Float32Array> {
    throw new Error('not used by encodeTextFeatures');
  }

  async dispose(): Promise<void> {}
}

const words = (n: number, tag = 'w') => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'flarechat-features-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('encodeTextFeatures', () => {
  it('truncates to maxTokens and mean-pools contiguous chunks, masking chunks a short text cannot fill', async () => {
    const features = await encodeTextFeatures(new WordCountingEncoder(), [words(10), words(3)], { maxTokens: 8, poolTo: 4 });
    expect([features.count, features.tokens, features.dim, features.truncated]).toEqual([2, 4, DIM, 1]);
    expect(features.reduction).toBe('first 8 tokens, mean-pooled into 4 contiguous chunks (shorter texts: one token per chunk), float16');
    // Text 0 keeps tokens 0..7; chunk c averages tokens 2c and 2c+1: (2c+1 + 2c+2)/2 + d.
    for (let c = 0; c < 4; c++) expect(Array.from(features.states.subarray(c * DIM, (c + 1) * DIM))).toEqual([0, 1, 2, 3].map((d) => 2 * c + 1.5 + d));
    // Text 1 has 3 tokens: one per chunk, the fourth chunk empty.
    expect(Array.from(features.mask)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(features.states.subarray(4 * DIM + 2 * DIM, 4 * DIM + 3 * DIM))).toEqual([3, 4, 5, 6]);
    expect(Array.from(features.states.subarray(4 * DIM + 3 * DIM))).toEqual([0, 0, 0, 0]);
  });

  it('keeps raw token states without poolTo, as wide as asked even past the encoder limit', async () => {
    const features = await encodeTextFeatures(new WordCountingEncoder(), [words(20), words(2)], { maxTokens: 100 });
    expect(features.tokens).toBe(100);
    expect(features.reduction).toBe("first 16 tokens (the encoder's limit), float16");
    expect(features.truncated).toBe(1);
    expect(Array.from(features.states.subarray(15 * DIM, 16 * DIM))).toEqual([16, 17, 18, 19]);
    expect(Array.from(features.mask.subarray(0, 17))).toEqual([...Array(16).fill(1), 0]);
    expect(features.mask.reduce((a, b) => a + b, 0)).toBe(18);
  });

  it('gives every text poolTo slots even when poolTo exceeds maxTokens', async () => {
    const features = await encodeTextFeatures(new WordCountingEncoder(), [words(5)], { maxTokens: 3, poolTo: 4 });
    expect(features.tokens).toBe(4);
    expect(Array.from(features.mask)).toEqual([1, 1, 1, 0]);
    expect(features.truncated).toBe(1);
  });

  it('serves a repeat run from the cache without calling the encoder, bit for bit', async () => {
    const cacheDir = tempDir();
    const texts = [words(5, 'a'), words(7, 'b'), words(5, 'a'), words(2, 'c')];
    const first = new WordCountingEncoder();
    const fresh = await encodeTextFeatures(first, texts, { maxTokens: 6, poolTo: 3, cacheDir });
    expect(first.calls).toEqual([[texts[0], texts[1], texts[3]]]);
    const second = new WordCountingEncoder();
    const lines: string[] = [];
    const cached = await encodeTextFeatures(second, texts, { maxTokens: 6, poolTo: 3, cacheDir, log: (l) => lines.push(l) });
    expect(second.calls).toEqual([]);
    expect(cached.states).toEqual(fresh.states);
    expect(cached.mask).toEqual(fresh.mask);
    expect(cached.truncated).toBe(fresh.truncated);
    expect(lines[0]).toMatch(/3 of 3 distinct texts from cache .*, 0 to encode/);
    const edited = new WordCountingEncoder();
    await encodeTextFeatures(edited, [words(3, 'new'), ...texts], { maxTokens: 6, poolTo: 3, cacheDir });
    expect(edited.calls).toEqual([[words(3, 'new')]]);
    const otherSettings = new WordCountingEncoder();
    await encodeTextFeatures(otherSettings, texts, { maxTokens: 6, cacheDir });
    expect(otherSettings.calls).toHaveLength(1);
  });

  it('resumes a killed run from the shards already written, logging rate and ETA', async () => {
    const cacheDir = tempDir();
    const texts = Array.from({ length: 6 }, (_, i) => words(i + 1, `t${i}`));
    const killed = new WordCountingEncoder();
    killed.failOnCall = 2;
    await expect(encodeTextFeatures(killed, texts, { maxTokens: 4, cacheDir, chunkSize: 2 })).rejects.toThrow('killed mid-run');
    const [folder] = readdirSync(cacheDir);
    expect(readdirSync(join(cacheDir, folder!)).filter((f) => f.endsWith('.shard'))).toHaveLength(1);
    const resumed = new WordCountingEncoder();
    const lines: string[] = [];
    const features = await encodeTextFeatures(resumed, texts, { maxTokens: 4, cacheDir, chunkSize: 2, log: (l) => lines.push(l) });
    expect(resumed.calls).toEqual([texts.slice(2, 4), texts.slice(4, 6)]);
    expect(features.truncated).toBe(2);
    expect(lines.at(-1)).toMatch(/4\/4 encoded, \d+ texts\/s, ETA 0\.0 s/);
  });

  it('rejects nonsensical settings', async () => {
    await expect(encodeTextFeatures(new WordCountingEncoder(), ['a'], { maxTokens: 0 })).rejects.toThrow(/maxTokens must be a positive integer/);
    await expect(encodeTextFeatures(new WordCountingEncoder(), ['a'], { maxTokens: 4, poolTo: 1.5 })).rejects.toThrow(/poolTo must be a positive integer/);
  });
});
