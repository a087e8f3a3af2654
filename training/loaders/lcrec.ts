import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Item } from '../../model/catalog.js';
import type { Interactions } from '../preprocess.js';
import { cleanText } from '../../model/text-encoder/text-cleaning.js';
import type { ProblemCollector } from './problems.js';

/** LC-Rec joins category levels with a bare comma; commas followed by a space belong to a level's name. */
export function splitLcRecCategories(path: string): string[] {
  return path
    .split(/,(?=\S)/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

function parseJsonFile(path: string, problems: ProblemCollector): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** `<Name>.inter.json` ({user: [itemId...]}, chronological) and `<Name>.item.json` ({itemId: {title, description, brand, categories}}). */
export function readLcRec(interPath: string, itemPath: string, problems: ProblemCollector): Interactions {
  const rawItems = parseJsonFile(itemPath, problems);
  const rawInter = parseJsonFile(interPath, problems);
  if (typeof rawItems !== 'object' || rawItems === null || Array.isArray(rawItems)) throw new Error(`${itemPath}: expected an object of item id to item`);
  if (typeof rawInter !== 'object' || rawInter === null || Array.isArray(rawInter)) throw new Error(`${interPath}: expected an object of user id to item ids`);

  const items: Item[] = [];
  const slot = new Map<string, number>();
  const itemName = basename(itemPath);
  for (const [id, value] of Object.entries(rawItems as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) {
      problems.add('malformed-item', `${itemName}#${id}`);
      continue;
    }
    const v = value as Record<string, unknown>;
    const title = typeof v.title === 'string' ? cleanText(v.title, { markup: true }) : '';
    if (!title) problems.add('missing-title', `${itemName}#${id}`);
    const item: Item = { id, title, categories: typeof v.categories === 'string' ? splitLcRecCategories(v.categories) : [] };
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
