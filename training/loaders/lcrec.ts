import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Item } from '../../model/catalog.js';
import type { Interactions } from '../preprocess.js';
import type { ProblemCollector } from './problems.js';
import { SourceError } from './source-error.js';

/**
 * LC-Rec joins category levels with a bare comma; commas followed by a space belong to a level's name. Sources that
 * join levels with something else (", " in some LC-Rec-style exports) say so with `separator`.
 */
export function splitLcRecCategories(path: string, separator?: string): string[] {
  return path
    .split(separator === undefined ? /,(?=\S)/ : separator)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

function parseJsonFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  if (text.trim().length === 0) throw new SourceError(`${path} is empty: LC-Rec sources need the item and interaction JSON files with content`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceError(`${path} is not valid JSON (${(error as Error).message}): check the file is complete and not compressed`);
  }
}

/** `<Name>.inter.json` ({user: [itemId...]}, chronological) and `<Name>.item.json` ({itemId: {title, description, brand, categories}}). */
export function readLcRec(interPath: string, itemPath: string, problems: ProblemCollector, categorySeparator?: string): Interactions {
  const rawItems = parseJsonFile(itemPath);
  const rawInter = parseJsonFile(interPath);
  if (typeof rawItems !== 'object' || rawItems === null || Array.isArray(rawItems)) throw new SourceError(`${itemPath}: expected one JSON object of item id to item ({"0": {"title": ...}})`);
  if (typeof rawInter !== 'object' || rawInter === null || Array.isArray(rawInter)) throw new SourceError(`${interPath}: expected one JSON object of user id to item ids ({"u1": [0, 5, 2]})`);

  const items: Item[] = [];
  const slot = new Map<string, number>();
  const itemName = basename(itemPath);
  for (const [id, value] of Object.entries(rawItems as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) {
      problems.add('malformed-item', `${itemName}#${id}`);
      continue;
    }
    const v = value as Record<string, unknown>;
    // Text is kept as found; `cleanItems` (clean.ts) cleans every loader's items and counts what it changes.
    const title = typeof v.title === 'string' ? v.title : '';
    if (!title.trim()) problems.add('missing-title', `${itemName}#${id}`);
    const item: Item = { id, title, categories: typeof v.categories === 'string' ? splitLcRecCategories(v.categories, categorySeparator) : [] };
    if (typeof v.brand === 'string' && v.brand.trim()) item.brand = v.brand.trim();
    if (typeof v.description === 'string' && v.description.trim()) item.description = v.description.trim();
    if (v.price !== undefined && Number.isFinite(Number(v.price))) item.price = Number(v.price);
    slot.set(id, items.length);
    items.push(item);
  }

  const users: string[] = [];
  const sequences: Int32Array[] = [];
  const interName = basename(interPath);
  for (const [user, list] of Object.entries(rawInter as Record<string, unknown>)) {
    if (!Array.isArray(list)) {
      problems.add('malformed-sequence', `${interName}#${user}`);
      continue;
    }
    const seq: number[] = [];
    for (const raw of list) {
      const index = slot.get(String(raw));
      if (index === undefined) problems.add('unknown-item-in-sequence', `${interName}#${user}:${String(raw)}`);
      else seq.push(index);
    }
    users.push(user);
    sequences.push(Int32Array.from(seq));
  }
  return { items, users, sequences };
}
