import type { Item } from '../../model/catalog.js';
import { cleanText } from '../../model/text-encoder/text-cleaning.js';
import type { ProblemCollector } from './problems.js';

/**
 * Catalog text cleaning shared by every loader (`flarechat prepare`) and by `flarechat clean-catalog`, which rewrites
 * an existing bundle's or dataset's catalog in place: markup and HTML entities out, double-encoded UTF-8 repaired,
 * titles that are only a category name or markup dropped, category paths cut where product text leaked into them.
 */

/**
 * Catalog text: mojibake repaired first (the C1 controls it may hold are "invisible" to `cleanText`), then tags,
 * HTML entities, control characters and runs of whitespace out (the one `cleanText`, with markup).
 */
export function cleanCatalogText(value: string): string {
  return cleanText(repairMojibake(value), { markup: true });
}

// Windows-1252 bytes 80-9F (the WHATWG Encoding Standard's table; 81, 8D, 8F, 90 and 9D map to the C1 controls of the
// same number). A0-FF are Latin-1. Node's TextDecoder('windows-1252') decodes as Latin-1, hence the table here.
const CP1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
/** Character -> byte for every character Windows-1252 puts in 80-FF, so UTF-8 read as Windows-1252 can be undone. */
const CP1252_BYTE = new Map<string, number>();
[...CP1252_80_9F].forEach((char, i) => CP1252_BYTE.set(char, 0x80 + i));
for (let byte = 0xa0; byte <= 0xff; byte++) CP1252_BYTE.set(String.fromCharCode(byte), byte);
const CP1252_HIGH = `[${[...CP1252_BYTE.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`;
/** A lead byte of a 2-4 byte UTF-8 sequence (C2-F4) followed by continuation bytes (80-BF), all read as Windows-1252. */
const MOJIBAKE = new RegExp(`[\\u00c2-\\u00f4]${CP1252_HIGH}{1,3}`, 'g');
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs UTF-8 that was decoded as Windows-1252 and encoded again ("Ã˜ 1.75mm" -> "Ø 1.75mm", "Â± 0.1" -> "± 0.1").
 * Only byte sequences that form valid UTF-8 are changed, so correct accented text ("TÜRLEN") stays as it is. A lone
 * "Â" before whitespace is the first half of a no-break space whose second half was already turned into a space.
 */
export function repairMojibake(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  return text
    .replace(MOJIBAKE, (run) => {
      const bytes = Uint8Array.from([...run], (c) => CP1252_BYTE.get(c)!);
      for (let end = bytes.length; end >= 2; end--) {
        try {
          return UTF8.decode(bytes.subarray(0, end)) + run.slice(end);
        } catch {
          // not UTF-8 at this length: try a shorter sequence
        }
      }
      return run;
    })
    .replace(/\u00c2(?=\s|$)/g, '');
}

/** The words of a title or category name, lower case, without punctuation: what is compared. */
const words = (text: string): string => text.replace(/[\s.,;:!?|/\\\-_*#"'()[\]{}<>]+/g, ' ').trim().toLowerCase();

const MARKUP = /<[^>]*>|\/>|&(amp|quot|#39|lt|gt|nbsp);/i;
/** How a title might join category levels: "A > B", "A › B", "A | B", "A / B", "A - B", "A, B". */
const PATH_SEPARATOR = /\s*(?:>|›|»|\||\/| - |,)\s*/;

export type TitleVerdict = { title: string; markupRemoved: boolean; dropped?: 'markup' | 'category' };

/**
 * Cleans a title; `categoryNames` are the catalog's category names as `categoryNamesOf` gives them, so a title that
 * is only category names ("Industrial & Scientific />.", an image's alt text where the product name should be) or
 * only markup is dropped (the title becomes empty).
 */
export function cleanTitle(raw: string, categoryNames: ReadonlySet<string>): TitleVerdict {
  // The tail of a tag whose start was cut off ("... RFX7121101 />.") and the start of one cut off at the end go too.
  const title = cleanCatalogText(raw.replace(/\s*\/>/g, '').replace(/<[a-z][^>]*$/i, ''));
  const markupRemoved = MARKUP.test(raw);
  if (words(title).length === 0) return raw.trim() ? { title: '', markupRemoved, dropped: 'markup' } : { title: '', markupRemoved };
  const parts = title.split(PATH_SEPARATOR).map(words).filter((p) => p.length > 0);
  if (parts.every((p) => categoryNames.has(p))) return { title: '', markupRemoved, dropped: 'category' };
  return { title, markupRemoved };
}

const MAX_CATEGORY_NAME = 100;
/** Descriptions are cut to this many characters of clean text (the text encoder reads far fewer). */
export const MAX_DESCRIPTION = 2000;

/**
 * A category level is a name: it starts with a letter ("Fasteners") or a number glued to one ("3D Printers").
 * A level below the root that starts with a bare number ("1 pack", "40+ x NH & Type 27", "4-1/2 in x 7/8") or
 * reads like a sentence (100 characters or more) is product text that leaked into the path; it and every level after
 * it go. The root stays whatever it is: a whole path joined with a separator the loader did not split on is one
 * long root level, which `singleLevelWarning` (stats.ts) then reports.
 */
export function cleanCategories(levels: readonly string[]): { categories: string[]; cut: boolean } {
  const categories: string[] = [];
  let cut = false;
  for (const level of levels) {
    const name = cleanCatalogText(level);
    if (name.length === 0) continue;
    if (categories.length > 0 && (name.length >= MAX_CATEGORY_NAME || /^\d+(?![\dA-Za-z])/.test(name))) {
      cut = true;
      break;
    }
    categories.push(name);
  }
  return { categories, cut };
}

/** Lower-case category names of the catalog, for telling a category name posing as a title. */
export function categoryNamesOf(items: readonly Item[]): Set<string> {
  const names = new Set<string>();
  for (const item of items) for (const level of item.categories) names.add(words(level));
  return names;
}

/**
 * Cleans every item, keeping ids and order; each change is counted in `problems` under its kind, with item ids as
 * examples: `mojibake-repaired`, `title-markup-removed`, `title-only-markup-dropped`, `title-only-category-dropped`,
 * `category-path-cut`.
 */
export function cleanItems(items: readonly Item[], problems: ProblemCollector): Item[] {
  const cleaned = items.map((item) => {
    const { categories, cut } = cleanCategories(item.categories);
    if (cut) problems.add('category-path-cut', item.id);
    return { item, categories };
  });
  const names = categoryNamesOf(cleaned.map(({ item, categories }) => ({ ...item, categories })));
  return cleaned.map(({ item, categories }) => {
    const out: Item = { ...item, categories };
    const { title, markupRemoved, dropped } = cleanTitle(item.title, names);
    out.title = title;
    if (dropped === 'markup') problems.add('title-only-markup-dropped', item.id);
    else if (dropped === 'category') problems.add('title-only-category-dropped', item.id);
    else if (markupRemoved) problems.add('title-markup-removed', item.id);
    if (item.brand !== undefined) {
      const brand = cleanCatalogText(item.brand);
      if (brand) out.brand = brand;
      else delete out.brand;
    }
    if (item.description !== undefined) {
      const description = cleanCatalogText(item.description).slice(0, MAX_DESCRIPTION);
      if (description) out.description = description;
      else delete out.description;
    }
    const before = [item.title, item.brand ?? '', item.description ?? '', ...item.categories].join('\n');
    if (before !== repairMojibake(before)) problems.add('mojibake-repaired', item.id);
    return out;
  });
}
