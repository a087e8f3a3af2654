import type { Item } from '../../model/catalog.js';
import { describeItemProblems, validateNewItems } from '../../model/new-items.js';
import { HttpError } from './http-error.js';

/**
 * A POST /v1/items body, {"items": [{"id", "title", "categories", "brand"?, "price"?}, ...]}, as the items to add:
 * the same checks as `flarechat add-items` (model/new-items.ts), every bad entry named (items[2]) in one 400.
 */
export function parseItemsRequest(body: unknown, maxItems: number): Item[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object {"items": [...]}', 'body');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => key !== 'items');
  if (unknown !== undefined) throw new HttpError(400, `unknown field '${unknown.slice(0, 64)}'; expected items`, unknown.slice(0, 64));
  const items = fields.items;
  if (!Array.isArray(items) || items.length === 0) throw new HttpError(400, 'items must be a non-empty array of items (id, title, categories, optional brand and price)', 'items');
  if (items.length > maxItems) throw new HttpError(400, `items has ${items.length} entries; at most ${maxItems} a request`, 'items');
  // Entries numbered from 0, as the field names them (items[0]).
  const parsed = validateNewItems(items, (i) => i);
  const problems = describeItemProblems(parsed, (i) => `items[${i}]`, ['entry', 'entries']);
  if (problems) {
    const first = parsed.problems[0]?.line ?? parsed.duplicates[0]?.lines[1];
    throw new HttpError(400, `${problems}; nothing was added`, `items[${first}]`);
  }
  return parsed.items;
}
