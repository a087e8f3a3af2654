import { describe, expect, it } from 'vitest';
import { fnv1a, FNV1A_OFFSET } from '../../training/hash.js';

describe('fnv1a', () => {
  it('gives the published 32-bit FNV-1a values for ASCII text', () => {
    // Test vectors of the FNV reference (http://www.isthe.com/chongo/src/fnv/test_fnv.c): ASCII code units are bytes.
    expect(fnv1a('')).toBe(FNV1A_OFFSET);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('hashes 32-bit words as units and continues over several inputs', () => {
    expect(fnv1a(Uint32Array.of(0x61))).toBe(fnv1a('a'));
    expect(fnv1a('bar', fnv1a('foo'))).toBe(fnv1a('foobar'));
    const weights = Float32Array.of(1.5, -2, 0);
    const bits = new Uint32Array(weights.buffer);
    expect(fnv1a(bits)).toBe(fnv1a(Uint32Array.of(0x3fc00000, 0xc0000000, 0)));
    expect(fnv1a(bits)).not.toBe(fnv1a(new Uint32Array(Float32Array.of(1.5, -2, -0).buffer)));
  });
});
