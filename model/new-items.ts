import { z } from 'zod';
import type { Item } from './catalog.js';

/**
 * Items to add to a bundle's catalog (`flarechat add-items`, the model server's POST /v1/items), in the catalog's own
 * format: id, title, categories (root first), optional brand, price and description. Checked with zod, so every
 * problem of a line is named at once.
 */
const newItemSchema = z
  .object({
    id: z.string().trim().min(1, 'id must be a non-empty string').max(200, 'id is longer than 200 characters'),
    title: z.string().trim().min(1, 'title must be a non-empty string').max(2000, 'title is longer than 2000 characters'),
    categories: z.array(z.string().trim().min(1, 'a category must be a non-empty string')).max(20, 'at most 20 category levels'),
    brand: z.string().trim().max(500).optional(),
    price: z.number().finite().nonnegative('price must be a number >= 0').optional(),
    description: z.string().max(20_000).optional(),
  })
  .strict();

export interface ItemProblem {
  /** 1-based line of the file, or 1-based position in a request's list. */
  line: number;
  message: string;
}

export interface ParsedItems {
  items: Item[];
  /** Lines that failed validation, in order; none are added when any fails. */
  problems: ItemProblem[];
  /** Ids that occur more than once in the input, with every line they occur on. */
  duplicates: { id: string; lines: number[] }[];
}

/** The item of one JSON value, or a one-line reason it is not one. */
export function validateNewItem(value: unknown): Item | string {
  const result = newItemSchema.safeParse(value);
  if (!result.success) return result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
  const { id, title, categories, brand, price, description } = result.data;
  return { id, title, categories, ...(brand ? { brand } : {}), ...(price !== undefined ? { price } : {}), ...(description ? { description } : {}) };
}

/** Validates a list of JSON values (`line` numbers each one's position, 1-based). */
export function validateNewItems(values: readonly unknown[], lineOf: (i: number) => number = (i) => i + 1): ParsedItems {
  const items: Item[] = [];
  const problems: ItemProblem[] = [];
  const seen = new Map<string, number[]>();
  values.forEach((value, i) => {
    const item = validateNewItem(value);
    if (typeof item === 'string') return void problems.push({ line: lineOf(i), message: item });
    const lines = seen.get(item.id);
    if (lines) lines.push(lineOf(i));
    else {
      seen.set(item.id, [lineOf(i)]);
      items.push(item);
    }
  });
  const duplicates = [...seen].filter(([, lines]) => lines.length > 1).map(([id, lines]) => ({ id, lines }));
  return { items, problems, duplicates };
}

/** A JSON-lines file of items: blank lines skipped, a line that is not JSON counted as a problem like any other. */
export function parseNewItemsJsonl(text: string): ParsedItems {
  const values: unknown[] = [];
  const lines: number[] = [];
  const notJson: ItemProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      values.push(JSON.parse(line));
      lines.push(i + 1);
    } catch {
      notJson.push({ line: i + 1, message: 'not valid JSON' });
    }
  });
  const parsed = validateNewItems(values, (i) => lines[i]!);
  parsed.problems.push(...notJson);
  parsed.problems.sort((a, b) => a.line - b.line);
  return parsed;
}

/**
 * "3 lines fail validation (line 2: title: ...; line 7: not valid JSON)", or undefined when nothing is wrong.
 * `place` names a position: a file's line (default) or a request's entry (`items[2]`).
 */
export function describeItemProblems(parsed: ParsedItems, place: (n: number) => string = (n) => `line ${n}`, plural: [string, string] = ['line', 'lines']): string | undefined {
  const parts: string[] = [];
  const count = (n: number) => `${n} ${n === 1 ? plural[0] : plural[1]}`;
  if (parsed.problems.length) {
    const shown = parsed.problems.slice(0, 5).map((p) => `${place(p.line)}: ${p.message}`);
    parts.push(`${count(parsed.problems.length)} fail${parsed.problems.length === 1 ? 's' : ''} validation (${shown.join('; ')}${parsed.problems.length > 5 ? '; …' : ''})`);
  }
  if (parsed.duplicates.length) {
    const shown = parsed.duplicates.slice(0, 5).map((d) => `'${d.id.slice(0, 64)}' at ${d.lines.map(place).join(', ')}`);
    parts.push(`${parsed.duplicates.length} id${parsed.duplicates.length === 1 ? '' : 's'} given more than once (${shown.join('; ')}${parsed.duplicates.length > 5 ? '; …' : ''})`);
  }
  return parts.length ? parts.join('; ') : undefined;
}
