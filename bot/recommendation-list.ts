import { randomUUID } from 'node:crypto';
import type { Catalog } from '../model/catalog.js';
import type { CategoryView } from './category-view.js';
import type { Reply, ReplyItem } from './conversation-types.js';
import { formatPrice, formatSize, sizesInTitle, titleMentions, type Size, type SizeDimension } from './item-attributes.js';
import type { Recommender } from './recommender.js';
import type { TitleFilters, UserState } from './session-store.js';

export const PAGE_SIZE = 5;
/** How much of the model's ranking a list asks for first. */
const RANKING_HEAD = 200;
/** Items of earlier pages remembered for "more" (200 pages); past that the oldest may come round again. */
const MAX_PAGED = 1000;

type Say = (key: string, values?: Record<string, string | number>) => string;

/** An item's title as a reply shows it: a clear placeholder when the catalog has none. */
export function displayTitle(catalog: Catalog, index: number): string {
  const item = catalog.item(index);
  return item.title.trim() || `(untitled item ${item.id})`;
}

/**
 * What a list compares to show each product once (some catalogs list one product under several ids). Items without a
 * title share no key: each is its own product, not a duplicate of every other untitled one.
 */
export function titleKey(item: { id: string; title: string }): string {
  const title = item.title.trim().toLowerCase();
  return title || `\u0000untitled ${item.id}`;
}

/** The categories the person left out (after `upgradeState`, also an old state's negated critique). */
export function exclusionsOf(state: UserState): string[] {
  return state.exclusions ?? [];
}

/** The category the list is steered to, if any. */
export function positiveCritique(state: UserState): string | undefined {
  return state.critique && !state.critique.negated ? state.critique.path : undefined;
}

/** States stored before a critique and exclusions could coexist kept "no more X" as a negated critique. */
export function upgradeState(state: UserState): void {
  if (state.critique?.negated) {
    state.exclusions = [...new Set([...exclusionsOf(state), state.critique.path])];
    state.critique = undefined;
  }
}

/**
 * Builds the list a person sees: the model's ranking for their history and positive critique, then what they said
 * applied on top (dismissed and already-owned items, excluded categories, title filters, price bound), items in the
 * steered category first, one page at a time, with a header and reasons that say what is true of the page.
 */
export class RecommendationLists {
  private readonly catalog: Catalog;
  readonly hasPrices: boolean;
  /** Each item's title as compared for duplicates. */
  private readonly titleKeys: string[];
  /** Sizes read from each title, the first time a size filter looks at the item. */
  private readonly sizes = new Map<number, Size[]>();

  constructor(
    private readonly recommender: Recommender,
    readonly tree: CategoryView,
    private readonly say: Say,
    private readonly options: { rankCritiqueFirst: boolean } = { rankCritiqueFirst: true },
  ) {
    this.catalog = recommender.catalog;
    this.hasPrices = this.catalog.items.some((item) => item.price !== undefined);
    this.titleKeys = this.catalog.items.map(titleKey);
  }

  /** Whether item `index` passes the exclusions, title filters and price bound in force. */
  passes(state: UserState, index: number, filters: TitleFilters | undefined = state.filters): boolean {
    if (exclusionsOf(state).some((path) => this.tree.contains(path, index))) return false;
    const item = this.catalog.item(index);
    if (filters?.words?.some((word) => !titleMentions(item.title, word))) return false;
    if (filters?.size) {
      const size = this.sizeIn(index, filters.size.dimension);
      if (size === undefined || (filters.size.direction === 'more' ? size <= filters.size.than : size >= filters.size.than)) return false;
    }
    if (state.maxPrice !== undefined && !((item.price ?? Infinity) < state.maxPrice)) return false;
    return true;
  }

  private sizeIn(index: number, dimension: SizeDimension): number | undefined {
    let sizes = this.sizes.get(index);
    if (!sizes) this.sizes.set(index, (sizes = sizesInTitle(this.catalog.item(index).title)));
    return sizes.find((s) => s.dimension === dimension)?.value;
  }

  /** How many items the person has not seen yet would be listed in `path` (the whole catalog without one) under `filters`. */
  available(state: UserState, path: string | undefined, filters: TitleFilters | undefined): number {
    const seen = new Set([...state.history, ...state.dismissed]);
    const pool = path ? (this.tree.node(path)?.items ?? []) : this.catalog.items.map((_, i) => i);
    return pool.filter((i) => !seen.has(this.catalog.item(i).id) && this.passes(state, i, filters)).length;
  }

  /** What the filters in force say, for headers and "why": "titles mentioning black, bigger than 250 ml". */
  describeFilters(filters: TitleFilters | undefined): string {
    const parts = (filters?.words ?? []).map((word) => this.say('filterWord', { word }));
    if (filters?.size) parts.push(this.say(filters.size.direction === 'more' ? 'filterBigger' : 'filterSmaller', { size: formatSize({ dimension: filters.size.dimension, value: filters.size.than }) }));
    return parts.join(', ');
  }

  /**
   * The model's order with what the person said applied, items in the steered category first, each title once (some
   * catalogs list one product under several ids), without the items of earlier pages (`shown`); only as far as one
   * page needs.
   */
  private rank(state: UserState, items: readonly { index: number }[], history: number[], critique: string | undefined, shown: ReadonlySet<number>): { page: number[]; filled: boolean } {
    const partition = critique !== undefined && this.options.rankCritiqueFirst;
    const seenTitles = new Set([...history, ...shown].map((i) => this.titleKeys[i]!));
    const inside: number[] = [];
    const outside: number[] = [];
    const firstOfItsTitle = (index: number) => (seenTitles.has(this.titleKeys[index]!) ? false : (seenTitles.add(this.titleKeys[index]!), true));
    let filled = false;
    for (const { index } of items) {
      if (shown.has(index) || !this.passes(state, index)) continue;
      if (!partition) {
        if (firstOfItsTitle(index) && outside.push(index) >= PAGE_SIZE) {
          filled = true;
          break;
        }
      } else if (this.tree.contains(critique, index)) {
        if (firstOfItsTitle(index) && inside.push(index) >= PAGE_SIZE) {
          filled = true;
          break;
        }
      } else outside.push(index);
    }
    // Outside the steered category, a title already listed inside it is not listed again.
    const rest = partition ? outside.filter(firstOfItsTitle) : outside;
    return { page: [...inside, ...rest].slice(0, PAGE_SIZE), filled };
  }

  /**
   * The next list: a fresh first page, or with `more` the next items after every page shown since (by the items
   * shown, not by a count, so an item liked or dismissed in between moves nothing past the person unseen).
   */
  async build(state: UserState, more: boolean): Promise<Reply> {
    const indices = (ids: readonly string[]) => ids.map((id) => this.catalog.indexOf(id)).filter((i): i is number => i !== undefined);
    // States saved before `paged` existed know only the last page.
    const earlier = more ? (state.paged ?? state.lastList?.items ?? []) : [];
    const history = indices(state.history);
    const critique = positiveCritique(state);
    const shown = new Set(indices(earlier));
    const ranked = (k: number) => this.recommender.recommend({ history, critique, k, exclude: indices(state.dismissed) });
    // The head of the model's ranking is enough when the page fills from it (the page is then the same as from the
    // whole ranking); only a page it cannot fill (a small steered category, strict filters) asks for all of it.
    const headSize = Math.min(this.catalog.size, RANKING_HEAD + 2 * shown.size);
    let { items } = await ranked(headSize);
    let { page, filled } = this.rank(state, items, history, critique, shown);
    if (!filled && items.length >= headSize && headSize < this.catalog.size) {
      ({ items } = await ranked(this.catalog.size));
      ({ page } = this.rank(state, items, history, critique, shown));
    }
    const listId = randomUUID().slice(0, 8);
    const pageIds = page.map((i) => this.catalog.item(i).id);
    state.paged = [...earlier, ...pageIds].slice(-MAX_PAGED);
    state.offset = earlier.length;
    state.lastList = { id: listId, items: pageIds, critique };
    const label = critique ? this.tree.label(critique) : '';
    const filters = this.describeFilters(state.filters);
    const filterNote = filters ? this.say('listFilters', { filters }) : '';
    if (page.length === 0) return { text: this.say(critique ? 'emptyListCritique' : 'emptyList', { category: label, filters: filterNote }), listId, items: [] };

    const inCritique = page.filter((i) => critique !== undefined && this.tree.contains(critique, i)).length;
    // The header names the steered category only as far as the page really is in it (after "more" it may not be).
    const headerKey = !critique ? 'listHeader' : inCritique === page.length ? 'listHeaderCritique' : inCritique > 0 ? 'listHeaderCritiqueThenOthers' : 'listHeaderOutsideCritique';
    const replyItems: ReplyItem[] = page.map((index, r) => {
      const item = this.catalog.item(index);
      const reason =
        critique && this.tree.contains(critique, index) ? this.say('reasonCritique', { category: label })
        : history.length > 0 ? this.say('reasonHistory')
        : this.say('reasonPopular');
      return { rank: r + 1, itemIndex: index, title: displayTitle(this.catalog, index), categoryPath: this.tree.itemPath(index), category: this.tree.itemLabel(index), reason, price: item.price };
    });
    const lines = replyItems.map((i) => this.say('itemLine', { rank: i.rank, title: i.title, category: i.category || this.say('noCategory'), price: i.price !== undefined ? `, ${formatPrice(i.price)}` : '', reason: i.reason }));
    const refineFrom = critique && this.tree.children(critique).length > 0 ? this.tree.children(critique) : this.tree.top();
    const refineOptions = refineFrom.slice(0, 25).map((n) => ({ label: this.tree.label(n.path), value: n.path }));
    return { text: [this.say(headerKey, { category: label, filters: filterNote }), ...lines].join('\n'), items: replyItems, listId, refineOptions };
  }
}
