import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../model/tf.js';
import { clipByGlobalNorm, clipFlatByGlobalNorm } from '../../training/gradient-clip.js';
import { validationSample } from '../../training/splits.js';

beforeAll(async () => {
  await initBackend();
});

describe('clipByGlobalNorm', () => {
  it('scales every gradient by maxNorm / global norm when the norm is larger: (3, 4) and (12) have norm 13', () => {
    const grads = { a: tf.tensor1d([3, 4]), b: tf.tensor1d([12]) };
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 6.5);
    expect(norm.dataSync()[0]).toBeCloseTo(13, 5);
    expect(Array.from(clipped.a!.dataSync())).toEqual([expect.closeTo(1.5, 5), expect.closeTo(2, 5)]);
    expect(clipped.b!.dataSync()[0]).toBeCloseTo(6, 5);
  });

  it('leaves gradients under the limit, and all of them when clipping is off', () => {
    const grads = { a: tf.tensor1d([3, 4]) };
    expect(Array.from(clipByGlobalNorm(grads, 10).grads.a!.dataSync())).toEqual([3, 4]);
    expect(clipByGlobalNorm(grads, 0).grads.a).toBe(grads.a);
  });

  it('does the same in place on a flat buffer', () => {
    const flat = Float32Array.from([3, 4, 12]);
    expect(clipFlatByGlobalNorm(flat, 6.5)).toBeCloseTo(13, 5);
    expect(Array.from(flat)).toEqual([expect.closeTo(1.5, 5), expect.closeTo(2, 5), expect.closeTo(6, 5)]);
    const small = Float32Array.from([0.3, 0.4]);
    clipFlatByGlobalNorm(small, 1);
    expect(Array.from(small)).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });
});

describe('validationSample', () => {
  const users = Array.from({ length: 1000 }, (_, i) => i);

  it('takes every user when asked for as many or more', () => {
    expect(validationSample(users, 1000, 1)).toEqual(users);
    expect(validationSample(users, 5000, 1)).toEqual(users);
  });

  it('samples across the whole list, not its first users, the same way for the same seed', () => {
    const sample = validationSample(users, 200, 1);
    expect(sample.length).toBe(200);
    expect(new Set(sample).size).toBe(200);
    expect(sample).toEqual(validationSample(users, 200, 1));
    expect(sample).not.toEqual(validationSample(users, 200, 2));
    // A prefix would end at 199; a uniform sample reaches the last tenth and has a mean near 500.
    expect(Math.max(...sample)).toBeGreaterThan(900);
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    expect(mean).toBeGreaterThan(400);
    expect(mean).toBeLessThan(600);
  });
});
