import { describe, expect, it } from 'vitest';
import { leaveOneOutCases, unseenUserCases, withoutRepeatedItems } from '../../training/splits.js';

const seqs = Array.from({ length: 100 }, (_, u) => Int32Array.from({ length: 3 + (u % 5) }, (_, i) => u * 10 + i));

describe('evaluation splits', () => {
  it('leave-one-out: validation predicts the penultimate item from the training part, test the last', () => {
    const { train, valid, test } = leaveOneOutCases([Int32Array.of(1, 2, 3, 4, 5), Int32Array.of(7, 8)]);
    expect(train.map((s) => Array.from(s))).toEqual([[1, 2, 3]]);
    expect(valid.map((c) => [Array.from(c.history), c.target])).toEqual([[[1, 2, 3], 4]]);
    expect(test.map((c) => [Array.from(c.history), c.target])).toEqual([[[1, 2, 3, 4], 5]]);
  });

  it('unseen users: 80/10/10 disjoint users, training withholds the last two items', () => {
    const { train, valid, test } = unseenUserCases(seqs, 3);
    expect(train.length).toBe(80);
    expect(valid.length).toBe(10);
    expect(test.length).toBe(10);
    const testUsers = new Set(test.map((c) => c.user));
    const trainFirstItems = new Set(train.map((s) => Math.floor(s[0]! / 10)));
    for (const u of testUsers) expect(trainFirstItems.has(u)).toBe(false);
    for (const c of test) expect(c.target).toBe(seqs[c.user]!.at(-1));
    const lengths = new Map(seqs.map((s) => [s[0]!, s.length]));
    for (const s of train) expect(s.length).toBe(lengths.get(s[0]!)! - 2);
    expect(unseenUserCases(seqs, 3).test.map((c) => c.user)).toEqual(test.map((c) => c.user));
  });

  it('without duplicates keeps the first occurrence of each item', () => {
    expect(Array.from(withoutRepeatedItems(Int32Array.of(5, 5, 3, 5, 2, 3)))).toEqual([5, 3, 2]);
  });
});
