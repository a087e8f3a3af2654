import { categoryPath, type Catalog, type Item } from './catalog.js';

/** Critique granularity of section 4.5: precise = the first four category levels, broad = the first two. */
export type CritiqueMode = 'none' | 'broad' | 'precise';

export const CRITIQUE_LEVELS: Record<Exclude<CritiqueMode, 'none'>, number> = { precise: 4, broad: 2 };

/** The critique string an item carries in training (levels counted from the catalog's root, as in the paper). */
export function critiqueFor(item: Item, mode: CritiqueMode): string | undefined {
  if (mode === 'none' || item.categories.length === 0) return undefined;
  return categoryPath(item.categories, CRITIQUE_LEVELS[mode]);
}

/** Levels of a critique: the item's categories truncated to the mode's depth. */
export function critiqueLevels(item: Item, mode: Exclude<CritiqueMode, 'none'>): string[] {
  return item.categories.slice(0, CRITIQUE_LEVELS[mode]);
}

/** Number of items under every category prefix, keyed by the joined path. */
export function prefixCounts(catalog: Catalog): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [path, items] of catalog.categoryIndex()) counts.set(path, items.length);
  return counts;
}
