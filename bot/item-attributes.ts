/**
 * Attributes of an item read from what the catalog has: its price field, and sizes, colours and materials written in
 * its title ("1000ml", "1/2-Inch", "1kg", "Black", "Carbide"). The demo catalog has no price, size or colour fields,
 * so the title is the only place these live; what a title does not say is unknown, never guessed.
 */

import { materialAdjective, materialNoun, otherSpelling } from './understanding/text.js';

export type SizeDimension = 'volume' | 'mass' | 'length';

export interface Size {
  dimension: SizeDimension;
  /** In the dimension's base unit: millilitres, grams or millimetres. */
  value: number;
}

/** Each unit as written in titles, with its dimension and its factor to the base unit. */
const UNITS: { pattern: string; dimension: SizeDimension; factor: number }[] = [
  { pattern: 'ml|milliliters?|millilitres?', dimension: 'volume', factor: 1 },
  { pattern: 'l|liters?|litres?', dimension: 'volume', factor: 1000 },
  { pattern: 'fl\\.? ?oz', dimension: 'volume', factor: 29.5735 },
  { pattern: 'gal|gallons?', dimension: 'volume', factor: 3785.41 },
  { pattern: 'quarts?|qt', dimension: 'volume', factor: 946.353 },
  { pattern: 'kg|kilograms?', dimension: 'mass', factor: 1000 },
  { pattern: 'g|grams?', dimension: 'mass', factor: 1 },
  { pattern: 'lbs?|pounds?', dimension: 'mass', factor: 453.592 },
  { pattern: 'oz|ounces?', dimension: 'mass', factor: 28.3495 },
  { pattern: 'mm|millimeters?|millimetres?', dimension: 'length', factor: 1 },
  { pattern: 'cm|centimeters?|centimetres?', dimension: 'length', factor: 10 },
  { pattern: 'inch|inches|in\\.|"|”', dimension: 'length', factor: 25.4 },
  { pattern: 'ft|feet|foot', dimension: 'length', factor: 304.8 },
];

/** A number as titles write them: "3", "0.5", "1/2", "3-1/4" or "3 1/4" ("250/500 ml" is a set, not a fraction). */
const FRACTION = '\\d{1,2}/(?:64|32|16|8|4|2)(?!\\d)';
const NUMBER = `(\\d+[- ]${FRACTION}|${FRACTION}|\\d*\\.\\d+|\\d+)`;
const QUANTITY = new RegExp(`(?<![\\w.])${NUMBER}\\s*-?\\s*(${UNITS.map((u) => u.pattern).join('|')})(?![a-z])`, 'gi');
const UNIT_MATCHERS = UNITS.map((u) => ({ ...u, regex: new RegExp(`^(?:${u.pattern})$`, 'i') }));

function parseNumber(text: string): number {
  const mixed = /^(\d+)[- ](\d+)\/(\d+)$/.exec(text);
  if (mixed) return Number(mixed[1]) + Number(mixed[2]) / Number(mixed[3]);
  const fraction = /^(\d+)\/(\d+)$/.exec(text);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  return Number(text);
}

/** The order in which a title's sizes speak for the item: a "1kg spool of 1.75mm filament" is sized by its mass. */
const DIMENSION_ORDER: SizeDimension[] = ['volume', 'mass', 'length'];

/** Every size a title mentions, largest per dimension (a "50/100/250 ml" set reaches 250 ml). */
export function sizesInTitle(title: string): Size[] {
  const largest = new Map<SizeDimension, number>();
  for (const match of title.matchAll(QUANTITY)) {
    const unit = UNIT_MATCHERS.find((u) => u.regex.test(match[2]!.trim()));
    const value = parseNumber(match[1]!);
    if (!unit || !Number.isFinite(value) || value <= 0) continue;
    const base = value * unit.factor;
    largest.set(unit.dimension, Math.max(base, largest.get(unit.dimension) ?? 0));
  }
  return DIMENSION_ORDER.filter((d) => largest.has(d)).map((dimension) => ({ dimension, value: largest.get(dimension)! }));
}

/** The sizes a title gives, as it writes them ("12-Inch", "500 ml"), in the title's order. */
export function sizeTextsInTitle(title: string): string[] {
  const texts: string[] = [];
  for (const match of title.matchAll(QUANTITY)) {
    const value = parseNumber(match[1]!);
    if (UNIT_MATCHERS.some((u) => u.regex.test(match[2]!.trim())) && Number.isFinite(value) && value > 0) texts.push(match[0].trim());
  }
  return [...new Set(texts)];
}

/** The size that speaks for the item (volume, else mass, else length), or undefined when its title gives none. */
export function sizeOf(title: string): Size | undefined {
  return sizesInTitle(title)[0];
}

const wordPatterns = new Map<string, RegExp | undefined>();

/** Whether a title mentions a word ("black", "carbide", "stainless steel"), as a whole word, in any case or plural. */
export function titleMentions(title: string, word: string): boolean {
  let pattern = wordPatterns.get(word);
  if (!wordPatterns.has(word)) {
    // ("only aluminium" on a catalog writing "aluminum": each word in either spelling.)
    const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const escaped = word.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0).map((w) => {
      // (Only the same word spelt otherwise: "tin" filters no "pan", whatever a British shopper means by it.)
      // (And a material's noun its adjective, and the other way: "wood" finds "Wooden", "wooden" finds "Wood".)
      const other = otherSpelling(w) ?? materialAdjective(w) ?? (materialNoun(w) === w ? undefined : materialNoun(w));
      return other === undefined ? escape(w) : `(?:${escape(w)}|${escape(other)})`;
    }).join('[\\s-]+');
    pattern = escaped ? new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu') : undefined;
    // Words come from people: keep the cache from growing without bound.
    if (wordPatterns.size > 1000) wordPatterns.clear();
    wordPatterns.set(word, pattern);
  }
  return pattern !== undefined && pattern.test(title);
}

/** How a price reads in a reply: "$12.50". */
export function formatPrice(price: number): string {
  return `$${price.toFixed(2)}`;
}

/** How a size reads in a reply: "250 ml", "1 kg", "12.7 mm". */
export function formatSize(size: Size): string {
  const round = (n: number) => String(Math.round(n * 100) / 100);
  if (size.dimension === 'volume') return size.value >= 1000 ? `${round(size.value / 1000)} l` : `${round(size.value)} ml`;
  if (size.dimension === 'mass') return size.value >= 1000 ? `${round(size.value / 1000)} kg` : `${round(size.value)} g`;
  return `${round(size.value)} mm`;
}
