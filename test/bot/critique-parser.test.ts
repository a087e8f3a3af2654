import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CritiqueParser } from '../../bot/critique-parser.js';
import { evaluatePhrases, type PhraseCase } from '../../bot/critique-evaluation.js';
import { loadCritiqueWords } from '../../bot/prompts.js';
import { loadBundleWeights } from '../../model/bundle.js';

const root = join(import.meta.dirname, '..', '..');
let parser: CritiqueParser;
beforeAll(() => {
  parser = new CritiqueParser(loadBundleWeights(join(root, 'demo', 'bundle')).catalog, loadCritiqueWords());
});

describe('free text to a category critique', () => {
  it('maps a table of 60+ phrases from the real catalog with at least 85% accuracy', () => {
    const cases = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'critique-phrases.json'), 'utf8')) as PhraseCase[];
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const result = evaluatePhrases(parser, cases);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
    for (const kind of ['precise', 'broad', 'negation', 'nomatch']) expect(result.byKind[kind]!.total).toBeGreaterThan(0);
  });

  it('reads direction and price words, and returns its confidence and reason', () => {
    expect(parser.parse('broader please')).toEqual({ kind: 'broader' });
    expect(parser.parse('more specific')).toEqual({ kind: 'narrower' });
    expect(parser.parse('like #2 but cheaper')).toEqual({ kind: 'cheaper', rank: 2 });
    const beakers = parser.parse('beakers');
    expect(beakers).toMatchObject({ kind: 'category', negated: false, reason: 'matched "Beakers"' });
    expect((beakers as { confidence: number }).confidence).toBeGreaterThan(0.3);
  });

  it('moves up and down the tree', () => {
    const leaf = 'Industrial & Scientific - Lab & Scientific Products - Glassware & Labware - Beakers';
    expect(parser.parent(leaf)!.path).toBe('Industrial & Scientific - Lab & Scientific Products - Glassware & Labware');
    expect(parser.largestChild('Industrial & Scientific - Lab & Scientific Products')!.levels).toHaveLength(3);
  });
});
