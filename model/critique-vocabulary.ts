import { categoryPath, splitCategoryPath, type Catalog } from './catalog.js';

/**
 * Critique tokens: every category path prefix of the catalog up to `levels` deep gets an id (1-based; 0 = none).
 * A critique is the set of its prefixes' ids, so "A - B" (broad) shares rows with "A - B - C - D" (precise).
 */
export class CritiqueVocabulary {
  readonly levels: number;
  readonly paths: string[];
  private readonly ids: Map<string, number>;

  constructor(paths: string[], levels: number) {
    this.paths = paths;
    this.levels = levels;
    this.ids = new Map(paths.map((p, i) => [p, i + 1]));
  }

  static fromCatalog(catalog: Catalog, levels: number): CritiqueVocabulary {
    const paths = new Set<string>();
    for (const item of catalog.items) for (let l = 1; l <= Math.min(levels, item.categories.length); l++) paths.add(categoryPath(item.categories, l));
    return new CritiqueVocabulary([...paths].sort(), levels);
  }

  get size(): number {
    return this.paths.length;
  }

  /** Prefix ids of a critique given as levels or a "A - B - C" path; unknown levels stop the walk. Length = levels. */
  encode(critique: readonly string[] | string | undefined): number[] {
    const out = new Array<number>(this.levels).fill(0);
    if (critique === undefined || this.levels === 0) return out;
    const levels = typeof critique === 'string' ? splitCategoryPath(critique) : critique;
    for (let l = 1; l <= Math.min(this.levels, levels.length); l++) {
      const id = this.ids.get(categoryPath(levels, l));
      if (id === undefined) break;
      out[l - 1] = id;
    }
    return out;
  }

  /** Whether a path is a known critique (any depth up to `levels`). */
  has(path: string): boolean {
    return this.ids.has(path);
  }
}
