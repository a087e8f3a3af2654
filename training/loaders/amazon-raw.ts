import { basename } from 'node:path';
import type { Item } from '../../model/catalog.js';
import { fnv1a } from '../hash.js';
import { MAX_DESCRIPTION } from './clean.js';
import { readLines } from './lines.js';
import type { ProblemCollector } from './problems.js';

/**
 * Reviews of the Amazon Product Reviews 2018 files, kept as parallel typed arrays so tens of millions of
 * reviews fit in a few hundred MB: ids are interned once, review text is kept only as a 32-bit hash (enough
 * for CALRec-style duplicate detection).
 */
export class ReviewTable {
  readonly userIds: string[] = [];
  readonly itemIds: string[] = [];
  private readonly userIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  user = new Int32Array(1 << 16);
  item = new Int32Array(1 << 16);
  /** Unix seconds; Uint32 lasts until 2106. */
  time = new Uint32Array(1 << 16);
  /** Star rating times two (half stars survive), 0 when absent. */
  ratingTimesTwo = new Uint8Array(1 << 16);
  textHash = new Uint32Array(1 << 16);
  length = 0;

  add(userId: string, itemId: string, time: number, rating: number, text: string): void {
    if (this.length === this.user.length) this.grow();
    const i = this.length++;
    this.user[i] = intern(userId, this.userIndex, this.userIds);
    this.item[i] = intern(itemId, this.itemIndex, this.itemIds);
    this.time[i] = time;
    this.ratingTimesTwo[i] = Math.max(0, Math.min(255, Math.round(rating * 2)));
    this.textHash[i] = fnv1a(text);
  }

  private grow(): void {
    const size = this.user.length * 2;
    const grow = <T extends Int32Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a as never);
      return b;
    };
    this.user = grow(this.user, (n) => new Int32Array(n));
    this.item = grow(this.item, (n) => new Int32Array(n));
    this.time = grow(this.time, (n) => new Uint32Array(n));
    this.ratingTimesTwo = grow(this.ratingTimesTwo, (n) => new Uint8Array(n));
    this.textHash = grow(this.textHash, (n) => new Uint32Array(n));
  }
}

function intern(id: string, index: Map<string, number>, list: string[]): number {
  let n = index.get(id);
  if (n === undefined) {
    n = list.length;
    index.set(id, n);
    list.push(id);
  }
  return n;
}

/** One JSON object a line; a line of `null`, a number, a string or an array is a bad line, counted like bad JSON. */
function parseRecord(line: string, where: string, problems: ProblemCollector): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    problems.add('malformed-json', where);
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add('not-a-json-object', where);
    return undefined;
  }
  return value as Record<string, unknown>;
}

export async function readAmazonReviews(paths: string[], problems: ProblemCollector): Promise<ReviewTable> {
  const table = new ReviewTable();
  for (const path of paths) {
    const name = basename(path);
    for await (const { line, lineNumber } of readLines(path, problems)) {
      if (line.trim().length === 0) continue;
      const record = parseRecord(line, `${name}:${lineNumber}`, problems);
      if (!record) continue;
      const userId = record.reviewerID;
      const itemId = record.asin;
      if (typeof userId !== 'string' || userId.length === 0 || typeof itemId !== 'string' || itemId.length === 0) {
        problems.add('missing-reviewer-or-asin', `${name}:${lineNumber}`);
        continue;
      }
      const time = Number(record.unixReviewTime);
      if (record.unixReviewTime === undefined || record.unixReviewTime === null || !Number.isFinite(time) || time < 0 || time >= 2 ** 32) {
        problems.add('non-numeric-timestamp', `${name}:${lineNumber}`);
        continue;
      }
      const rating = Number(record.overall ?? 0);
      table.add(userId, itemId, time, Number.isFinite(rating) ? rating : 0, typeof record.reviewText === 'string' ? record.reviewText : '');
    }
  }
  return table;
}

/** Amazon prices come as "$12.99", "$5.00 - $9.00" or junk; the first number is kept. */
export function parsePrice(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const match = /\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)/.exec(value);
  if (!match) return undefined;
  const n = Number(match[1]!.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads meta_<Category>.json(.gz), keeping only items `wanted` (those that have reviews), so the catalog of
 * a 15M-line meta file never sits in memory whole.
 */
export async function readAmazonMeta(paths: string[], wanted: Set<string>, problems: ProblemCollector): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  for (const path of paths) {
    const name = basename(path);
    for await (const { line, lineNumber } of readLines(path, problems)) {
      if (line.trim().length === 0) continue;
      const record = parseRecord(line, `${name}:${lineNumber}`, problems);
      if (!record) continue;
      const asin = record.asin;
      if (typeof asin !== 'string' || asin.length === 0) {
        problems.add('meta-missing-asin', `${name}:${lineNumber}`);
        continue;
      }
      if (!wanted.has(asin) || items.has(asin)) continue;
      // Text is kept as found; `cleanItems` (clean.ts) cleans every loader's items and counts what it changes.
      const title = typeof record.title === 'string' ? record.title : '';
      const categories = Array.isArray(record.category) ? record.category.filter((c): c is string => typeof c === 'string') : [];
      const item: Item = { id: asin, title, categories };
      if (typeof record.brand === 'string') item.brand = record.brand;
      const price = parsePrice(record.price);
      if (price !== undefined) item.price = price;
      const description = Array.isArray(record.description) ? record.description.join(' ') : record.description;
      // Cut before cleaning only to bound memory (markup included); cleanItems cuts the clean text to MAX_DESCRIPTION.
      if (typeof description === 'string' && description.length > 0) item.description = description.slice(0, 4 * MAX_DESCRIPTION);
      items.set(asin, item);
    }
  }
  return items;
}
