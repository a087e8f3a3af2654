import { categoryPath, sharedPrefixLength, type Catalog } from '../model/catalog.js';
import { CRITIQUE_LEVELS } from '../model/critique.js';

/**
 * The valid precise critiques of a catalog: distinct paths of the first four levels that at least `minItems`
 * items carry (section 4.6 requires five), as level lists.
 */
export function validCritiques(catalog: Catalog, minItems = 5): string[][] {
  const depth = CRITIQUE_LEVELS.precise;
  const counts = new Map<string, { levels: string[]; n: number }>();
  for (const item of catalog.items) {
    if (item.categories.length === 0) continue;
    const levels = item.categories.slice(0, depth);
    const key = categoryPath(levels);
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { levels, n: 1 });
  }
  return [...counts.values()].filter((e) => e.n >= minItems).map((e) => e.levels);
}

/**
 * Section 4.6 mutation at level L (2..4): keep the first L-1 levels of the target's critique and move to another
 * valid critique that differs at level L. Returns undefined when the catalog offers none.
 */
export function mutateCritique(target: readonly string[], level: number, valid: readonly string[][], random: () => number): string[] | undefined {
  if (level < 1 || level > target.length) return undefined;
  const keep = level - 1;
  const candidates = valid.filter(
    (c) => c.length >= level && sharedPrefixLength(c, target) === keep && c[level - 1] !== target[level - 1],
  );
  if (candidates.length === 0) return undefined;
  return [...candidates[Math.floor(random() * candidates.length)]!];
}

/**
 * Relevances of the ideal top-k for a critique (for Cat-nDCG's normaliser): with c_r the number of items sharing at
 * least r leading levels, exactly c_r - c_{r+1} items have relevance r.
 */
export function idealRelevances(critique: readonly string[], itemsUnderPrefix: Map<string, number>, catalogSize: number, k: number): number[] {
  const atLeast = [catalogSize];
  for (let r = 1; r <= critique.length; r++) atLeast.push(itemsUnderPrefix.get(categoryPath(critique.slice(0, r))) ?? 0);
  const out: number[] = [];
  for (let r = critique.length; r >= 0 && out.length < k; r--) {
    const exactly = atLeast[r]! - (r < critique.length ? atLeast[r + 1]! : 0);
    for (let i = 0; i < exactly && out.length < k; i++) out.push(r);
  }
  return out;
}
