import { categoryPath, splitCategoryPath, type Catalog } from '../model/catalog.js';

/** A category of the catalog at any depth, with the items filed under it or below it. */
export interface CategoryNode {
  path: string;
  levels: readonly string[];
  items: readonly number[];
}

/**
 * The catalog's whole category tree, at every depth, for the engine: where a critique can move ("broader", "more
 * specific"), whether an item is in a category, and how to name a category on a list. The root level ("Industrial &
 * Scientific") names the whole catalog, so it is never a category of its own here.
 */
export class CategoryTree {
  private readonly byPath = new Map<string, CategoryNode>();
  private readonly childrenOf = new Map<string, CategoryNode[]>();
  /** Membership sets, built the first time a category is asked about (lists test every item against it). */
  private readonly memberSets = new Map<string, ReadonlySet<number>>();
  /** How many different categories carry each leaf name ("Fittings" is both a plumbing and a hydraulics category). */
  private readonly leafNameCount = new Map<string, number>();

  constructor(private readonly catalog: Catalog) {
    for (const [path, items] of catalog.categoryIndex()) {
      const levels = splitCategoryPath(path);
      if (levels.length < 2) continue;
      this.byPath.set(path, { path, levels, items });
    }
    for (const node of this.byPath.values()) {
      const leaf = node.levels.at(-1)!;
      this.leafNameCount.set(leaf, (this.leafNameCount.get(leaf) ?? 0) + 1);
      const parent = categoryPath(node.levels.slice(0, -1));
      const siblings = this.childrenOf.get(parent) ?? [];
      siblings.push(node);
      this.childrenOf.set(parent, siblings);
    }
    for (const children of this.childrenOf.values()) children.sort((a, b) => b.items.length - a.items.length || a.path.localeCompare(b.path));
  }

  node(path: string): CategoryNode | undefined {
    return this.byPath.get(path);
  }

  /** One level up, or undefined at the top (the level below the catalog's root). */
  parent(path: string): CategoryNode | undefined {
    const levels = splitCategoryPath(path);
    return levels.length > 2 ? this.byPath.get(categoryPath(levels.slice(0, -1))) : undefined;
  }

  /** The categories one level down that hold items, largest first. */
  children(path: string): readonly CategoryNode[] {
    return this.childrenOf.get(path) ?? [];
  }

  /** The categories right below the catalog's root, largest first. */
  top(): readonly CategoryNode[] {
    const root = [...this.byPath.values()].find((n) => n.levels.length === 2)?.levels[0];
    return root === undefined ? [] : this.children(root);
  }

  /** Whether item `index` is filed in `path` or below it. */
  contains(path: string, index: number): boolean {
    let members = this.memberSets.get(path);
    if (!members) this.memberSets.set(path, (members = new Set(this.byPath.get(path)?.items ?? [])));
    return members.has(index);
  }

  /** Whether category `inner` is `outer` or lies below it. */
  static within(inner: string, outer: string): boolean {
    return inner === outer || inner.startsWith(outer + ' - ');
  }

  /**
   * How a list names a category: its own (leaf) name, with its parent's when another category of the catalog has the
   * same name ("Hydraulic Equipment > Fittings"), instead of a 4-6 level path.
   */
  label(path: string): string {
    const levels = splitCategoryPath(path);
    const leaf = levels.at(-1);
    if (leaf === undefined) return '';
    if ((this.leafNameCount.get(leaf) ?? 0) > 1 && levels.length > 2) return `${levels.at(-2)} > ${leaf}`;
    return leaf;
  }

  /** The label of the category an item is filed in (its deepest one). */
  itemLabel(index: number): string {
    const categories = this.catalog.item(index).categories;
    return categories.length >= 2 ? this.label(categoryPath(categories)) : '';
  }
}
