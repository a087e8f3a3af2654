import { basename } from 'node:path';
import type { Item } from '../../model/catalog.js';
import type { Interactions } from '../preprocess.js';
import { readLines } from './lines.js';
import type { ProblemCollector } from './problems.js';

export interface UniSRecPaths {
  text: string;
  item2index: string;
  user2index: string;
  train: string;
  valid: string;
  test: string;
}

/** Reads a RecBole atomic file: a typed header line ("user_id:token\t...") then tab-separated rows. */
async function* readAtomic(path: string, problems: ProblemCollector): AsyncGenerator<{ fields: Record<string, string>; lineNumber: number }> {
  let header: string[] | undefined;
  const name = basename(path);
  for await (const { line, lineNumber } of readLines(path, problems)) {
    if (line.trim().length === 0) continue;
    const cells = line.split('\t');
    if (!header) {
      header = cells.map((c) => c.split(':')[0]!);
      continue;
    }
    if (cells.length !== header.length) {
      problems.add('wrong-column-count', `${name}:${lineNumber}`);
      continue;
    }
    yield { fields: Object.fromEntries(header.map((h, i) => [h, cells[i]!])), lineNumber };
  }
}

async function readIndexMap(path: string, problems: ProblemCollector): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  const name = basename(path);
  for await (const { line, lineNumber } of readLines(path, problems)) {
    if (line.trim().length === 0) continue;
    const [key, value] = line.split('\t');
    const n = Number(value);
    if (!key || value === undefined || !Number.isInteger(n) || n < 0) problems.add('malformed-index-line', `${name}:${lineNumber}`);
    else map.set(key, n);
  }
  return map;
}

/**
 * UniSRec text is "title. category path joined by spaces. brand. ": the level boundaries are lost, so the category
 * words are kept in the description and `categories` stays empty (critiques need a source with real levels).
 */
export function parseUniSRecText(text: string): { title: string; categoryText?: string; brand?: string } {
  const parts = text.trim().replace(/\.$/, '').split('. ');
  if (parts.length >= 3) {
    const brand = parts.pop()!.trim();
    const categoryText = parts.pop()!.trim();
    return { title: parts.join('. ').trim(), categoryText, brand: brand || undefined };
  }
  return { title: text.trim().replace(/\.$/, '') };
}

/**
 * Rebuilds each user's full sequence from the leave-one-out files: the test row's history plus its target (RecBole
 * keeps at most 50 history items, so older items of very long histories are not recoverable).
 */
export async function readUniSRec(paths: UniSRecPaths, problems: ProblemCollector): Promise<Interactions> {
  const item2index = await readIndexMap(paths.item2index, problems);
  const user2index = await readIndexMap(paths.user2index, problems);
  const asinOf: string[] = [];
  for (const [asin, index] of item2index) asinOf[index] = asin;
  const userOf: string[] = [];
  for (const [user, index] of user2index) userOf[index] = user;

  const textByAsin = new Map<string, string>();
  for await (const { fields } of readAtomic(paths.text, problems)) textByAsin.set(fields.item_id!, fields.text ?? '');

  const items: Item[] = asinOf.map((asin, index) => {
    if (asin === undefined) {
      problems.add('item-index-gap', String(index));
      return { id: `#${index}`, title: '', categories: [] };
    }
    const text = textByAsin.get(asin);
    if (text === undefined) {
      problems.add('item-without-text', asin);
      return { id: asin, title: '', categories: [] };
    }
    const parsed = parseUniSRecText(text);
    const item: Item = { id: asin, title: parsed.title, categories: [] };
    if (parsed.brand) item.brand = parsed.brand;
    if (parsed.categoryText) item.description = parsed.categoryText;
    return item;
  });

  const rows = new Map<number, number[]>();
  for (const split of [paths.train, paths.valid, paths.test]) {
    const name = basename(split);
    for await (const { fields, lineNumber } of readAtomic(split, problems)) {
      const user = Number(fields.user_id);
      const history = (fields.item_id_list ?? '').split(' ').filter((t) => t.length > 0).map(Number);
      const target = Number(fields.item_id);
      const all = [...history, target];
      if (!Number.isInteger(user) || all.some((i) => !Number.isInteger(i) || i < 0 || i >= items.length)) {
        problems.add('malformed-interaction-row', `${name}:${lineNumber}`);
        continue;
      }
      const previous = rows.get(user);
      if (!previous || all.length >= previous.length) rows.set(user, all);
    }
  }
  const users: string[] = [];
  const sequences: Int32Array[] = [];
  for (const [user, seq] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    users.push(userOf[user] ?? String(user));
    sequences.push(Int32Array.from(seq));
  }
  return { items, users, sequences };
}
