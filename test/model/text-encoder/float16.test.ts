import { describe, expect, it } from 'vitest';
import { decodeFloat16Into, encodeFloat16, FLOAT16_VALUES, toFloat16Bits } from '../../../model/text-encoder/float16.js';

describe('float16', () => {
  it('encodes known values, rounding to nearest even, with overflow to infinity and underflow to zero', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -26)).toBe(0);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(Number.isNaN(FLOAT16_VALUES[toFloat16Bits(NaN)]!)).toBe(true);
  });

  it('round-trips within half a unit in the last place', () => {
    const values = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 7) - 3));
    const back = new Float32Array(values.length);
    decodeFloat16Into(encodeFloat16(values), back);
    values.forEach((v, i) => {
      if (Math.abs(v) >= 2 ** -14) expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11);
      else expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(2 ** -25);
    });
  });
});
