import { CATEGORY_SEPARATOR, type Item } from '../catalog.js';

export type DescriptionField = 'title' | 'categories' | 'brand' | 'price' | 'description';

export const DEFAULT_DESCRIPTION_FIELDS: readonly DescriptionField[] = ['title', 'categories', 'brand', 'price'];

const withoutTrailingPeriod = (s: string) => s.trim().replace(/[.\s]+$/u, '');

function fieldText(item: Item, field: string): string | undefined {
  switch (field) {
    case 'title':
      return item.title ? withoutTrailingPeriod(item.title) : undefined;
    // The same ' - ' joined path critiques use, so an item and a critique naming its category share words.
    case 'categories':
      return item.categories.length ? `category: ${item.categories.join(CATEGORY_SEPARATOR)}` : undefined;
    case 'brand':
      return item.brand ? `brand: ${withoutTrailingPeriod(item.brand)}` : undefined;
    case 'price':
      return item.price !== undefined && Number.isFinite(item.price) ? `price: $${item.price.toFixed(2)}` : undefined;
    case 'description':
      return item.description ? withoutTrailingPeriod(item.description) : undefined;
    default:
      throw new Error(`itemDescription: unknown field '${field}' (fields: title, categories, brand, price, description)`);
  }
}

/**
 * The text an encoder reads for an item: the chosen fields in the given order, each a short sentence, lowercased
 * (USE-lite's vocabulary is lowercase). Missing fields are skipped.
 */
export function itemDescription(item: Item, fields: readonly string[] = DEFAULT_DESCRIPTION_FIELDS): string {
  return fields
    .map((f) => fieldText(item, f))
    .filter((t): t is string => t !== undefined && t.length > 0)
    .map((t) => `${t}.`)
    .join(' ')
    .toLowerCase();
}
