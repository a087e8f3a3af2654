import { categoryPath, splitCategoryPath } from '../model/catalog.js';
import type { CategoryNode, CategoryTree } from './understanding/category-tree.js';

/**
 * What the engine asks of the catalog's category tree (the one tree, built by bot/understanding/category-tree.ts at
 * every depth, with levels recovered for catalogs that only have flat category text): where a critique can move
 * ("broader", "more specific"), whether an item is in a category, and how a list names a category.
 */
export class CategoryView {
  /** Membership sets, built the first time a category is asked about (lists test every item against it). */
  private readonly memberSets = new Map<string, ReadonlySet<number>>();
  /** How many different categories carry each name ("Fittings" is both a plumbing and a hydraulics category). */
  private readonly nameCount = new Map<string, number>();

  constructor(readonly tree: CategoryTree) {
    for (const node of tree.nodes) this.nameCount.set(node.name, (this.nameCount.get(node.name) ?? 0) + 1);
  }

  node(path: string): CategoryNode | undefined {
    return this.tree.node(path);
  }

  /** One level up, or undefined at the top (the level below the catalog's root, which names the whole catalog). */
  parent(path: string): CategoryNode | undefined {
    return this.tree.parent(path);
  }

  /** The nearest category above that holds more items ("broader" from Chest Waders skips Waders, the same items). */
  widerParent(path: string): CategoryNode | undefined {
    return this.tree.widerParent(path);
  }

  /** The categories one level down that hold items, largest first. */
  children(path: string): CategoryNode[] {
    return bySize((this.tree.node(path)?.children ?? []).map((i) => this.tree.nodes[i]!));
  }

  /** The categories at the top of the tree, largest first. */
  top(): CategoryNode[] {
    return bySize(this.tree.nodes.filter((n) => n.parent === undefined));
  }

  /** Whether item `index` is filed in `path` or below it. */
  contains(path: string, index: number): boolean {
    let members = this.memberSets.get(path);
    if (!members) this.memberSets.set(path, (members = new Set(this.tree.node(path)?.items ?? [])));
    return members.has(index);
  }

  /** Whether category `inner` is `outer` or lies below it. */
  static within(inner: string, outer: string): boolean {
    return inner === outer || inner.startsWith(outer + ' - ');
  }

  /** The item's full category path, root first (levels recovered where the catalog only had flat text). */
  itemPath(index: number): string {
    return categoryPath(this.tree.itemLevels[index] ?? []);
  }

  /**
   * How a list names a category: its own name, with its parent's when another category of the catalog has the same
   * name ("Hydraulic Equipment > Fittings"), instead of a 4-6 level path.
   */
  label(path: string): string {
    const levels = splitCategoryPath(path);
    const name = levels.at(-1);
    if (name === undefined) return '';
    if ((this.nameCount.get(name) ?? 0) > 1 && levels.length > 1) return `${levels.at(-2)} > ${name}`;
    return name;
  }

  /** The label of the deepest category the item is filed in ('' when it has none). */
  itemLabel(index: number): string {
    const deepest = this.tree.nodesOfItem(index).at(-1);
    return deepest === undefined ? '' : this.label(this.tree.nodes[deepest]!.path);
  }
}

function bySize(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.sort((a, b) => b.items.length - a.items.length || a.path.localeCompare(b.path));
}
