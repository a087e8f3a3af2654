import { MICROSOFT_DOMAIN, type OnnxGraphBuilder } from './graph-builder.js';

/**
 * Weights are stored as uint8 around this zero point, not as int8. ONNX Runtime's x86 kernels without VNNI (AVX2,
 * plain AVX-512) multiply uint8 activations by int8 weights in pairs summed into int16 (vpmaddubsw), which saturates:
 * on such a CPU the text encoder's sentence vectors fell to cosine 0.95-0.98 of the package's, the two-stage scorer's
 * first pass dropped true top items, and both read differently from one machine to the next. uint8 x uint8 is widened
 * to 16 bits before it is multiplied on every CPU, so every machine computes the same integers.
 */
const ZERO_POINT = 128;
const LEVELS = 127;

/**
 * `x [.., rows] · W [rows, cols] + bias` through ONNX Runtime's DynamicQuantizeMatMul: W in 8 bits per output column
 * (symmetric), the activations quantised per run. `weight(r, c)` reads W, so a caller can pass a transposed table.
 */
export function quantizedMatMul(g: OnnxGraphBuilder, x: string, weight: (r: number, c: number) => number, rows: number, cols: number, bias: string, name: string): string {
  const scale = new Float32Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) scale[c] = Math.max(scale[c]!, Math.abs(weight(r, c)));
  for (let c = 0; c < cols; c++) scale[c] = scale[c]! / LEVELS || 1;
  const q = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) q[r * cols + c] = ZERO_POINT + Math.round(weight(r, c) / scale[c]!);
  const zeroPoints = new Uint8Array(cols).fill(ZERO_POINT);
  return g.node('DynamicQuantizeMatMul', [x, g.uint8(`${name}_q`, [rows, cols], q), g.float(`${name}_scale`, [cols], scale), g.uint8(`${name}_zero`, [cols], zeroPoints), bias], {}, undefined, MICROSOFT_DOMAIN);
}
