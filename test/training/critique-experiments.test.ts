import { describe, expect, it } from 'vitest';
import { Catalog, categoryPath, sharedPrefixLength, type Item } from '../../model/catalog.js';
import { critiqueFor, prefixCounts } from '../../model/critique.js';
import { idealRelevances, mutateCritique, validCritiques } from '../../training/critique-experiments.js';
import { seededRandom } from '../../training/random.js';
import { catNdcgAtK } from '../../training/metrics.js';

const item = (id: string, ...categories: string[]): Item => ({ id, title: id, categories });
const repeat = (n: number, prefix: string, ...categories: string[]) => Array.from({ length: n }, (_, i) => item(`${prefix}${i}`, ...categories));

const catalog = new Catalog([
  ...repeat(6, 'ink', 'Office Products', 'Office & School Supplies', 'Printer Ink & Toner', 'Inkjet Printer Ink', 'Extra'),
  ...repeat(5, 'staple', 'Office Products', 'Office & School Supplies', 'Staplers & Punches', 'Staples'),
  ...repeat(4, 'toner', 'Office Products', 'Office & School Supplies', 'Printer Ink & Toner', 'Laser Toner'),
  ...repeat(7, 'chair', 'Office Products', 'Office Furniture & Lighting', 'Chairs & Sofas', 'Desk Chairs'),
  ...repeat(5, 'lamp', 'Office Products', 'Office Furniture & Lighting', 'Lamps', 'Desk Lamps'),
  item('short', 'Office Products', 'Paper'),
]);

describe('precise and broad critiques', () => {
  it('truncate the category path to four and two levels', () => {
    const ink = catalog.item(0);
    expect(critiqueFor(ink, 'precise')).toBe('Office Products - Office & School Supplies - Printer Ink & Toner - Inkjet Printer Ink');
    expect(critiqueFor(ink, 'broad')).toBe('Office Products - Office & School Supplies');
    expect(critiqueFor(ink, 'none')).toBeUndefined();
    expect(critiqueFor(catalog.item(catalog.size - 1), 'precise')).toBe('Office Products - Paper');
  });
});

describe('out-of-sequence mutations (section 4.6)', () => {
  const valid = validCritiques(catalog, 5);
  it('only valid categories with at least five items are candidates', () => {
    const keys = valid.map((v) => categoryPath(v)).sort();
    expect(keys).toEqual([
      'Office Products - Office & School Supplies - Printer Ink & Toner - Inkjet Printer Ink',
      'Office Products - Office & School Supplies - Staplers & Punches - Staples',
      'Office Products - Office Furniture & Lighting - Chairs & Sofas - Desk Chairs',
      'Office Products - Office Furniture & Lighting - Lamps - Desk Lamps',
    ]);
  });
  it('level L keeps the first L-1 levels and changes level L, for every seed', () => {
    const target = ['Office Products', 'Office & School Supplies', 'Printer Ink & Toner', 'Inkjet Printer Ink'];
    for (let seed = 1; seed <= 50; seed++) {
      const random = seededRandom(seed);
      for (const level of [2, 3, 4]) {
        const mutated = mutateCritique(target, level, valid, random);
        if (level === 4) {
          expect(mutated).toBeUndefined(); // Laser Toner has only 4 items: not valid
          continue;
        }
        expect(mutated).toBeDefined();
        expect(sharedPrefixLength(mutated!, target)).toBe(level - 1);
        expect(valid.map((v) => categoryPath(v))).toContain(categoryPath(mutated!));
      }
    }
  });
  it('is reproducible from its seed', () => {
    const target = ['Office Products', 'Office Furniture & Lighting', 'Chairs & Sofas', 'Desk Chairs'];
    const a = Array.from({ length: 10 }, ((r) => () => mutateCritique(target, 2, valid, r))(seededRandom(9)));
    const b = Array.from({ length: 10 }, ((r) => () => mutateCritique(target, 2, valid, r))(seededRandom(9)));
    expect(a).toEqual(b);
  });
});

describe('Cat-nDCG ideal from catalog counts', () => {
  it('matches sorting every item relevance', () => {
    const critique = ['Office Products', 'Office & School Supplies', 'Printer Ink & Toner', 'Laser Toner'];
    const all = catalog.items.map((i) => sharedPrefixLength(i.categories.slice(0, 4), critique)).sort((a, b) => b - a);
    for (const k of [1, 5, 10, 40]) expect(idealRelevances(critique, prefixCounts(catalog), catalog.size, k)).toEqual(all.slice(0, k));
    // 4 toners then 6 inks at relevance 3: a list of two toners and a chair scores against that ideal.
    const ideal = idealRelevances(critique, prefixCounts(catalog), catalog.size, 10);
    const expected = (4 + 4 / Math.log2(3) + 1 / 2) / ideal.reduce((s, r, i) => s + r / Math.log2(i + 2), 0);
    expect(catNdcgAtK([4, 4, 1], ideal, 10)).toBeCloseTo(expected, 12);
  });
});
