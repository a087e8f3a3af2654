import type { Catalog } from '../../model/catalog.js';
import type { CategoryTree } from './category-tree.js';
import { BEYOND_THE_ITEM, isMeaningful, isStopword, joinedCodes, joinedShortNames, meaningfulWords, tokensShortJoined, posLexicon, singular, SpellingIndex, stem, tokens } from './text.js';

export interface LexicalEvidence {
  /** Share of the query's (idf-weighted) stems found in the node's own name. */
  nameCover: number;
  /** Share of the node name's stems the query says. */
  nameFull: number;
  /** Share of the query's stems found in the names of the node's ancestors. */
  parentCover: number;
  /** idf-weighted share of items under the node whose title holds the query's stems. */
  titleScore: number;
  /** Share of the query's stems the node's name, its ancestors' names or any title under it uses at all. */
  wordCover: number;
  /** 1 when the head word of the request ("plugs" in "ear plugs", "kit" in "a kit for the lab") is used there. */
  headCover: number;
}

/**
 * Stems of the catalog's own text: category names (per node) and item titles (per node, as the share of the node's
 * items whose title has the stem), with inverted indexes so a query only touches the nodes its stems occur in.
 */
/** How many words from a title's start may name its product line. */
const LINE_WORDS = 4;

/** Words that refuse what follows them in a message, and that a catalog may also write as part of a name ("Drop Bar", "Skip Hop"). */
const REFUSING_WORDS = new Set(['no', 'drop', 'skip', 'stop', 'hide', 'avoid', 'never', 'less', 'without', 'quit', 'remove', 'forget', 'ditch', 'nix', 'enough', 'except']);
/** After "no", words that make it a refusal whatever a name writes ("no more", "no longer"). */
const REFUSAL_IDIOMS = new Set(['more', 'longer']);

/** Small words a name's initials leave out ("Snow & Ice Tools": SIT; "Bags and Cases": BC). */
const INITIALS_SKIP = new Set(['and', 'of', 'for', 'the', 'with', 'to', 'in', 'on', 'a']);

export class LexicalIndex {
  /** Surface words of category names, titles and brands, with how often they occur. */
  readonly vocabulary = new Map<string, number>();
  readonly spelling: SpellingIndex;
  private readonly nameStems: Set<string>[];
  private readonly nameIndex = new Map<string, number[]>();
  private readonly titleIndex = new Map<string, Map<number, number>>();
  private readonly idf = new Map<string, number>();
  /** Per stem, the items whose title or brand holds it, ascending (for "do these words occur together anywhere"). */
  private readonly itemPostings = new Map<string, number[]>();
  /** Per item, the stems of its brand's words. */
  private readonly brandStems: string[][] = [];
  /** Per item, its brand's stems with short names run together ("hyc" of HY-C), where the brand has any. */
  private readonly brandJoinedStems: (string[] | undefined)[] = [];
  /** Per stem of a brand, the items of that brand, ascending. */
  private readonly brandPostings = new Map<string, number[]>();
  private readonly itemCount: number;
  /** Per node, the stems of its name and its ancestors' names. */
  private readonly pathStems: Set<string>[];
  /**
   * Per node, the words (singular) its own name is headed by: its last word, and a plural heading an earlier part
   * ("Pipettes & Pipettors", "Sleeping Bags & Camp Bedding"); a mass noun there may modify what follows ("Food & Dish
   * Transport").
   */
  private readonly nameHeads: Set<string>[];
  /** Words (singular) that head a category name's part or the start of a title: the names of things the catalog sells. */
  private readonly heads = new Set<string>();
  /** How often each word (singular) stands before a noun there: a modifier ("kayak" in "Kayak Paddle"). */
  private readonly modifiers = new Map<string, number>();
  /** First words of two-word kinds that tell them from near kinds of the same head (singular): see namesASubtype(). */
  private readonly subtypeWords: ReadonlySet<string>;
  /** First words of two-word kinds that modify no other head in the catalog's names ("boxer" of Boxer Briefs). */
  private readonly soleModifiers: ReadonlySet<string>;

  constructor(private readonly tree: CategoryTree, catalog: Catalog) {
    this.itemCount = catalog.items.length;
    this.brandNames = [...new Set(catalog.items.map((item) => item.brand ?? '').filter((b) => b !== ''))];
    this.titles = catalog.items.map((item) => item.title);
    const count = (w: string, n = 1) => this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + n);
    // Words after "no" or another refusing word in names and brands (weighing two) and titles (one): "No Show & Liner
    // Socks", "No Sugar Added", "Drop Bar", "Skip Hop".
    const afterNo = new Map<string, number>();
    const countAfterNo = (words: readonly string[], weight: number) => {
      words.forEach((w, i) => {
        const next = words[i + 1];
        // (A small word counts in a category's or brand's name, "Drop-Through Longboards", where it is part of one.)
        // (Never "no more" or "no longer": a refusal whatever a brand writes, "Sore No-More".)
        if (REFUSING_WORDS.has(w) && next !== undefined && /^[a-z]+$/.test(next) && (!isStopword(next) || weight === 2) && !(w === 'no' && REFUSAL_IDIOMS.has(next))) afterNo.set(`${w} ${singular(next)}`, (afterNo.get(`${w} ${singular(next)}`) ?? 0) + weight);
      });
    };
    this.nameStems = tree.nodes.map((node) => {
      const all = tokens(node.name);
      countAfterNo(all, 2);
      const inTurn = all.map(stem);
      for (let i = 0; i + 1 < inTurn.length; i++) this.nameBigrams.add(`${inTurn[i]} ${inTurn[i + 1]}`);
      for (let i = 0; i + 2 < inTurn.length; i++) this.nameSkips.add(`${inTurn[i]} ${inTurn[i + 2]}`);
      // (A number a name says before a word is part of it, "3-Octave Sets", "4-Season Tents", though a digit is a stop word.)
      const words = all.filter((w, i) => isMeaningful(all, i) || (/^\d+$/.test(w) && all[i + 1] !== undefined && !isStopword(all[i + 1]!)));
      for (const w of words) count(w, 5);
      return new Set(words.map(stem));
    });
    this.nameStems.forEach((stems, i) => {
      for (const s of stems) {
        const list = this.nameIndex.get(s);
        if (list) list.push(i);
        else this.nameIndex.set(s, [i]);
      }
    });
    const df = new Map<string, number>();
    const itemStems = catalog.items.map((item, i) => {
      const words = tokens(item.title).slice(0, 40);
      for (const w of words) count(w);
      countAfterNo(words, 1);
      const brand = tokens(item.brand ?? '');
      for (const w of brand) count(w);
      countAfterNo(brand, 2);
      this.brandStems.push(brand.filter((w) => !isStopword(w)).map(stem));
      for (const w of brand) this.brandSpellings.add(w);
      // ("HY-C" said "hy-c" or "hyc": its short name run together is the whole brand too.)
      const joined = joinedShortNames(item.brand ?? '');
      this.brandJoinedStems.push(joined.length === 0 ? undefined : tokensShortJoined(item.brand!).filter((w) => !isStopword(w)).map(stem));
      for (const w of joined) {
        this.brandSpellings.add(w);
        count(w);
      }
      const stems = new Set([...meaningfulWords(words).filter((w) => !/^\d+$/.test(w)), ...joinedCodes(item.title)].map(stem));
      // Words near a title's start name the product and its line ("Panasonic eneloop AA", "Lutron Caseta Smart"), not
      // what it fits ("Tripod for iPhone").
      for (const w of new Set(words.slice(0, LINE_WORDS).map(stem))) {
        const list = this.titleStarts.get(w);
        if (list) list.push(i);
        else this.titleStarts.set(w, [i]);
      }
      // A brand's words of three letters or more, or a short brand whole ("HP", "WD").
      // (And a short name joined by a hyphen or "&", run together: "HY-C" is "hyc", "K&N" "kn".)
      for (const b of new Set([...brand.filter((w) => !isStopword(w) && (w.length >= 3 || (brand.length === 1 && w.length === 2))), ...joined].map(stem))) {
        const list = this.brandPostings.get(b);
        if (list) list.push(i);
        else this.brandPostings.set(b, [i]);
      }
      for (const s of stems) df.set(s, (df.get(s) ?? 0) + 1);
      for (const s of new Set([...stems, ...[...brand, ...joined].map(stem)])) {
        const list = this.itemPostings.get(s);
        if (list) list.push(i);
        else this.itemPostings.set(s, [i]);
      }
      return stems;
    });
    for (const stems of this.nameStems) for (const s of stems) df.set(s, (df.get(s) ?? 0) + 1);
    const documents = catalog.size + tree.nodes.length;
    for (const [s, n] of df) this.idf.set(s, Math.log((1 + documents) / (1 + n)) + 1);
    tree.nodes.forEach((node, i) => {
      const counts = new Map<string, number>();
      for (const item of node.items) for (const s of itemStems[item]!) counts.set(s, (counts.get(s) ?? 0) + 1);
      for (const [s, c] of counts) {
        let postings = this.titleIndex.get(s);
        if (!postings) this.titleIndex.set(s, (postings = new Map()));
        postings.set(i, c / node.items.length);
      }
    });
    this.nameHeads = tree.nodes.map((node) => {
      const heads = new Set<string>();
      const last = tokens(node.name).at(-1);
      if (last !== undefined) heads.add(singular(last));
      for (const part of node.name.split(NAME_PARTS).slice(0, -1)) {
        const head = tokens(part).at(-1);
        if (head !== undefined && /[^s]s$/.test(head)) heads.add(singular(head));
      }
      return heads;
    });
    const lexicon = posLexicon();
    for (const node of tree.nodes) for (const part of node.name.split(NAME_PARTS)) addHeads(part, this.heads, this.modifiers, lexicon);
    ({ subtypes: this.subtypeWords, sole: this.soleModifiers } = subtypeWords(tree));
    for (const item of catalog.items) addHeads(item.title.split(TITLE_START_ENDS)[0] ?? '', this.heads, this.modifiers, lexicon);
    // ("No" before a word in one title may be a claim, "No Assembly"; "Drop Leaf" once names a kind.)
    for (const [w, n] of afterNo) if (n >= 2 || !w.startsWith('no ')) this.afterNo.add(w);
    this.spelling = new SpellingIndex(this.vocabulary);
    this.pathStems = tree.nodes.map((node, i) => {
      const stems = new Set(this.nameStems[i]);
      for (let p = node.parent; p !== undefined; p = tree.nodes[p]!.parent) for (const s of this.nameStems[p]!) stems.add(s);
      return stems;
    });
  }

  /**
   * Items whose title or brand holds one of the two rarest of these stems, at most `limit`: where a title named in a
   * message can be, found without reading every title.
   */
  itemsWithRarest(stems: readonly string[], limit = 2000): number[] {
    const lists = [...new Set(stems)].map((s) => this.itemPostings.get(s)).filter((l): l is number[] => l !== undefined).sort((a, b) => a.length - b.length);
    const out = new Set<number>();
    for (const list of lists.slice(0, 2)) for (const i of list.slice(0, limit)) out.add(i);
    return [...out];
  }

  /**
   * A product line's items: the titles that hold this stem, when no category name does and at most `limit` titles do
   * ("eneloop", "caseta"); otherwise none.
   */
  lineItems(s: string, limit = 6): readonly number[] {
    const items = this.itemPostings.get(s);
    if (items === undefined || this.nameIndex.has(s) || this.brandPostings.has(s) || items.length > limit) return [];
    // Every title that holds it holds it near its start.
    return (this.titleStarts.get(s)?.length ?? 0) === items.length ? items : [];
  }

  /**
   * Where a title first says one of the stems as the name of what the item is: the word's index among the title's
   * words, before any word that goes on to say what comes with it or what it fits ("Traxxas Slash 2WD ... Truck" says "slash" at 1;
   * "Traxxas 9916 RC Vehicle Bag, Fits 1/10 Slash" never does). -1 when it does not.
   */
  ownNamePosition(item: number, stems: readonly string[]): number {
    const words = tokens(this.titles[item] ?? '').slice(0, 40);
    for (let i = 0; i < words.length; i++) {
      if (BEYOND_THE_ITEM.has(words[i]!)) return -1;
      if (stems.includes(stem(words[i]!))) return i;
    }
    return -1;
  }

  /** The categories whose own names say these words one after the other ("melt and pour": Melt and Pour Bases). */
  namingInTurn(words: readonly string[]): number[] {
    const said = words.map(stem);
    return this.tree.nodes.flatMap((_, n) => (this.nameSaysInTurn(n, said) ? [n] : []));
  }

  /** Whether the category's own name says these stems one after the other ("dimmer switch": Dimmer Switches). */
  nameSaysInTurn(node: number, stems: readonly string[]): boolean {
    // (The names' stems in order, made on the first such question, not at start-up.)
    this.nameSequences ??= this.tree.nodes.map((n) => tokens(n.name).map(stem));
    const name = this.nameSequences[node]!;
    return name.some((_, i) => stems.every((s, j) => name[i + j] === s));
  }

  private nameSequences: string[][] | undefined;

  /** How many of the category's own name words the stems say. */
  nameWordsSaid(node: number, said: readonly string[]): number {
    return [...this.nameStems[node]!].filter((s) => said.includes(s)).length;
  }

  /** Whether two categories' names hold the same words, in whatever order (Barrel Racing, Racing Barrels). */
  sameNameWords(a: number, b: number): boolean {
    const x = this.nameStems[a]!;
    const y = this.nameStems[b]!;
    return x.size === y.size && [...x].every((s) => y.has(s));
  }

  /** Whether the stems said hold the category's whole name in its own order ("barrel racing stuff": Barrel Racing). */
  saidInTurn(node: number, said: readonly string[]): boolean {
    const name = meaningfulWords(tokens(this.tree.nodes[node]!.name)).map(stem);
    return said.some((_, i) => name.every((s, j) => said[i + j] === s));
  }

  /** Whether the item's title (with its brand) says every one of these stems. */
  titleSays(item: number, stems: readonly string[]): boolean {
    return stems.every((s) => {
      const items = this.itemPostings.get(s);
      return items !== undefined && sortedHas(items, item);
    });
  }

  private readonly titles: readonly string[];

  /** Items by the stems of their titles' first few words. */
  private readonly titleStarts = new Map<string, number[]>();

  /** Whether the node's name or an ancestor's holds the stem. */
  pathHolds(node: number, s: string): boolean {
    return this.pathStems[node]!.has(s);
  }

  /**
   * Whether the node's own name ends in this word, singular or plural ("gloves" heads Protective Apparel & Gloves and
   * Exam Gloves). Whole words only, not stems: "dresses" does not head Wound Care & Dressings, and "food" does not
   * head Food & Dish Transport. A category so headed names a kind of thing.
   */
  nameHeadedBy(node: number, word: string): boolean {
    return this.nameHeads[node]!.has(singular(word));
  }

  /**
   * Whether the catalog sells things called this: the word (singular or plural) heads a part of a category name or the
   * start of a title. "kayak" in a catalog of Kayak Paddles and a Kayaking category, or "bike" among Bike Pumps and
   * Bike Lights, only says what the things are for: a "kayak" is not carried.
   */
  headsSomething(word: string): boolean {
    return this.heads.has(singular(word));
  }

  /**
   * Whether the word is the first of a two-word kind whose head names other kinds too: Canister Filters beside Power
   * Filters, Recurve Bows beside Compound Bows. People name such a kind by that word alone ("a canister for my 75
   * gallon", "a takedown recurve"), as they never name Kayak Paddles by "kayak".
   */
  namesASubtype(word: string): boolean {
    return this.subtypeWords.has(singular(word));
  }

  /** Whether the word is the first of a two-word kind's name and modifies no other head in the catalog's names. */
  modifiesOneKind(word: string): boolean {
    return this.soleModifiers.has(singular(word));
  }

  /** How many category name parts and title starts use the word before a noun, as a modifier. */
  modifierUses(word: string): number {
    return this.modifiers.get(singular(word)) ?? 0;
  }

  /**
   * The items of the brand these stems say, when they say nothing else ("jetboil", "penn stuff" without "stuff"): a
   * brand (or every word of one) that is no category name's word and not on more than `maxShare` of the catalog.
   */
  brandOnly(stems: readonly string[], maxShare = 0.05, firstAlone = false): number[] {
    // Words the catalog never uses may stand beside the brand ("bob jogger": what BOB makes here).
    const said = stems.filter((s) => this.idf.has(s) || this.brandPostings.has(s));
    if (said.length === 0 || said.some((s) => !this.brandPostings.has(s) || this.nameIndex.has(s))) return [];
    let items = this.brandPostings.get(said[0]!)!;
    for (const s of said.slice(1)) items = intersectSorted(items, this.brandPostings.get(s)!);
    // The whole brand: "office" alone is not Office Depot. (Its first word said alone, `firstAlone`, will do where no
    // other item's title or brand says it: "anything from cookie" for Cookie Composites; not "bears" in "gummy bears".)
    const firstSaid = (i: number) => this.brandStems[i]![0] === said[0] || this.brandJoinedStems[i]?.[0] === said[0];
    const ownFirst = firstAlone && said.length === 1 && (this.itemPostings.get(said[0]!) ?? []).every(firstSaid);
    items = items.filter((i) => this.brandStems[i]!.every((b) => said.includes(b)) || (this.brandJoinedStems[i]?.every((b) => said.includes(b)) ?? false) || (ownFirst && firstSaid(i)));
    return items.length > Math.max(3, maxShare * this.itemCount) ? [] : items;
  }

  private readonly brandSpellings = new Set<string>();
  /** "no show", "drop bar": a refusing word and the word after it, as a category name or a brand writes them or two titles or more do. */
  private readonly afterNo = new Set<string>();
  /** Two words one after the other in a category name, by their stems ("carri on" of Carry-Ons). */
  private readonly nameBigrams = new Set<string>();
  /** Two words a category name says with one word between them ("stainless tank" of Stainless Steel Tanks), by their stems. */
  private readonly nameSkips = new Set<string>();

  /**
   * Whether the catalog writes this word after the refusing word ("no" by default) in its names, brands and titles:
   * "no show socks", "no sugar added", "drop bar", "skip hop" name things, they refuse nothing.
   */
  writesAfterNo(word: string, refusing = 'no'): boolean {
    return this.afterNo.has(`${refusing} ${singular(word)}`);
  }

  /** Whether a category name says these two words one after the other ("carry on": Carry-Ons; "luggage set"). */
  namesInTurn(first: string, second: string): boolean {
    return this.nameBigrams.has(`${stem(first)} ${stem(second)}`);
  }

  /** Whether a category name says these two words in this order, next to each other or with one word between them. */
  namesNear(first: string, second: string): boolean {
    return this.namesInTurn(first, second) || this.nameSkips.has(`${stem(first)} ${stem(second)}`);
  }

  /** Whether the word is spelt as (part of) a brand is, or its plural ("polarized" shares a stem with Polare, not a spelling). */
  spellsBrand(word: string): boolean {
    return this.brandSpellings.has(word) || (word.endsWith('s') && this.brandSpellings.has(word.slice(0, -1)));
  }

  /**
   * The brand word a clipping stands for ("lulu" for lululemon, "conti" for Continental): the one word of a brand
   * that starts with it and is two letters longer or more, when only one does.
   */
  brandClipped(word: string): string | undefined {
    if (word.length < 4 || this.brandSpellings.has(word)) return undefined;
    let found: string | undefined;
    for (const b of this.brandSpellings) {
      if (b.length < word.length + 2 || !b.startsWith(word)) continue;
      if (found !== undefined && found !== b) return undefined;
      found = b;
    }
    return found;
  }

  /** Whether some category's name says the stem. */
  namesStem(s: string): boolean {
    return this.nameIndex.has(s);
  }

  /** Whether the word is (part of) a brand of the catalog's items. */
  isBrandWord(word: string): boolean {
    return this.isBrandStem(stem(word));
  }

  /** Whether a brand's name holds this stem (isBrandWord for a word already stemmed). */
  isBrandStem(s: string): boolean {
    return this.brandPostings.has(s);
  }

  /** Whether the node's name and its parent's together hold every one of the stems ("coffee pods": Coffee - Single-Serve Capsules & Pods). */
  nameOrParentHolds(node: number, stems: readonly string[]): boolean {
    const name = this.nameStems[node]!;
    const parent = this.tree.nodes[node]!.parent;
    return stems.every((s) => name.has(s) || (parent !== undefined && this.nameStems[parent]!.has(s)));
  }

  /** The nodes whose own names hold every one of the stems. */
  nodesNaming(stems: readonly string[]): number[] {
    if (stems.length === 0) return [];
    return (this.nameIndex.get(stems[0]!) ?? []).filter((node) => this.nameHolds(node, stems));
  }

  /** Whether the node's own name holds every one of the stems. */
  nameHolds(node: number, stems: readonly string[]): boolean {
    const name = this.nameStems[node]!;
    return stems.every((s) => name.has(s));
  }

  /**
   * Whether the catalog says these stems together anywhere: in one item's title (with its brand) or in one category's
   * path of names. "dog food" or "ear plugs" may share each word with the catalog and still name nothing in it. Work is
   * bounded by the rarest stem's items (postings intersected from the shortest), and one pass over the nodes' names.
   */
  saysTogether(stems: readonly string[]): boolean {
    const unique = [...new Set(stems)];
    if (unique.length === 0) return true;
    if (this.pathStems.some((path) => unique.every((s) => path.has(s)))) return true;
    const lists = unique.map((s) => this.itemPostings.get(s) ?? []).sort((a, b) => a.length - b.length);
    let common = lists[0]!;
    for (const list of lists.slice(1)) {
      if (common.length === 0) break;
      common = intersectSorted(common, list);
    }
    return common.length > 0;
  }

  /**
   * Items of a brand the request names whose titles hold every other stem of it ("weber kettle": Weber's items with
   * "kettle" in the title). Only a stem that is a brand and no category name's word counts as a brand ("safety" in
   * "Safety 1st" is not one), and only brands of at most `maxShare` of the catalog (not a house brand on everything).
   */
  brandItems(stems: readonly string[], maxShare = 0.15): number[] {
    for (const b of stems) {
      const items = this.brandPostings.get(b);
      if (!items || this.nameIndex.has(b) || items.length > Math.max(3, maxShare * this.itemCount)) continue;
      const rest = stems.filter((s) => s !== b);
      if (rest.length === 0) continue;
      // The item postings already say which titles hold each stem: intersect, rarest first. A model number no title
      // holds says nothing either way ("otterbox for galaxy s23": OtterBox's Galaxy cases, whatever the model).
      const lists = rest.flatMap((s) => {
        const list = this.itemPostings.get(s) ?? [];
        return list.length === 0 && /\d/.test(s) ? [] : [list];
      });
      if (lists.length === 0) continue;
      let matching = items;
      for (const list of lists.sort((x, y) => x.length - y.length)) matching = intersectSorted(matching, list);
      if (matching.length > 0) return matching;
    }
    return [];
  }

  /** Whether the catalog writes this very word (or its singular), not only another word of its stem. */
  private initials?: Map<string, string[] | null>;
  private readonly brandNames: string[];

  /**
   * The words a category's name (three words or more) or a brand's (two or more) stands for by its initials ("esc":
   * Electronic Speed Controllers; "bd": Black Diamond), when only one name has them.
   */
  initialsOf(word: string): string[] | undefined {
    if (!this.initials) {
      const index = new Map<string, string[] | null>();
      const add = (words: string[], fewest: number) => {
        if (words.length < fewest) return;
        const key = words.map((w) => w[0]).join('');
        const had = index.get(key);
        index.set(key, had === undefined || (had !== null && had.join(' ') === words.join(' ')) ? words : null);
      };
      for (const node of this.tree.nodes) add(tokens(node.name).filter((w) => !INITIALS_SKIP.has(w)), 3);
      for (const brand of this.brandNames) add(tokens(brand).filter((w) => !INITIALS_SKIP.has(w)), 2);
      this.initials = index;
    }
    return this.initials.get(word) ?? undefined;
  }

  /** Whether a category's name says the word ("esc" of Motors & ESCs). */
  namesWord(word: string): boolean {
    return this.nameIndex.has(stem(word));
  }

  writes(word: string): boolean {
    return this.vocabulary.has(word) || this.vocabulary.has(singular(word));
  }

  isCatalogWord(word: string): boolean {
    return this.vocabulary.has(word) || this.idf.has(stem(word));
  }

  /** The share of a category's items whose titles hold the stem (0 to 1). */
  titleShare(s: string, node: number): number {
    return this.titleIndex.get(s)?.get(node) ?? 0;
  }

  idfOf(s: string): number {
    return this.idf.get(s) ?? 0;
  }

  /** Nodes whose name holds one of the stems, and the few whose titles hold them most. */
  candidates(stems: readonly string[], titleLimit = 8): number[] {
    const out = new Set<number>();
    for (const s of stems) for (const n of this.nameIndex.get(s) ?? []) out.add(n);
    const titleScores = new Map<number, number>();
    for (const s of stems) for (const [n, f] of this.titleIndex.get(s) ?? []) titleScores.set(n, (titleScores.get(n) ?? 0) + f * this.idfOf(s));
    for (const [n] of [...titleScores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, titleLimit)) out.add(n);
    return [...out];
  }

  evidence(stems: readonly string[], node: number, head?: string): LexicalEvidence {
    const known = stems.filter((s) => this.idf.has(s));
    const total = stems.reduce((sum, s) => sum + (this.idf.get(s) ?? 1), 0);
    if (total === 0) return { nameCover: 0, nameFull: 0, parentCover: 0, titleScore: 0, wordCover: 0, headCover: 0 };
    const name = this.nameStems[node]!;
    const ancestors = new Set<string>();
    for (let p = this.tree.nodes[node]!.parent; p !== undefined; p = this.tree.nodes[p]!.parent) for (const s of this.nameStems[p]!) ancestors.add(s);
    let nameHit = 0;
    let parentHit = 0;
    let title = 0;
    let used = 0;
    for (const s of known) {
      const w = this.idf.get(s)!;
      if (name.has(s)) nameHit += w;
      else if (ancestors.has(s)) parentHit += w;
      const inTitles = this.titleIndex.get(s)?.get(node) ?? 0;
      title += w * inTitles;
      if (name.has(s) || ancestors.has(s) || inTitles > 0) used++;
    }
    const said = [...name].filter((s) => stems.includes(s)).length;
    return { nameCover: nameHit / total, nameFull: name.size ? said / name.size : 0, parentCover: parentHit / total, titleScore: title / total, wordCover: stems.length ? used / stems.length : 0, headCover: head !== undefined && (name.has(head) || ancestors.has(head) || (this.titleIndex.get(head)?.get(node) ?? 0) > 0) ? 1 : 0 };
  }
}

/** Items in both ascending lists. */
function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return out;
}

/** A plural's singular form, for comparing whole words ("gloves"/"glove", "boxes"/"box"); other words unchanged. */
/** Where a category name's parts end ("Sleeping Bags & Camp Bedding", "Soils, Fertilizers & Mulches"). */
const NAME_PARTS = /\s*(?:&|,|\/|\band\b|\bor\b)\s*/i;
/**
 * Where the start of a title ends, the part that says what the item is ("Kelty Late Start 2 Person Backpacking Tent" of
 * "..., Lightweight 2 Door Freestanding"; "Bike Pump" of "Bike Pump for Road and Mountain Bikes").
 */
const TITLE_START_ENDS = /\s*(?:[,;|()\[\]]|\s-\s|\s–\s|\bfor\b|\bwith\b|\bcompatible\b|\bfits\b)\s*/i;

/**
 * `subtypes`: the first words of two-word kinds whose head a kind near them shares ("Canister" of Canister Filters
 * under Power Filters), a word that tells one kind of a thing from its others. (Near: under the same grandparent;
 * Pickleball Paddles, far from Kayak Paddles, make "kayak" no kind of paddle.) `sole`: the first words of two-word kinds
 * that modify that one head only, anywhere in the names ("boxer" of Boxer Briefs). Singular forms.
 */
function subtypeWords(tree: CategoryTree): { subtypes: Set<string>; sole: Set<string> } {
  // Each node's name parts ("Sleeping Bags & Camp Bedding"), as words, read once.
  const parts = tree.nodes.map((node) => node.name.split(NAME_PARTS).map(tokens));
  const headedBy = new Map<string, number[]>();
  // (A word that says what things of several kinds are for modifies each of their heads: "laptop" of Laptop Sleeves,
  // Laptop Stands and Laptop Bags is no kind of sleeve.)
  const modifiedHeads = new Map<string, Set<string>>();
  parts.forEach((nodeParts, n) => {
    for (const head of new Set(nodeParts.flatMap((words) => words.slice(-1).map(singular)))) {
      const nodes = headedBy.get(head);
      if (nodes) nodes.push(n);
      else headedBy.set(head, [n]);
    }
    for (const words of nodeParts) {
      for (const w of words.slice(0, -1)) {
        const heads = modifiedHeads.get(singular(w));
        if (heads) heads.add(singular(words.at(-1)!));
        else modifiedHeads.set(singular(w), new Set([singular(words.at(-1)!)]));
      }
    }
  });
  const found = new Set<string>();
  const sole = new Set<string>();
  tree.nodes.forEach((node, n) => {
    for (const [first] of parts[n]!.filter((w) => w.length === 2)) if (modifiedHeads.get(singular(first!))!.size === 1) sole.add(singular(first!));
    const parent = node.parent;
    const top = parent === undefined ? undefined : tree.nodes[parent]!.parent ?? parent;
    if (top === undefined) return;
    const topPath = tree.nodes[top]!.path;
    for (const [first, head] of parts[n]!.filter((w) => w.length === 2)) {
      const near = (headedBy.get(singular(head!)) ?? []).some((o) => o !== n && (o === top || tree.nodes[o]!.path.startsWith(topPath + ' - ')));
      if (near && modifiedHeads.get(singular(first!))!.size === 1) found.add(singular(first!));
    }
  });
  return { subtypes: found, sole };
}

/**
 * Adds the words that head this part: each word not followed by a noun ("Tent" in "Backpacking Tent", "Harness" in "Dog
 * Harness No Pull"), the last word always. A word the lexicon lacks (a brand, a model) counts as a noun that follows.
 */
function addHeads(part: string, heads: Set<string>, modifiers: Map<string, number>, lexicon: Record<string, string[] | undefined>): void {
  // Numbers and single letters are read through ("Bike U-Lock" is a lock).
  const words = tokens(part).filter((w) => !/\d/.test(w) && w.length > 1);
  words.forEach((w, i) => {
    const next = words[i + 1];
    // A word that can be a noun follows: an -ing word ("Laptop Cooling Pads") or "cooler" (JJR or NN) too.
    const nounNext = next !== undefined && (next.endsWith('ing') || (lexicon[next] ?? ['NN']).some((t) => t.startsWith('NN')));
    if (!nounNext) heads.add(singular(w));
    else modifiers.set(singular(w), (modifiers.get(singular(w)) ?? 0) + 1);
  });
}

/** Whether an ascending list holds the value (binary search). */
function sortedHas(list: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === value) return true;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
