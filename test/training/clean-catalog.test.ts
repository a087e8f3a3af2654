import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../model/catalog.js';
import { cleanCatalogFolder } from '../../training/clean-catalog.js';

const dirty = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'dirty-lcrec', 'Dirty.item.json'), 'utf8')) as Record<string, { title: string; categories: string; brand: string }>;

/** A bundle's catalog.jsonl as the demo's was written: titles and category paths as the source had them. */
function bundleWithDirtyCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-clean-catalog-'));
  const items: Item[] = Object.entries(dirty).map(([id, v]) => ({ id: `item-${id}`, title: v.title, brand: v.brand, categories: v.categories.split(/,(?=\S)/) }));
  writeFileSync(join(dir, 'catalog.jsonl'), items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  return dir;
}
const read = (dir: string) => readFileSync(join(dir, 'catalog.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Item);

describe('flarechat clean-catalog', () => {
  it('rewrites titles and categories in place, keeping every id in its place', () => {
    const dir = bundleWithDirtyCatalog();
    const result = cleanCatalogFolder(dir, { write: true });
    const items = read(dir);
    expect(items.map((i) => i.id)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6', 'item-7']);
    expect(items.map((i) => i.title)).toEqual([
      'BAFX Products - Decibel Meter/Sound Level Reader.',
      'Gold PLA Filament Ø 1.75mm, Accuracy: ± 0.05mm.',
      '',
      'RapidFix Dual Adhesive System, 25 mL,RFX7121100.',
      '',
      'TÜRLEN Dial Indicator 0-1 AGD, Docooler®.',
      'Silica Gel Desiccant 40 Gram.',
      '',
    ]);
    expect(items[6]!.categories).toEqual(['Industrial & Scientific', 'Lab & Scientific Products', 'Desiccants']);
    expect(result.changed.map((c) => c.after.id)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-6', 'item-7']);
    expect(result.problems.counts).toEqual({ 'mojibake-repaired': 2, 'title-only-category-dropped': 2, 'title-only-markup-dropped': 1, 'title-markup-removed': 1, 'category-path-cut': 1 });
  });

  it('a second run finds nothing to change, and --dry-run writes nothing', () => {
    const dir = bundleWithDirtyCatalog();
    const before = readFileSync(join(dir, 'catalog.jsonl'), 'utf8');
    expect(cleanCatalogFolder(dir, { write: false }).changed).toHaveLength(7);
    expect(readFileSync(join(dir, 'catalog.jsonl'), 'utf8')).toBe(before);
    cleanCatalogFolder(dir, { write: true });
    const again = cleanCatalogFolder(dir, { write: true });
    expect(again.changed).toEqual([]);
    expect(again.problems.counts).toEqual({});
  });

  it('names the folder when it holds no catalog', () => {
    const empty = mkdtempSync(join(tmpdir(), 'flarechat-clean-catalog-'));
    expect(() => cleanCatalogFolder(empty, { write: true })).toThrow(/no catalog\.jsonl \(a bundle\) or items\.jsonl \(a prepared dataset\)/);
  });
});
