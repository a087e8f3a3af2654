import type { TokenStates } from './types.js';

/** Where reduced rows go: [rows, tokens, dim] states and [rows, tokens] mask, written at row `row`. */
export interface ReducedTarget {
  states: Float32Array;
  mask: Uint8Array;
  tokens: number;
}

/**
 * Text `source` of `input`: its first `maxTokens` real tokens, then, when `poolTo` is set and more tokens remain
 * than chunks, the mean of each of `poolTo` contiguous, near-equal runs (texts with fewer tokens keep one token per
 * chunk and mask the rest). Returns whether tokens were dropped.
 */
export function reduceTokens(input: TokenStates, source: number, target: ReducedTarget, row: number, maxTokens: number, poolTo?: number): boolean {
  const { dim } = input;
  let length = 0;
  for (let t = 0; t < input.tokens; t++) length += input.mask[source * input.tokens + t]!;
  const kept = Math.min(length, maxTokens);
  const chunks = poolTo !== undefined && kept > poolTo ? poolTo : kept;
  const sourceBase = source * input.tokens * dim;
  const targetBase = row * target.tokens * dim;
  for (let c = 0; c < chunks; c++) {
    const start = Math.floor((c * kept) / chunks);
    const end = Math.floor(((c + 1) * kept) / chunks);
    const out = target.states.subarray(targetBase + c * dim, targetBase + (c + 1) * dim);
    out.fill(0);
    for (let t = start; t < end; t++) {
      const offset = sourceBase + t * dim;
      for (let d = 0; d < dim; d++) out[d]! += input.states[offset + d]!;
    }
    const scale = 1 / (end - start);
    if (scale !== 1) for (let d = 0; d < dim; d++) out[d]! *= scale;
    target.mask[row * target.tokens + c] = 1;
  }
  return length > maxTokens;
}
