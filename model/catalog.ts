/** An item of the catalog. Its position in the catalog is its index; the model's token is index + 1 (0 is padding). */
export interface Item {
  /** Source identifier (ASIN or the source's own id). */
  id: string;
  title: string;
  brand?: string;
  price?: number;
  /** Category hierarchy from the root, e.g. ["Office Products", "Office & School Supplies", "Staplers & Punches"]. */
  categories: string[];
  description?: string;
}

/** The separator the paper uses between category levels in a critique string. */
export const CATEGORY_SEPARATOR = ' - ';

export function categoryPath(categories: readonly string[], levels?: number): string {
  const parts = levels === undefined ? categories : categories.slice(0, levels);
  return parts.join(CATEGORY_SEPARATOR);
}

export function splitCategoryPath(path: string): string[] {
  return path.split(CATEGORY_SEPARATOR).map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Number of leading levels two category lists share (Cat-nDCG relevance, paper eq. 8). */
export function sharedPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Items plus look-ups by source id; shared by training, serving and the bot. */
export class Catalog {
  readonly items: readonly Item[];
  private readonly byId: Map<string, number>;

  constructor(items: readonly Item[]) {
    this.items = items;
    this.byId = new Map(items.map((item, index) => [item.id, index]));
  }

  get size(): number {
    return this.items.length;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  item(index: number): Item {
    const item = this.items[index];
    if (item === undefined) throw new RangeError(`item index ${index} is outside the catalog (0..${this.items.length - 1})`);
    return item;
  }

  /** Every distinct category path prefix with the indices of the items under it. */
  categoryIndex(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.items.forEach((item, i) => {
      for (let level = 1; level <= item.categories.length; level++) {
        const key = categoryPath(item.categories, level);
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push(i);
      }
    });
    return index;
  }
}
