import type { Item } from '../model/catalog.js';
import type { Dataset } from '../model/dataset.js';

export type CategoryLevelCounts = { none: number; one: number; two: number; three: number; fourPlus: number };

/** How many items have 0, 1, 2, 3 and 4 or more category levels. */
export function countCategoryLevels(items: readonly Item[]): CategoryLevelCounts {
  const levels = { none: 0, one: 0, two: 0, three: 0, fourPlus: 0 };
  for (const item of items) {
    const n = item.categories.length;
    if (n === 0) levels.none++;
    else if (n === 1) levels.one++;
    else if (n === 2) levels.two++;
    else if (n === 3) levels.three++;
    else levels.fourPlus++;
  }
  return levels;
}

/** Share of the items with categories that have exactly one level, above which the tree is taken to be flat. */
export const FLAT_CATEGORY_SHARE = 0.9;

/**
 * A warning when nearly every item with categories has a single level: then critiques cannot narrow or broaden, and
 * each critique is the whole path. Usually the source joined its levels with a separator the loader did not split on.
 */
export function singleLevelWarning(levels: CategoryLevelCounts, lcRec: boolean): string | undefined {
  const withCategories = levels.one + levels.two + levels.three + levels.fourPlus;
  if (withCategories === 0 || levels.one / withCategories < FLAT_CATEGORY_SHARE) return undefined;
  const share = `${((100 * levels.one) / withCategories).toFixed(1)}%`;
  const fix = lcRec
    ? 'if the item file joins levels with ", " or another separator, prepare again with --category-separator ", " (or that separator)'
    : 'critiques will name whole category paths and cannot narrow or broaden';
  return `warning: ${share} of the items with categories have a single category level: ${fix}`;
}

export interface DatasetStats {
  name: string;
  users: number;
  items: number;
  interactions: number;
  itemsPerUser: number;
  itemsWithTitle: number;
  categoryLevels: CategoryLevelCounts;
  sequenceLength: { min: number; median: number; max: number };
}

export function computeStats(dataset: Dataset): DatasetStats {
  const items = dataset.catalog.items;
  const levels = countCategoryLevels(items);
  let titled = 0;
  for (const item of items) if (item.title && item.title.trim()) titled++;
  const lengths = dataset.sequences.map((s) => s.length).sort((a, b) => a - b);
  const interactions = lengths.reduce((a, b) => a + b, 0);
  return {
    name: dataset.manifest.name,
    users: dataset.users.length,
    items: items.length,
    interactions,
    itemsPerUser: dataset.users.length ? interactions / dataset.users.length : 0,
    itemsWithTitle: titled,
    categoryLevels: levels,
    sequenceLength: { min: lengths[0] ?? 0, median: lengths[Math.floor(lengths.length / 2)] ?? 0, max: lengths[lengths.length - 1] ?? 0 },
  };
}

const pct = (n: number, of: number) => (of === 0 ? '0.0%' : `${((100 * n) / of).toFixed(1)}%`);

export function formatStats(s: DatasetStats): string {
  return [
    `dataset ${s.name}`,
    '',
    '| Dataset | # Users | # Items | I/U |',
    '|---|---|---|---|',
    `| ${s.name} | ${s.users.toLocaleString('en-US')} | ${s.items.toLocaleString('en-US')} | ${s.itemsPerUser.toFixed(2)} |`,
    '',
    `interactions          ${s.interactions.toLocaleString('en-US')}`,
    `sequence length       min ${s.sequenceLength.min}, median ${s.sequenceLength.median}, max ${s.sequenceLength.max}`,
    `items with a title    ${pct(s.itemsWithTitle, s.items)}`,
    `category levels       0: ${pct(s.categoryLevels.none, s.items)}, 1: ${pct(s.categoryLevels.one, s.items)}, 2: ${pct(s.categoryLevels.two, s.items)}, 3: ${pct(s.categoryLevels.three, s.items)}, 4+: ${pct(s.categoryLevels.fourPlus, s.items)}`,
  ].join('\n');
}
