import { categoryPath, type Catalog } from '../../model/catalog.js';
import { posLexicon, stem } from './text.js';

export interface CategoryNode {
  /** Levels joined by " - ", as the catalog writes critiques. */
  path: string;
  levels: string[];
  /** The node's own name (last level). */
  name: string;
  /** Items at or below the node. */
  items: number[];
  /** Index of the parent node in CategoryTree.nodes, if it is a node (the root level is not). */
  parent?: number;
  children: number[];
}

/** Flat category text longer than this many words is a description, not a category path. */
const MAX_FLAT_CATEGORY_WORDS = 24;

/**
 * The catalog's category tree at every depth. Items carry their levels in `categories`; a catalog whose items have
 * none but carry the category path as flat text in `description` (UniSRec: "Industrial & Scientific Lab & Scientific
 * Products Beakers", the level boundaries lost) gets its levels recovered from a word trie of those texts: a level
 * ends where the paths branch or one ends, so "Lab Flasks" and "Lab Funnels" may come out as "Lab - Flasks" and
 * "Lab - Funnels" (the same words, one level more).
 */
export class CategoryTree {
  readonly nodes: CategoryNode[] = [];
  /** Per item, its levels (given or recovered). */
  readonly itemLevels: string[][];
  readonly recovered: boolean;
  private readonly byPath = new Map<string, number>();

  constructor(catalog: Catalog) {
    const given = catalog.items.some((item) => item.categories.length > 0);
    this.recovered = !given;
    this.itemLevels = given ? catalog.items.map((item) => categoryLevels(item.categories)) : recoverLevels(catalog.items.map((item) => flatCategoryText(item.description)));
    const all = new Map<string, CategoryNode>();
    this.itemLevels.forEach((levels, i) => {
      for (let l = 1; l <= levels.length; l++) {
        const path = categoryPath(levels, l);
        let node = all.get(path);
        if (!node) all.set(path, (node = { path, levels: levels.slice(0, l), name: levels[l - 1]!, items: [], children: [] }));
        node.items.push(i);
      }
    });
    const categorised = this.itemLevels.filter((l) => l.length > 0).length;
    // A root level holding (nearly) every item ("Industrial & Scientific") names the whole catalog: never a useful
    // critique on its own.
    const wholeCatalog = (n: CategoryNode) => n.levels.length === 1 && n.items.length >= 0.9 * categorised;
    for (const node of all.values()) if (!wholeCatalog(node)) this.nodes.push(node);
    this.nodes.forEach((n, i) => this.byPath.set(n.path, i));
    this.nodes.forEach((n, i) => {
      const parent = n.levels.length > 1 ? this.byPath.get(categoryPath(n.levels, n.levels.length - 1)) : undefined;
      if (parent !== undefined) {
        n.parent = parent;
        this.nodes[parent]!.children.push(i);
      }
    });
  }

  /** The deepest category of an item (its own leaf), if it has one. */
  leafOf(item: number): number | undefined {
    const levels = this.itemLevels[item];
    return levels && levels.length ? this.byPath.get(categoryPath(levels, levels.length)) : undefined;
  }

  indexOf(path: string): number | undefined {
    return this.byPath.get(path);
  }

  node(path: string): CategoryNode | undefined {
    const i = this.byPath.get(path);
    return i === undefined ? undefined : this.nodes[i];
  }

  parent(path: string): CategoryNode | undefined {
    const p = this.node(path)?.parent;
    return p === undefined ? undefined : this.nodes[p];
  }

  /** Every node below `node`, each before the nodes below it. */
  descendants(node: number): number[] {
    return this.nodes[node]!.children.flatMap((c) => [c, ...this.descendants(c)]);
  }

  /** The child with the most items: "more specific" goes where most of the catalog is. */
  largestChild(path: string): CategoryNode | undefined {
    const n = this.node(path);
    if (!n) return undefined;
    return n.children.map((c) => this.nodes[c]!).sort((a, b) => b.items.length - a.items.length)[0];
  }

  /** Whether item `index` is at or below `path`. */
  contains(index: number, path: string): boolean {
    const levels = this.itemLevels[index];
    if (!levels) return false;
    const target = this.node(path)?.levels;
    return target !== undefined && target.length <= levels.length && target.every((l, i) => levels[i] === l);
  }

  /**
   * In a recovered tree, the deepest node with the same items: a node whose only child holds all its items is a name
   * split in two ("Worm Gear" - "Hose Clamps"), and the child's path says it whole. A given tree's nodes are kept as
   * the catalog names them.
   */
  canonical(node: number): number {
    return this.recovered ? this.sameItemsBelow(node) : node;
  }

  /** The deepest node down a line of only children that hold all of `node`'s items (Waders: Chest Waders). */
  sameItemsBelow(node: number): number {
    let at = node;
    for (;;) {
      const n = this.nodes[at]!;
      if (n.children.length !== 1 || this.nodes[n.children[0]!]!.items.length !== n.items.length) return at;
      at = n.children[0]!;
    }
  }

  /** The nearest node above `path` that holds more items than it (none at the top). */
  widerParent(path: string): CategoryNode | undefined {
    const size = this.node(path)?.items.length;
    let up = this.parent(path);
    while (up && up.items.length === size) up = up.parent === undefined ? undefined : this.nodes[up.parent];
    return up;
  }

  /** Node indices an item sits under, shallow to deep. */
  nodesOfItem(index: number): number[] {
    const levels = this.itemLevels[index] ?? [];
    const out: number[] = [];
    for (let l = 1; l <= levels.length; l++) {
      const i = this.byPath.get(categoryPath(levels, l));
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  /** How a person would name the node: its name, and its name after its parent's ("Lab Flasks", "Safety Barriers Tape"). */
  spoken(node: CategoryNode): { name: string; withParent: string } {
    const parent = node.parent === undefined ? undefined : this.nodes[node.parent]!.name;
    return { name: node.name, withParent: parent ? `${node.name}, ${parent}` : node.name };
  }
}

/** Longest a category level's name can be; longer "levels" are scraped description text, and end the path there. */
const MAX_LEVEL_WORDS = 8;

/** The item's levels up to the first one that is no category name (a sentence, or HTML entities from scraping). */
export function categoryLevels(categories: readonly string[]): string[] {
  const end = categories.findIndex((c) => c.split(/\s+/).length > MAX_LEVEL_WORDS || /&[a-z]+;/.test(c) || c.trim().length === 0);
  return end < 0 ? [...categories] : categories.slice(0, end);
}

function flatCategoryText(description: string | undefined): string[] {
  const words = (description ?? '').trim().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= MAX_FLAT_CATEGORY_WORDS ? words : [];
}

interface TrieNode {
  children: Map<string, TrieNode>;
  ends: boolean;
}

/**
 * Levels from flat word sequences: a compressed word trie, a level per branching (or ending) point, then the rules of
 * how category names are written: a name ends at a plural noun followed by a new capitalised word ("... Optoelectronic
 * Products Lamps LED Lamps" is "Lamps" then "LED Lamps"; never before "&" or after a comma), and a name repeats as a
 * unit ("Aluminum Aluminum Rods" is "Aluminum" then "Aluminum Rods"). A branching point inside a name is undone: a
 * level that is only the first word(s) of an ancestor's name ("Lab" under "Lab & Scientific Products", "3D Printer"
 * under "3D Printer Parts & Accessories") or a single modifier word (an adjective or participle, "Industrial",
 * "Professional", "Adhesive", or no English word, "3D") is the start of the next level's name, as siblings share a
 * first word ("Lab Utensils", "Lab Consumables") far more often than a category is named by one modifier.
 */
export function recoverLevels(paths: readonly string[][]): string[][] {
  const root: TrieNode = { children: new Map(), ends: false };
  for (const words of paths) {
    let at = root;
    for (const w of words) {
      let next = at.children.get(w);
      if (!next) at.children.set(w, (next = { children: new Map(), ends: false }));
      at = next;
    }
    if (words.length) at.ends = true;
  }
  const tags = partsOfSpeech();
  return paths.map((words) => {
    const cut: string[][] = [];
    let at = root;
    let current: string[] = [];
    words.forEach((w, i) => {
      const repeats = current.length > 0 && current.every((c, j) => words[i + j] === c);
      const afterPlural = current.length > 0 && isPluralNoun(current.at(-1)!, tags) && startsName(w);
      // Sibling names repeat their parent's first word: "Hazardous Storage Equipment Hazardous Storage Cans".
      const restarts = current.length > 1 && stem(w.toLowerCase()) === stem(current[0]!.toLowerCase());
      if (repeats || afterPlural || restarts) {
        cut.push(current);
        current = [];
      }
      at = at.children.get(w)!;
      current.push(w);
      if (at.children.size !== 1 || at.ends) {
        cut.push(current);
        current = [];
      }
    });
    if (current.length) cut.push(current);
    // Undo cuts inside a name: join a level to the next when it only starts a name.
    const levels: string[][] = [];
    for (let i = 0; i < cut.length; i++) {
      let level = cut[i]!;
      while (i + 1 < cut.length && startsAName(level, cut[i + 1]!, levels, tags)) level = [...level, ...cut[++i]!];
      levels.push(level);
    }
    return levels.map((l) => l.join(' '));
  });
}

/** The Brill lexicon's tags per lowercase word, most frequent first (natural's, the same source as englishWords). */
function partsOfSpeech(): Record<string, string[] | undefined> {
  return posLexicon();
}

const PLURAL_EXCEPTIONS = /(ss|us|is|ics)$/;

/** A plural noun by the lexicon ("Lamps", "Supplies"), or an unknown capitalised word ending in a plural "s". */
function isPluralNoun(word: string, tags: Record<string, string[] | undefined>): boolean {
  if (/[,&]$/.test(word)) return false;
  const t = tags[word.toLowerCase()];
  if (t) return t.includes('NNS') && !PLURAL_EXCEPTIONS.test(word.toLowerCase());
  return /^[A-Z][a-z]+s$/.test(word) && !PLURAL_EXCEPTIONS.test(word);
}

/** A word that can start a category name: capitalised or a digit, not a joiner. */
const startsName = (word: string) => /^[A-Z0-9]/.test(word) && word !== '&';

/**
 * A level that only starts the next one's name: the first word(s) of an ancestor's name ("Lab", "3D Printer"), one
 * modifier word ("Industrial", "3D"), or one singular noun before a short name that starts with a plural noun
 * ("Trash" before "Cans", "Plastic" before "Sheets": "Trash Cans", "Plastic Sheets"). A level ending in a plural noun
 * is a whole name ("Vacuums" under "Vacuums & Floor Cleaning Machines").
 */
function startsAName(level: readonly string[], next: readonly string[], ancestors: readonly string[][], tags: Record<string, string[] | undefined>): boolean {
  if (isPluralNoun(level.at(-1)!, tags)) return false;
  if (ancestors.some((a) => level.length <= a.length && level.every((w, j) => a[j] === w))) return true;
  if (level.length !== 1) return false;
  const word = level[0]!.toLowerCase();
  const t = tags[word];
  // No English word: a code or mark ("3D") modifies; a long unknown word is taken as a singular noun.
  if (!t && !/^[a-z]{4,}$/.test(word)) return !/^[a-z]+s$/.test(word);
  const first = t ? t[0]!.split('|')[0]! : 'NN';
  if (['JJ', 'VBN', 'VBG'].includes(first)) return true;
  return first === 'NN' && next.length <= 3 && isPluralNoun(next[0]!, tags);
}

/** Whether a category's name joins kinds ("Glues & Tapes", "Hair & Beard Care", "Goalie Pads & Gloves"). */
export function joinsKinds(name: string): boolean {
  return / & | and /.test(name);
}

/** The parts of a category's name between its "&", "and" and commas ("Goalie Pads & Gloves": Goalie Pads, Gloves). */
export function nameParts(name: string): string[] {
  return name.split(/\s*(?:&|,|\band\b)\s*/).filter(Boolean);
}
