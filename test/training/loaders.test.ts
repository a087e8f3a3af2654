import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { leaveOneOut, loadDataset } from '../../model/dataset.js';
import { detectSource } from '../../training/loaders/detect.js';
import { splitLcRecCategories } from '../../training/loaders/lcrec.js';
import { parseUniSRecText } from '../../training/loaders/unisrec.js';
import { parsePrice } from '../../training/loaders/amazon-raw.js';
import { cleanCategories, repairMojibake } from '../../training/loaders/clean.js';
import { formatProblemSummary } from '../../training/loaders/problems.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const temp = () => mkdtempSync(join(tmpdir(), 'flarechat-loaders-'));

describe('LC-Rec JSON', () => {
  it('splits category paths on commas not followed by a space', () => {
    expect(splitLcRecCategories('Industrial & Scientific,Tapes, Adhesives & Sealants,Tapes')).toEqual([
      'Industrial & Scientific',
      'Tapes, Adhesives & Sealants',
      'Tapes',
    ]);
  });

  it('prepares a real slice as published, with chronological sequences and leave-one-out splits', async () => {
    const out = temp();
    const manifest = await prepareDataset(join(fixtures, 'lcrec-slice'), out, presetOptions('auto', join(fixtures, 'lcrec-slice')));
    const source = JSON.parse(readFileSync(join(fixtures, 'lcrec-slice', 'Slice.inter.json'), 'utf8')) as Record<string, number[]>;
    const items = JSON.parse(readFileSync(join(fixtures, 'lcrec-slice', 'Slice.item.json'), 'utf8')) as Record<string, { title: string }>;
    expect(manifest.counts.users).toBe(Object.keys(source).length);
    const dataset = await loadDataset(out);
    const firstUser = Object.keys(source)[0]!;
    const u = dataset.users.indexOf(firstUser);
    const titles = Array.from(dataset.sequences[u]!, (i) => dataset.catalog.item(i).title);
    expect(titles).toEqual(source[firstUser]!.map((id) => items[String(id)]!.title));
    const split = leaveOneOut(dataset.sequences[u]!)!;
    expect(dataset.catalog.item(split.testTarget).title).toBe(items[String(source[firstUser]!.at(-1))]!.title);
    expect(dataset.catalog.item(split.validTarget).title).toBe(items[String(source[firstUser]!.at(-2))]!.title);
    expect(split.train.length).toBe(source[firstUser]!.length - 2);
    expect(dataset.catalog.items.some((i) => i.categories.includes('Industrial & Scientific'))).toBe(true);
  });

  it('counts an item id in a sequence that the item file lacks, and keeps the rest', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'T.item.json'), JSON.stringify({ a: { title: 'A', categories: 'X,Y' }, b: { title: 'B', categories: 'X,Z' }, c: { title: '', categories: 'X' } }));
    writeFileSync(join(dir, 'T.inter.json'), JSON.stringify({ u1: ['a', 'b', 'zz', 'a'], u2: ['b', 'a', 'b'] }));
    const manifest = await prepareDataset(dir, temp(), presetOptions('none'));
    expect(manifest.problems.counts['unknown-item-in-sequence']).toBe(1);
    expect(manifest.problems.counts['missing-title']).toBe(1);
    expect(manifest.counts.interactions).toBe(6);
  });
});

describe('RecBole/UniSRec atomic files', () => {
  it('parses the title, category words and brand out of the text field', () => {
    expect(parseUniSRecText('PORTER-CABLE 80 Grit Roll. Industrial & Scientific Abrasive Products. PORTER-CABLE. ')).toEqual({
      title: 'PORTER-CABLE 80 Grit Roll',
      categoryText: 'Industrial & Scientific Abrasive Products',
      brand: 'PORTER-CABLE',
    });
  });

  it('rebuilds full sequences from the leave-one-out rows', async () => {
    const out = temp();
    const manifest = await prepareDataset(join(fixtures, 'unisrec-slice'), out, presetOptions('none'));
    expect(manifest.counts.users).toBe(10);
    const dataset = await loadDataset(out);
    const test = readFileSync(join(fixtures, 'unisrec-slice', 'Slice.test.inter'), 'utf8').split('\n')[1]!.split('\t');
    const asins = new Map(readFileSync(join(fixtures, 'unisrec-slice', 'Slice.item2index'), 'utf8').trim().split('\n').map((l) => l.split('\t').reverse() as [string, string]));
    const expected = [...test[1]!.split(' '), test[2]!].map((i) => asins.get(i));
    const u = dataset.users.indexOf('ABW8NXS7SV55K');
    expect(Array.from(dataset.sequences[u]!, (i) => dataset.catalog.item(i).id)).toEqual(expected);
    expect(leaveOneOut(dataset.sequences[u]!)!.testTarget).toBe(dataset.catalog.indexOf(asins.get(test[2]!)!));
  });
});

describe('raw Amazon 2018 reviews + metadata', () => {
  const copyRaw = (gz: boolean) => {
    const dir = temp();
    copyFileSync(join(fixtures, 'amazon-raw', 'meta_Office_Products.json'), join(dir, 'meta_Office_Products.json'));
    const reviews = readFileSync(join(fixtures, 'amazon-raw', 'Office_Products_5.json'));
    if (gz) writeFileSync(join(dir, 'Office_Products_5.json.gz'), gzipSync(reviews));
    else writeFileSync(join(dir, 'Office_Products_5.json'), reviews);
    return { dir, reviews };
  };

  it('streams reviews, counts every bad line with its line number, and builds the catalog', async () => {
    const { dir } = copyRaw(false);
    const manifest = await prepareDataset(dir, temp(), { ...presetOptions('recformer'), kCore: 3 });
    expect(manifest.problems.counts['malformed-json']).toBe(2); // one review line, one meta line
    expect(manifest.problems.examples['malformed-json']).toContain('Office_Products_5.json:6');
    expect(manifest.problems.counts['non-numeric-timestamp']).toBe(1);
    expect(manifest.problems.examples['non-numeric-timestamp']).toEqual(['Office_Products_5.json:10']);
    expect(manifest.problems.counts['missing-reviewer-or-asin']).toBe(1);
    expect(manifest.problems.counts['item-without-title-dropped']).toBe(1);
    expect(manifest.counts.items).toBe(4);
    expect(manifest.counts.users).toBe(8);
  });

  it('keeps chronological order, and CALRec dedup removes the exact consecutive duplicate', async () => {
    const { dir } = copyRaw(false);
    const keep = temp();
    const dedup = temp();
    const withDup = await prepareDataset(dir, keep, { ...presetOptions('recformer'), kCore: 0 });
    const withoutDup = await prepareDataset(dir, dedup, { ...presetOptions('calrec'), kCore: 0 });
    expect(withDup.counts.interactions - withoutDup.counts.interactions).toBe(1);
    expect(withoutDup.problems.counts['duplicate-review-dropped']).toBe(1);
    const dataset = await loadDataset(dedup);
    const u = dataset.users.indexOf('A000USER');
    const lines = readFileSync(join(dir, 'Office_Products_5.json'), 'utf8').split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as { reviewerID: string; asin: string; unixReviewTime: number }];
      } catch {
        return [];
      }
    });
    const expected = [...new Map(lines.filter((r) => r.reviewerID === 'A000USER' && r.asin !== 'B000NOTIT1').map((r) => [r.asin + r.unixReviewTime, r])).values()]
      .sort((a, b) => a.unixReviewTime - b.unixReviewTime)
      .map((r) => r.asin);
    expect(Array.from(dataset.sequences[u]!, (i) => dataset.catalog.item(i).id)).toEqual(expected);
    const ink = dataset.catalog.item(dataset.catalog.indexOf('B000INK001')!);
    expect(ink.categories).toEqual(['Office Products', 'Office & School Supplies', 'Printer Ink & Toner', 'Inkjet Printer Ink']);
    expect(ink.price).toBeCloseTo(19.89);
    expect(ink.brand).toBe('HP');
  });

  it('reads gzip, and a gzip cut short keeps the lines before the cut and reports it', async () => {
    const { dir, reviews } = copyRaw(true);
    const whole = await prepareDataset(dir, temp(), { ...presetOptions('none') });
    expect(whole.counts.interactions).toBeGreaterThan(30);
    const gz = gzipSync(reviews);
    writeFileSync(join(dir, 'Office_Products_5.json.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const cut = await prepareDataset(dir, temp(), { ...presetOptions('none') });
    expect(cut.problems.counts['truncated-or-corrupt-gzip']).toBe(1);
    expect(cut.counts.interactions).toBeGreaterThan(0);
    expect(cut.counts.interactions).toBeLessThan(whole.counts.interactions);
  });

  it('parses Amazon price strings', () => {
    expect(parsePrice('$3.49')).toBe(3.49);
    expect(parsePrice('$8.00 - $9.50')).toBe(8);
    expect(parsePrice('$1,299.00')).toBe(1299);
    expect(parsePrice('')).toBeUndefined();
    expect(parsePrice('.a-box-inner{background-color:#fff}')).toBeUndefined();
  });
});

describe('format detection', () => {
  it('names the path and the accepted formats when nothing is recognised', () => {
    expect(() => detectSource('/no/such/place')).toThrow(/^\/no\/such\/place: no such file or folder \(check the path/);
    const dir = temp();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(() => detectSource(dir)).toThrow(/no dataset files recognised[\s\S]*LC-Rec[\s\S]*UniSRec[\s\S]*Amazon Reviews 2018/);
    writeFileSync(join(dir, 'Office_Products.json'), '{}\n');
    expect(() => detectSource(dir)).toThrow(/no meta_<Category>/);
  });
  it('recognises each shipped format', () => {
    expect(detectSource(join(fixtures, 'lcrec-slice')).kind).toBe('lcrec');
    expect(detectSource(join(fixtures, 'unisrec-slice')).kind).toBe('unisrec');
    expect(detectSource(join(fixtures, 'amazon-raw')).kind).toBe('amazon-raw');
  });
});

describe('catalog cleaning', () => {
  it('repairs UTF-8 read as Windows-1252, and leaves correct accents alone', () => {
    expect(repairMojibake('BAFX ProductsÂ - Decibel Meter')).toBe('BAFX Products - Decibel Meter');
    expect(repairMojibake('Filament Ã˜ 1.75mm, Â± 0.05mm')).toBe('Filament Ø 1.75mm, ± 0.05mm');
    expect(repairMojibake('the pumpâ€™s seal, 200Â°C')).toBe('the pump’s seal, 200°C');
    expect(repairMojibake('TÜRLEN indicator, Docooler® 5 × 3 Ø 12')).toBe('TÜRLEN indicator, Docooler® 5 × 3 Ø 12');
  });

  it('cuts a category path where product text leaked into it, and keeps names like "3D Printers"', () => {
    expect(cleanCategories(['Industrial & Scientific', 'Desiccants', '1 pack', '2 pack'])).toEqual({ categories: ['Industrial & Scientific', 'Desiccants'], cut: true });
    expect(cleanCategories(['Flap Discs', '40+ x NH  &amp; Type 27'])).toEqual({ categories: ['Flap Discs'], cut: true });
    expect(cleanCategories(['Additive Manufacturing Products', '3D Printers', 'Tapes &amp; Glue'])).toEqual({ categories: ['Additive Manufacturing Products', '3D Printers', 'Tapes & Glue'], cut: false });
  });

  it('prepare repairs mojibake, drops titles that are only a category or markup, and counts each change', async () => {
    const out = temp();
    const manifest = await prepareDataset(join(fixtures, 'dirty-lcrec'), out, presetOptions('auto', join(fixtures, 'dirty-lcrec')));
    const items = (await loadDataset(out)).catalog.items;
    expect(items.map((i) => i.id)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(items.map((i) => i.title)).toEqual([
      'BAFX Products - Decibel Meter/Sound Level Reader.',
      'Gold PLA Filament Ø 1.75mm, Accuracy: ± 0.05mm.',
      '', // "Industrial & Scientific />."
      'RapidFix Dual Adhesive System, 25 mL,RFX7121100.',
      '', // "<br/> />."
      'TÜRLEN Dial Indicator 0-1 AGD, Docooler®.',
      'Silica Gel Desiccant 40 Gram.',
      '', // "Fasteners.", a category name of the catalog
    ]);
    expect(items[1]!.description).toBe('Print at 200°C.');
    expect(items[6]!.categories).toEqual(['Industrial & Scientific', 'Lab & Scientific Products', 'Desiccants']);
    expect(items[3]!.categories).toEqual(['Industrial & Scientific', 'Tapes, Adhesives & Sealants', 'Cyanoacrylate Adhesives']);
    expect(manifest.problems.counts).toEqual({
      'mojibake-repaired': 2,
      'title-only-category-dropped': 2,
      'title-only-markup-dropped': 1,
      'title-markup-removed': 1,
      'category-path-cut': 1,
    });
    expect(manifest.problems.examples['title-only-category-dropped']).toEqual(['2', '7']);
    expect(formatProblemSummary(manifest.problems)).toMatch(/^problems found in the source \(counted, not fatal\):\n  category-path-cut: 1 \(first: 6\)/);
  });

  it('says "no problems found in the source" when there are none', () => {
    expect(formatProblemSummary({ counts: {}, examples: {} })).toBe('no problems found in the source');
  });
});

describe('category separator', () => {
  const flat = join(fixtures, 'flat-lcrec');

  it('warns when a source joined with ", " collapses into one-level categories', async () => {
    const out = temp();
    const manifest = await prepareDataset(flat, out, presetOptions('auto', flat));
    const item = (await loadDataset(out)).catalog.items[0]!;
    expect(item.categories).toEqual(['Industrial & Scientific, Occupational Health & Safety Products, Personal Protective Equipment, Hand Protection']);
    expect(manifest.warnings).toEqual([
      'warning: 100.0% of the items with categories have a single category level: if the item file joins levels with ", " or another separator, prepare again with --category-separator ", " (or that separator)',
    ]);
  });

  it('--category-separator ", " splits the levels, and the warning goes', async () => {
    const out = temp();
    const manifest = await prepareDataset(flat, out, { ...presetOptions('auto', flat), categorySeparator: ', ' });
    const items = (await loadDataset(out)).catalog.items;
    expect(items[0]!.categories).toEqual(['Industrial & Scientific', 'Occupational Health & Safety Products', 'Personal Protective Equipment', 'Hand Protection']);
    expect(items.map((i) => i.categories.length)).toEqual([4, 4, 4, 3]);
    expect(manifest.warnings).toEqual([]);
    expect(manifest.preprocessing.categorySeparator).toBe(', ');
  });

  it('refuses --category-separator for a source without joined category paths', async () => {
    await expect(prepareDataset(join(fixtures, 'unisrec-slice'), temp(), { ...presetOptions('none'), categorySeparator: ', ' })).rejects.toThrow(
      /unisrec-slice: --category-separator applies to LC-Rec item files only/,
    );
  });

  it('the real LC-Rec Scientific slice has a deep category tree: no warning', async () => {
    const manifest = await prepareDataset(join(fixtures, 'lcrec-slice'), temp(), presetOptions('none'));
    expect(manifest.warnings).toEqual([]);
  });
});
