import type { Catalog } from '../../model/catalog.js';
import type { CatalogVectors } from './catalog-vectors.js';
import { joinsKinds, type CategoryTree } from './category-tree.js';
import { UNNAMED_THINGS } from './clauses.js';
import { LexicalIndex } from './lexical-index.js';
import { calibrated, FEATURES, leadOf, needVouches, score, type FeatureVector, type ScorerWeights } from './scorer.js';
import { CueIndex, kindVocabulary, nearestNeeds, saidKeys, situationsSharing, stemKey, type KindVocabulary, type NeedsLexicon, type NeedsVectors } from './needs.js';
import { CHILD_NAMES, CHILD_WORDS, englishWords, isStopword, meaningfulWords, oneSlip, posLexicon, singular, spellingVariants, stem, tokens } from './text.js';

const NAME_COVER = FEATURES.indexOf('nameCover');
const NAME_FULL = FEATURES.indexOf('nameFull');
const HEAD_COVER = FEATURES.indexOf('headCover');
const PARENT_COVER = FEATURES.indexOf('parentCover');

/** Nearest item titles a clause looks at, and nearest category names. */
const NEAREST_TITLES = 30;
/** The shortest word read as the clipped end of a compound ("board" of "snowboard"). */
const MIN_COMPOUND_TAIL = 4;
const NEAREST_NODES = 10;
/** Situations of the needs lexicon a clause is read as, at most, and how near one must be to count at all. */
const NEAR_SITUATIONS = 5;
const SITUATION_FLOOR = 0.55;
/** How many times more often the catalog must write a word's other spelling for that one to be read instead. */
const VARIANT_MAJORITY = 5;
/** How far behind the best (log-odds) a category whose own name says the head word may be and still go first. */
const OWN_NAME_MARGIN = 3;
/**
 * How near a situation a cue said counts as (it is matched by its words, not by a cosine): a sign of a need
 * ("teething") less than another name of the thing ("sleep sack"). Both chosen on the development tables.
 */
const CUE_NEARNESS = 0.6;
/** Stems of words for things in general, said after what they are ("the goat stuff", "camo clothes"). */
const GENERAL_THINGS = new Set(['stuff', 'thing', 'gear', 'cloth', 'equip', 'item', 'product', 'suppli']);
/** Situations read for the rare words a clause shares with them, at most. */
const SHARED_SITUATIONS = 3;
const NAME_NEARNESS = 0.7;
/** Nearest categories of each kind a near situation names, added as candidates. */
const KIND_NODES = 3;
/** How near a kind is to a node whose name (with its parent's) says every word of it (chosen on the development tables). */
const KIND_NAMED = 0.9;
/** Below this cosine of the kinds an everyday name stands for to every category, the catalog lacks them. */
const NAME_REACH = 0.7;
/** Everyday words for any thing ("a gadget to", "a way to"), besides UNNAMED_THINGS: no name of a kind the catalog may lack. */
const GENERIC_THINGS = new Set(['way', 'ways', 'tool', 'tools', 'gadget', 'gadgets', 'device', 'devices', 'machine', 'machines', 'setup', 'system', 'product', 'products', 'item', 'items', 'solution', 'option', 'options', 'contraption', 'gizmo', 'widget', 'thingy', 'doohickey', 'equipment', 'piece', 'one', 'ones', 'kind', 'type', 'method', 'trick', 'idea', 'model', 'version', 'place', 'spot', 'app', 'help', 'recommendation', 'suggestion', 'unit', 'bit', 'attachment', 'accessory', 'container', 'nothing']);
/** Prefixes people write with a hyphen ("pre-owned", "non-slip", "semi-auto"), which split into a word of their own. */
const WORD_PREFIXES = new Set(['pre', 'non', 'semi', 'anti', 'multi', 'sub', 'mid', 'post', 'ultra', 'mini', 'micro', 'co', 're', 'ex', 'hi', 'lo', 'tri', 'bi', 'uni', 'quad']);
/** The longest run of two words looked up as one slipped catalog word ("kettel bel": kettlebell). */
const SLIP_RUN_LETTERS = 20;
/** Kinds whose cosines to every node are remembered per catalog (the same situations recur). */
const KIND_MEMORY = 512;
/** Candidates looked at for a category of the parts of what a request names ("pipette tips"). */
/** Words that say a thing replaces one already had ("refill blades", "spare tubes"), naming no kind of their own. */
const REPLACING = new Set(['refill', 'refills', 'replacement', 'replacements', 'spare', 'spares', 'backup', 'substitute']);
const PARTS_LOOKAHEAD = 5;
/** Candidates looked at for a category headed by the request's head word, when the best only uses it as a modifier. */
const HEAD_LOOKAHEAD = 5;

/**
 * A name the needs lexicon knows vouches for the best candidate when its need evidence is at the acting level and
 * within this much of the best node's (scorer.ts's needVouches). Chosen on the development tables.
 */
const VOUCH_GAP = 0.1;

export interface Candidate {
  node: number;
  features: FeatureVector;
  score: number;
}

export interface ClauseMatch {
  /** Best first. */
  candidates: Candidate[];
  /** The product words as read (misspellings corrected where that raised the match). */
  words: string[];
  corrections: { from: string; to: string }[];
  /**
   * The words of the request's noun phrase that the catalog never says together (or a head noun it never uses at
   * all): "dog food", "ear plugs", "wedding dresses". Such a request names something the catalog lacks, whatever one
   * of its words matches.
   */
  unsaid?: string;
  /** The best candidate is a category the request names (every word of it, kind nouns aside, in the name). */
  named?: boolean;
  /** The best candidate is where a brand the request names makes what it says ("blue yeti"). */
  branded?: boolean;
  /**
   * A brand the catalog carries said with nothing else ("selkirk stuff", "anything from killerspin"): the department
   * holding most of its items, when no category below one does. An answer where the clause would otherwise read as
   * small talk.
   */
  brandDepartment?: number;
  /** A product line said alone whose items lie in these categories: asked between. */
  lineCategories?: ReadonlySet<number>;
  /** The head noun of the request's noun phrase, as read (a typo fixed): "stand" in "metal stand that holds a 40 breeder". */
  head?: string;
  /** Stems of the needs lexicon's cue words the clause says ("sleep sack", "teething"). */
  cued?: Set<string>;
  /**
   * For each stem of an everyday name the needs lexicon knows that the clause says ("onesies", "seltzer"), how near
   * the catalog comes to the kinds it names: the best cosine of those kinds to any category.
   */
  nameReach?: Map<string, number>;
}

import type { Encode } from './encoding-cache.js';
export type { Encode } from './encoding-cache.js';

/**
 * Candidate categories for a clause and the evidence for each: the nearest category names and the categories of the
 * nearest item titles (semantic, when the catalog's vectors are there), plus every category whose name or titles
 * share a stem with the clause (lexical). Work per clause is the clause's words times index look-ups, plus one
 * pass over the catalog's vectors: never words times vocabulary.
 */
/** Clauses of at most this many words are searched for a real word misspelt inside a category's name ("serge protector"). */
const NAMED_TYPO_WORDS = 12;

/** How well a corrected word alone must read the catalog (name, words and titles) to be kept on its own strength. */
const FIX_ALONE = 2;
/** Letters of the shortest word read as a brand it is one slip from, whatever the rest of its clause reads. */
const BRAND_SLIP_LETTERS = 6;

export class CategoryMatcher {
  readonly lexical: LexicalIndex;
  private readonly english = englishWords();
  private readonly logSize: number;
  /** [nodes, dim] unit mean of the title vectors of each node's items. */
  private readonly centroids?: Float32Array;
  private readonly kindStems: Set<string>;
  private readonly chatWords: Set<string>;
  private readonly tags = posLexicon();
  private readonly cues?: CueIndex;
  /**
   * Words a category is named by with "sets" ("Pajama Sets"): such a category sells what the word names. (Not
   * "accessories", "parts" or "supplies": Laptop Accessories are no laptops.)
   */
  private readonly namedWithSets: Set<string>;
  /**
   * The needs lexicon's kind names as a vocabulary: compounds of their own ("pressure washer"), and head words that
   * are real nouns though the POS lexicon lacks them ("router").
   */
  private readonly kindWords: KindVocabulary;

  constructor(
    readonly tree: CategoryTree,
    catalog: Catalog,
    private readonly vectors: CatalogVectors | undefined,
    private readonly encode: Encode | undefined,
    kindNouns: readonly string[] = [],
    chatWords: readonly string[] = [],
    private readonly needs?: { lexicon: NeedsLexicon; vectors: NeedsVectors },
    /** The catalog's lexical index when one is built already (the same for every matcher of the catalog). */
    lexical?: LexicalIndex,
  ) {
    this.kindStems = new Set(kindNouns.map(stem));
    this.chatWords = new Set(chatWords);
    this.lexical = lexical ?? new LexicalIndex(tree, catalog);
    this.logSize = Math.log(Math.max(2, catalog.size));
    if (vectors) this.centroids = centroids(tree, vectors);
    if (needs && needs.lexicon.cues.length > 0) this.cues = new CueIndex(needs.lexicon.cues);
    this.kindWords = needs ? kindVocabulary(needs.lexicon) : { compounds: new Set(), heads: new Set() };
    this.namedWithSets = new Set(
      tree.nodes.flatMap((n) => {
        const [first, second, ...more] = tokens(n.name);
        return more.length === 0 && (second === 'set' || second === 'sets') ? [first!] : [];
      }),
    );
  }

  /**
   * The candidate whose own name holds every stem of the request, or, when none does, every stem but the kind nouns
   * ("power transmission parts": Power Transmission Products); undefined when the best candidate already is one.
   */
  private namedBy(stems: readonly string[], candidates: readonly Candidate[], head?: string): number | undefined {
    const holds = (node: number, wanted: readonly string[]) => wanted.length > 0 && this.lexical.nameHolds(node, wanted);
    // Of the names that say it all, one headed by the request's head word is the kind asked for ("enough bottles":
    // Baby Bottles, not Bottle-Feeding).
    if (head !== undefined && !(holds(candidates[0]!.node, stems) && this.lexical.nameHeadedBy(candidates[0]!.node, head))) {
      const headed = bestNamed(this.tree, candidates, (n) => holds(n, stems) && this.lexical.nameHeadedBy(n, head));
      if (headed !== undefined) return headed;
    }
    if (holds(candidates[0]!.node, stems)) return 0;
    const all = bestNamed(this.tree, candidates, (n) => holds(n, stems));
    if (all !== undefined) return all;
    const kinds = stems.filter((s) => this.kindStems.has(s));
    if (kinds.length === 0 || kinds.length === stems.length) return undefined;
    const rest = stems.filter((s) => !this.kindStems.has(s));
    if (holds(candidates[0]!.node, rest)) return 0;
    return bestNamed(this.tree, candidates, (n) => holds(n, rest));
  }

  get semantic(): boolean {
    return this.vectors !== undefined && this.encode !== undefined;
  }

  /** Words neither English nor the catalog's, with their catalog look-alikes. */
  private misspellings(words: readonly string[]): { word: string; fixes: string[] }[] {
    // (A word that shares only its stem with the catalog may be a typo too: "protecter" is no "protection".)
    // (Nor a prefix written apart from its word: "pre-owned" is no "pure owned".)
    const unknown = words.filter((w) => !/\d/.test(w) && !this.english.has(w) && !this.lexical.writes(w) && !WORD_PREFIXES.has(w));
    // Many words, mostly unknown (a pasted blob, another language), get the near search alone: the wide one costs hundreds of
    // look-ups a word, and a clause of such words is unreadable whatever a few of them become.
    const wide = unknown.length <= WIDE_SPELLING_WORDS || unknown.length * 2 <= words.length;
    return unknown
      // Never into a kind noun ("paris" is not "parts"): it would add no meaning, only a false match. (But a kind noun
      // written with a doubled letter single is that noun: "power suply" is a power supply.)
      .map((word) => ({ word, fixes: this.lexical.spelling.candidates(word, 4, wide).filter((f) => !this.kindStems.has(stem(f)) || undoubled(f, word)).slice(0, 2) }))
      .filter((m) => m.fixes.length > 0);
  }

  /** Adjacent words written apart that the catalog writes as one ("tooth pastes" -> "toothpastes"). */
  private joined(words: readonly string[]): { words: string[]; corrections: { from: string; to: string }[] } | undefined {
    const out: string[] = [];
    const corrections: { from: string; to: string }[] = [];
    // A typo that is no slip of a word of its own ("ducct tape" is duct tape, not one word run together).
    const typo = (w: string) => !this.english.has(w) && !this.lexical.isCatalogWord(w) && !/\d/.test(w) && this.lexical.spelling.candidates(w, 1).length === 0;
    for (let i = 0; i < words.length; i++) {
      // ("soft sided": Softside, the catalog's word without the ending.)
      const run = i + 1 < words.length ? words[i]! + words[i + 1]! : '';
      const pair = run && !this.lexical.writes(run) && /(?:sided|ed)$/.test(run) && this.lexical.writes(run.replace(/d$/, '')) ? run.replace(/d$/, '') : run;
      // (Or its plural: "bait caster" is the Baitcasters' word.)
      // (Or, for two words of which one is a typo, the catalog word their run is a slip of: "kettel bel" is a kettlebell.)
      // (Short clauses and short runs only: a long paste of unknown words costs no spelling search per pair.)
      const slipped = pair && pair.length >= 7 && pair.length <= SLIP_RUN_LETTERS && words.length <= NAMED_TYPO_WORDS && (typo(words[i]!) || typo(words[i + 1]!)) && !this.lexical.writes(pair) ? this.lexical.spelling.candidates(pair, 1)[0] : undefined;
      const joinedAs = pair && (this.lexical.writes(pair) || this.lexical.writes(`${pair}s`)) ? pair : slipped;
      if (joinedAs) {
        out.push(joinedAs);
        corrections.push({ from: `${words[i]} ${words[i + 1]}`, to: joinedAs });
        i++;
      } else out.push(words[i]!);
    }
    return corrections.length ? { words: out, corrections } : undefined;
  }

  /** A word neither English nor the catalog's that is two catalog words run together ("eyewash" -> "eye wash"). */
  private split(words: readonly string[]): { words: string[]; corrections: { from: string; to: string }[] } | undefined {
    const out: string[] = [];
    const corrections: { from: string; to: string }[] = [];
    for (const w of words) {
      let parts: [string, string] | undefined;
      if (w.length >= 5 && !this.english.has(w) && !this.lexical.isCatalogWord(w)) {
        // ("xback harness": a letter the catalog's names write before the rest, X-Back Harnesses.)
        if (this.lexical.namesInTurn(w[0]!, w.slice(1))) parts = [w[0]!, w.slice(1)];
        for (let at = 3; at <= w.length - 3 && !parts && w.length >= 6; at++) {
          const [a, b] = [w.slice(0, at), w.slice(at)];
          if (this.lexical.vocabulary.has(a) && this.lexical.vocabulary.has(b)) parts = [a, b];
        }
        // ("nonrebrether mask": a prefix a category's name writes apart, "Non-Rebreather", and the rest of the word
        // misspelt; the rest is read as the name's next word it is one edit from.)
        for (const prefix of WORD_PREFIXES) {
          if (parts || !w.startsWith(prefix) || w.length - prefix.length < 5) continue;
          const fix = this.lexical.spelling.candidates(w.slice(prefix.length), 2, false).find((f) => this.lexical.namesInTurn(prefix, f));
          if (fix !== undefined) parts = [prefix, fix];
          break;
        }
      }
      if (parts) {
        out.push(...parts);
        corrections.push({ from: w, to: parts.join(' ') });
      } else out.push(w);
    }
    return corrections.length ? { words: out, corrections } : undefined;
  }

  /** How well the catalog's own words cover these words: the best category by stems alone (cheap, no encoder). */
  private lexicalStrength(words: readonly string[]): number {
    const stems = [...new Set(words.map(stem))];
    let best = 0;
    for (const node of this.lexical.candidates(stems)) {
      const e = this.lexical.evidence(stems, node);
      best = Math.max(best, e.nameCover + e.wordCover + e.titleScore);
    }
    return best;
  }

  /**
   * Reads the clause's product words: words written apart are joined and a word neither English nor the catalog's
   * is corrected to a catalog word, each only when that raises how well the catalog's words cover the clause (a real
   * word is never rewritten); then one candidate search on the words as read.
   */
  /**
   * `alongside`: other texts of the clause the caller will encode too (its whole text, for small talk), encoded in the
   * same encoder call as the product words. `avoid`: category paths the same message excludes; no candidate at or
   * below them.
   */
  async match(words: readonly string[], weights: ScorerWeights, head?: string, phrase: readonly string[] = [], alongside: readonly string[] = [], asks?: { counted: boolean; described?: boolean; purpose?: boolean; purposeTail?: boolean }, avoid: readonly string[] = [], needs = true, parts = 0): Promise<ClauseMatch> {
    const corrections: { from: string; to: string }[] = [];
    // ("29er tyres", "jewellery box", "flood lite": the catalog's own spelling of the same word, before words are
    // joined: "flood light" is its Floodlight.)
    // (A clipping the catalog writes only now and then, in a name such as "Lite", is still read as the word it writes
    // far more: "pendent lites" are pendant lights.)
    const uses = (w: string) => (this.lexical.vocabulary.get(w) ?? 0) + (this.lexical.vocabulary.get(singular(w)) ?? 0);
    let read = words.map((w) => {
      if (this.lexical.writes(w) && !spellingVariants(w).some((v) => uses(v) >= VARIANT_MAJORITY * uses(w))) return w;
      const variant = spellingVariants(w).find((v) => this.lexical.writes(v));
      if (variant !== undefined) corrections.push({ from: w, to: variant });
      // ("lulu mat 5mm", "conti gp5000": a brand clipped, by a word neither English nor the catalog's.)
      // (Not a typo of a catalog word: "bagg" is a bag, not Baggallini.)
      // (In a short clause: a long paste of unknown words costs no search per word.)
      const clipped = variant === undefined && words.length <= NAMED_TYPO_WORDS && !this.english.has(w) && !this.cues?.knows(w) && !this.lexical.writes(w) && this.lexical.spelling.candidates(w, 4, false).length === 0 ? this.lexical.brandClipped(w) : undefined;
      if (clipped !== undefined) corrections.push({ from: w, to: clipped });
      return variant ?? clipped ?? w;
    });
    // ("kids gloves" where the catalog names Youth Gloves: a child's word its category names never say is read as the
    // one they do, whatever a title or two say.)
    const { said: childNamesSaid, word: childWord } = this.childNaming();
    if (childWord !== undefined) {
      // (Only as a word of the name, before the noun: "snorkel mask and fins for the kids" asks for no youth kind.)
      read = read.map((w, i) => {
        if (!CHILD_WORDS.test(w) || childNamesSaid.has(w) || childNamesSaid.has(singular(w))) return w;
        if (i + 1 >= read.length || !phrase.includes(w) || !phrase.includes(read[i + 1]!)) return w;
        corrections.push({ from: w, to: childWord });
        return childWord;
      });
    }
    const join = this.joined(read);
    // Joined when that reads more of the catalog, or leaves fewer words it never uses ("sleep sacks": SleepSack).
    const unused = (ws: readonly string[]) => ws.filter((w) => !this.lexical.isCatalogWord(w)).length;
    if (join && (this.lexicalStrength(join.words) > this.lexicalStrength(read) || unused(join.words) < unused(read))) {
      read = join.words;
      corrections.push(...join.corrections);
    }
    const split = this.split(read);
    if (split && this.lexicalStrength(split.words) > this.lexicalStrength(read)) {
      read = split.words;
      corrections.push(...split.corrections);
    }
    const misspelt = this.misspellings(read);
    if (misspelt.length) {
      const fixed = read.map((w) => misspelt.find((m) => m.word === w)?.fixes[0] ?? w);
      // (A fixed word that on its own reads the catalog at least as well as the clause did counts too: "dirftwood
      // for my tank" reads less of any one category once it says driftwood, but says what it asks for.)
      const before = this.lexicalStrength(read);
      // (A long word one slip from a brand's, and from no other word, is that brand even where the clause's other words
      // read another category better: "aeropess coffee maker" is an AeroPress.)
      const brandSlip = misspelt.some((m) => m.word.length >= BRAND_SLIP_LETTERS && this.lexical.spellsBrand(m.fixes[0]!) && oneSlip(m.word, m.fixes[0]!) && (m.fixes[1] === undefined || !oneSlip(m.word, m.fixes[1])));
      if (brandSlip || this.lexicalStrength(fixed) > before || misspelt.some((m) => this.lexicalStrength([m.fixes[0]!]) >= Math.max(before, FIX_ALONE))) {
        // (A fixed word the catalog writes far less than its other spelling or clipping is read as that: "bycicle" is
        // "bicycle", which a catalog of bikes says once.)
        read = fixed.map((w) => (misspelt.some((m) => m.fixes[0] === w) ? (spellingVariants(w).find((v) => uses(v) >= VARIANT_MAJORITY * uses(w) && this.lexical.writes(v)) ?? w) : w));
        corrections.push(...misspelt.map((m) => ({ from: m.word, to: read[fixed.indexOf(m.fixes[0]!)] ?? m.fixes[0]! })));
        // ("speer gun": once fixed, the two words may be one the catalog writes, its Spearguns.)
        const rejoined = this.joined(read);
        if (rejoined && this.lexicalStrength(rejoined.words) > this.lexicalStrength(read)) {
          read = rejoined.words;
          corrections.push(...rejoined.corrections);
        }
      }
    }
    // Mostly words neither English nor the catalog's (keyboard mashing, another language, a pasted blob with a few
    // real words by chance): nothing to match, and no encoder call.
    // A code with digits is readable when the catalog has it ("500-196-30"), and a bare number is a quantity; "qz1p3qx" is neither.
    // (A word the needs lexicon's cues say, "seltzer", "tp", is read.)
    const unreadable = read.filter((w) => !/^\d+(?:[.,]\d+)?$/.test(w) && !this.english.has(w) && !this.lexical.isCatalogWord(w) && !this.cues?.knows(w)).length;
    if (unreadable === read.length || unreadable * 2 > read.length) return { candidates: [], words: read, corrections };
    // "serge protector", "pendent lites": a real word the catalog never writes, beside another, read as a catalog word a
    // letter or two away when the two then say a category's name in turn (Surge Protectors, Pendant Lights). A real
    // word is never rewritten otherwise.
    if (read.length <= NAMED_TYPO_WORDS) {
      // (Each word looked up once: it is the second word of one pair and the first of the next.)
      const looked = new Map<string, string[]>();
      const options = (w: string) => {
        let found = looked.get(w);
        // (A real word keeps its first letter, which typing rarely gets wrong: "bar stools" are no Bar Tools.)
        // (A verb's form only by a doubled letter typed once too often: "chaffing dishes" are Chafing Dishes, but "mead
        // making kit" is no Queen Marking Kit.)
        const verbForm = this.english.has(w) && /^VB[GDN]$/.test(this.tags[w]?.[0] ?? '');
        if (!found) looked.set(w, (found = this.lexical.writes(w) || /\d/.test(w) || w.length < 3 ? [w] : [w, ...this.lexical.spelling.candidates(w, 4, false).filter((f) => !this.kindStems.has(stem(f)) && (f[0] === w[0] || !this.english.has(w)) && (!verbForm || undoubled(w, f)))]));
        return found;
      };
      for (let i = 0; i + 1 < read.length; i++) {
        const [a, b] = [read[i]!, read[i + 1]!];
        if (this.lexical.writes(a) && this.lexical.writes(b)) continue;
        const pair = options(a).flatMap((x) => options(b).map((y) => [x, y] as const)).find(([x, y]) => (x !== a || y !== b) && this.lexical.namesInTurn(x, y));
        if (!pair) continue;
        if (pair[0] !== a) corrections.push({ from: a, to: pair[0] });
        if (pair[1] !== b) corrections.push({ from: b, to: pair[1] });
        read = [...read.slice(0, i), pair[0], pair[1], ...read.slice(i + 2)];
      }
    }
    // An everyday name the catalog never writes for a kind its category names do say ("dechlorinator": aquarium water
    // conditioners, the catalog's Water Conditioners): read as that kind's words.
    const aliased = this.aliasOf(read);
    if (aliased) {
      read = aliased.words;
      corrections.push(aliased.correction);
    }
    // "quit showing me boards" in a catalog that only says snowboards and splitboards: an English word the catalog
    // never writes alone, heading the request, that ends a compound its category names say, is that compound clipped.
    // (A noun, not "something to wear"; nor one another word makes a compound of its own: "the living room".)
    read = read.map((w, i) => {
      if (w !== head || w.length < MIN_COMPOUND_TAIL || this.lexical.isCatalogWord(w) || !this.english.has(singular(w)) || !(this.tags[w]?.[0] ?? '').startsWith('NN')) return w;
      if (i > 0 && !isStopword(read[i - 1]!) && !this.lexical.isCatalogWord(read[i - 1]!) && /^(?:NN|JJ)/.test(this.tags[read[i - 1]!]?.[0] ?? 'NN')) return w;
      const whole = this.compoundEndingIn(singular(w));
      if (whole === undefined) return w;
      const to = singular(w) === w ? whole : `${whole}s`;
      corrections.push({ from: w, to });
      return to;
    });
    // "octopus reg", "dive comps": a word the catalog never writes, after a word of a category's name, that starts the
    // next word of that name (three letters or more, the rest two or more) is that word clipped: Octopus Regulators,
    // Dive Computers.
    read = read.map((w, i) => {
      if (i === 0 || this.lexical.isCatalogWord(w) || this.lexical.isCatalogWord(singular(w)) || /\d/.test(w)) return w;
      const whole = this.clippedAfter(read[i - 1]!, w);
      if (whole === undefined) return w;
      corrections.push({ from: w, to: whole });
      return whole;
    });
    // "8 inch dob", "binos for birding": a word neither English nor the catalog's, that starts one noun of the category
    // names only (three letters or more, the rest three or more), is that noun clipped.
    read = read.map((w) => {
      if (w.length < 3 || /\d/.test(w) || this.lexical.isCatalogWord(w) || this.lexical.isCatalogWord(singular(w)) || this.english.has(w) || this.english.has(singular(w))) return w;
      // (Not a word the needs lexicon knows alone, "regs": its own reading stands.)
      if (this.cues !== undefined && this.cues.said(saidKeys([w])).length > 0) return w;
      const whole = this.clippedName(w);
      if (whole === undefined) return w;
      corrections.push({ from: w, to: whole });
      return whole;
    });
    // "sensored brushless esc", "hss harness": a word that is no English word, that the catalog writes in no title
    // (only in a name, "Motors & ESCs", if at all), and that is the initials of one category's name (Electronic Speed
    // Controllers) or one brand's (Hunter Safety System) is that name. ("apo refractor": a clipping the titles write.)
    read = read.flatMap((w) => {
      if (w.length < 2 || w.length > 5 || !/^[a-z]+$/.test(w) || this.lexical.spellsBrand(w) || this.english.has(w) || (this.lexical.isCatalogWord(w) && !this.lexical.namesWord(w))) return [w];
      const whole = this.lexical.initialsOf(w);
      if (whole === undefined) return [w];
      corrections.push({ from: w, to: whole.join(' ') });
      return whole;
    });
    // The head word as read: corrected, joined or split (its last part) like the rest.
    let headRead = head;
    for (const c of corrections) if (head !== undefined && c.from.split(' ').includes(head)) headRead = c.to.split(' ').at(-1);
    const phraseRead = new Set(phrase);
    for (const c of corrections) if (c.from.split(' ').some((w) => phraseRead.has(w))) for (const w of c.to.split(' ')) phraseRead.add(w);
    const found = { ...(await this.candidates(read, weights, headRead, alongside, avoid, needs, asks?.purpose === true, parts)), head: headRead };
    // (A line word only as typed: "sleep sacks" joined into the "sleepsacks" of two categories' titles is read by the
    // scorer, Wearable Blankets, and not asked between.)
    if (found.lineCategories !== undefined && corrections.length > 0) delete found.lineCategories;
    // "dimer swich": a name that says the noun phrase's last two words in their order (Dimmer Switches) over one that
    // only holds them (Switches & Dimmers).
    const np = read.filter((w) => phraseRead.has(w));
    if (np.length >= 2 && found.candidates.length > 1) {
      const [a, b] = [stem(np.at(-2)!), stem(np.at(-1)!)];
      // (The last word as said, not only its stem: "fastpitch softball bat" is Fastpitch Bats, not the Softball Batting
      // Helmets whose "batting" only stems to it.)
      const last = singular(np.at(-1)!);
      // (Not a name that writes the last word in the singular before its own head, said in the plural, where another
      // name is headed by it and says the first too: "taped tennis balls" are Tennis Cricket Balls, no Tennis Ball Bats.)
      const saidPlural = np.at(-1) !== last;
      const headedOther = saidPlural && found.candidates.slice(0, HEAD_LOOKAHEAD).some((c) => this.lexical.nameHeadedBy(c.node, last) && this.lexical.nameHolds(c.node, [a]));
      const saysItAsModifier = (c: Candidate) => headedOther && !this.lexical.nameHeadedBy(c.node, last) && tokens(this.tree.nodes[c.node]!.name).slice(0, -1).includes(last);
      const inTurn = (c: Candidate) => this.lexical.nameSaysInTurn(c.node, [a, b]) && tokens(this.tree.nodes[c.node]!.name).some((w) => singular(w) === last) && !saysItAsModifier(c);
      // (Not for an ancestor of the best: "baby monitor with a camera" stays Video Monitors, under Baby Monitors.)
      const bestPath = this.tree.nodes[found.candidates[0]!.node]!.path;
      const above = (c: Candidate) => bestPath.startsWith(this.tree.nodes[c.node]!.path + ' - ');
      // (Nor over a best whose every name word is said and that says as many of them, for one with a word unsaid: "core
      // box router bit" is Core Box Bits, not the Straight Router Bits that say "router bit" in turn; "alphabet stamps"
      // is still Alphabet Stamp Sets over Stamps.)
      const best = found.candidates[0]!;
      const saidStems = read.map(stem);
      const outsays = (c: Candidate) => best.features[NAME_FULL] === 1 && c.features[NAME_FULL]! < 1 && this.lexical.nameWordsSaid(best.node, saidStems) >= this.lexical.nameWordsSaid(c.node, saidStems);
      const at = inTurn(best) ? -1 : found.candidates.slice(1, HEAD_LOOKAHEAD).findIndex((c) => inTurn(c) && !above(c) && !outsays(c));
      if (at >= 0) moveToFront(found.candidates, at + 1);
    }
    // Only a request that is a noun phrase ("dog food", "do you have ear plugs") can name a thing the catalog lacks by
    // its words alone; in a sentence that describes a need ("want hummingbirds coming to the yard") the words are
    // not a product's name, and the evidence decides.
    // A noun phrase with a tail saying which one ("wetsuit for cold water swimming") names a thing too.
    const describes = asks === undefined && read.some((w) => !phraseRead.has(w));
    // ("the lever kind", "the infant kind": a kind described by a word of its own is no thing the catalog may lack.)
    // ("looking for a drone to get aerial shots of the site": a thing asked for by its name, then what it is for. A
    // head noun the catalog never says is not carried, whatever the words of what it is for match; an everyday word
    // for any thing, "a gadget to", "a way to", names nothing. Nor does a word the needs lexicon knows for a kind near
    // this catalog's, unless its reach is short: "riding mower to keep the pasture down".)
    if (asks?.purposeTail && headRead !== undefined && !GENERIC_THINGS.has(headRead) && !UNNAMED_THINGS.has(headRead) && !this.lexical.isCatalogWord(headRead) && !this.lexical.isCatalogWord(singular(headRead)) && (!found.cued?.has(stem(headRead)) || (found.nameReach?.get(stem(headRead)) ?? 1) < NAME_REACH)) {
      const unsaid = this.unsaid([headRead], headRead, found.candidates, weights, true);
      if (unsaid !== undefined) return { ...found, corrections, unsaid, named: false };
    }
    if (describes || asks?.described) return { ...found, corrections };
    // A name the needs lexicon knows for a kind the catalog has, by another name ("sleep sacks": Wearable Blankets;
    // "zip ties": Cable Ties): carried, though the catalog never says the word.
    const best = found.candidates[0];
    // ("split shot weights": a name of two words or more, said whole before the head noun, names that kind; the head
    // only says what it is, in a word the catalog may never use.)
    if (headRead !== undefined && best !== undefined && this.namedBefore(read.filter((w) => phraseRead.has(w) && w !== headRead), best.node)) return { ...found, corrections };
    // ("dermestid beetles": the words of Dermestid Beetle Supplies but its kind noun, said in turn, name it.)
    if (headRead !== undefined && best !== undefined && this.namedBefore(read.filter((w) => phraseRead.has(w)), best.node, true)) return { ...found, corrections };
    // An everyday name for kinds the catalog has nothing near ("onesies" in a catalog without bodysuits): not carried.
    const reach = headRead === undefined ? undefined : found.nameReach?.get(stem(headRead));
    if (asks && headRead !== undefined && reach !== undefined && reach < NAME_REACH && !this.lexical.isCatalogWord(headRead)) return { ...found, corrections, unsaid: headRead, named: false };
    if ([head, headRead].some((h) => h !== undefined && found.cued?.has(stem(h))) && best && needVouches(best.features, weights.needAct, VOUCH_GAP)) return { ...found, corrections };
    // A thing asked for as one ("a kayak", "kayaks") that the catalog names only to say what its things are for (Kayak
    // Paddles): not carried, even where a category's name shares its stem ("Kayaking").
    // (Not a product line said with its maker: "amaco velvets" are AMACO's Velvet underglazes, however many items AMACO has.)
    if (asks?.counted && headRead !== undefined && found.words.includes(headRead) && this.sellsNothingCalled(headRead) && this.lexical.brandItems(found.words.map(stem), 1).length === 0) return { ...found, corrections, unsaid: headRead, named: false };
    // A thing asked for by a compound of English words that neither the lexicon nor the catalog has ("do you have
    // wetsuits", "a dashcam for my car", "surfboard around 8 ft"): a real thing, not carried. (A typo such as "bloer"
    // or "pleese" is no compound.)
    if (asks && headRead !== undefined && !this.english.has(headRead) && !this.lexical.isCatalogWord(headRead) && this.isCompound(headRead)) return { ...found, corrections, unsaid: headRead, named: false };
    return { ...found, corrections, unsaid: this.unsaid(read.filter((w) => phraseRead.has(w)), asks?.purpose ? undefined : headRead, found.candidates, weights, asks !== undefined && !asks.described) };
  }

  /**
   * The noun phrase the catalog never says: a head noun it never uses ("laptop", "goggles"), or nouns it never puts
   * together in one title or one category path ("dog food", "ear plugs": no two of its nouns together). Only nouns count (adjectives such as "big"
   * describe, they do not name: "a big pot" asks for pots), kind nouns ("parts", "supplies") and words with digits do
   * not, and words neither English nor the catalog's (a code, a typo left over) are no evidence either way.
   */
  private unsaid(phrase: readonly string[], head: string | undefined, candidates: Candidate[], weights: ScorerWeights, asked: boolean): string | undefined {
    // (An acronym the catalog never says, "vr headset", "tv wall mount", is a noun too: too short to be a typo.)
    const acronym = (w: string) => /^[a-z]{2,3}$/.test(w) && !this.lexical.isCatalogWord(w) && !this.english.has(w) && !this.chatWords.has(w) && !WORD_PREFIXES.has(w);
    // ("live chicks", "live corals": alive is a kind of its own, carried only where the catalog says it of that thing.)
    // (A child's word where the catalog names kinds for children in its own words, "kids gloves" beside Youth Gloves,
    // says which of them.)
    const childKinds = this.childNaming().said.size > 0;
    // ("refill blades", "spare tubes": what replaces a thing one has is no other kind of it.)
    const nouns = phrase.filter((w) => !/\d/.test(w) && !REPLACING.has(w) && !(childKinds && CHILD_NAMES.test(w)) && !this.kindStems.has(stem(w)) && (((this.isNoun(w) || (w === head && this.namesKindsAsNoun(w))) && (this.english.has(w) || this.kindWords.heads.has(w) || this.lexical.isCatalogWord(w))) || acronym(w) || (w === 'live' && w !== head)));
    // ("bob jogger", "mustang survival auto inflate vest", "arai lids": a brand of the catalog, no English word, said with
    // what it makes, in words other than its titles'; the brand is carried, and the evidence decides which of its kinds.)
    if (phrase.some((w) => w !== head && this.lexical.spellsBrand(w) && !this.english.has(w) && !this.lexical.namesStem(stem(w)) && !this.kindStems.has(stem(w)))) return undefined;
    if (head !== undefined && nouns.includes(head) && !this.lexical.isCatalogWord(head)) return head;
    if (nouns.length < 2) return undefined;
    const clipped = (m: string) => this.lexical.spelling.candidates(m, 4).some((c) => c.startsWith(m) && c.length - m.length <= 2);
    // A noun the catalog never uses narrowing a kind it has ("tv wall mount", "usb printer cable", "cpap mask"): a
    // kind of that thing it does not carry, even where its other nouns go together (usb cables).
    // (Not when the best category is named by that noun alone and the evidence for it is strong: "mens house
    // slippers" are Slippers, one kind of them.)
    const bareKind = head !== undefined && candidates.length > 0 && this.lexical.nameHeadedBy(candidates[0]!.node, head) && tokens(this.tree.nodes[candidates[0]!.node]!.name).length === 1 && calibrated(weights, candidates[0]!.score, leadOf(candidates.map((c) => c.score), 0)) >= weights.threshold;
    // (A gerund says what the thing does, not another kind of it: "steering servo" is a servo.)
    if (asked && !bareKind && head !== undefined && nouns.includes(head) && nouns.some((w) => w !== head && !w.endsWith('ing') && this.english.has(w) && this.tags[w]?.[0]?.startsWith('NN') && !this.lexical.isCatalogWord(w) && this.lexical.idfOf(stem(w)) === 0 && !clipped(w))) return nouns.join(' ');
    // Said when two of its nouns go together somewhere ("aluminum bar stock": aluminum bars).
    // (Any catalog word of the phrase counts here, a kind noun or one tagged otherwise: "window cleaner spray" is said
    // by "Glass and Window Cleaner".)
    const stems = [...new Set(nouns.map(stem))].slice(-4);
    const withKinds = [...new Set(phrase.filter((w) => nouns.includes(w) || this.lexical.isCatalogWord(w)).map(stem))].slice(-5);
    for (const said of [stems, withKinds]) for (let i = 0; i < said.length; i++) for (let j = i + 1; j < said.length; j++) if (this.lexical.saysTogether([said[i]!, said[j]!])) return undefined;
    // Parts of a thing the catalog has a category for: "pipette tips" from Measuring Pipettes (the category's own
    // name is headed by one of the request's modifiers) or from Pipettor Accessories (a category of accessories or
    // parts under one). Among the best few candidates, that one is the answer.
    const modifiers = nouns.filter((w) => w !== head).map(stem);
    // (An -ing word that describes, "matching luggage set", narrows nothing to a thing the catalog lacks.)
    const describing = new Set(nouns.filter((w) => w !== head && w.endsWith('ing') && this.english.has(w) && (this.tags[w] ?? []).includes('JJ')).map(stem));
    const sameWord = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));
    // (Not when the best already is that kind of thing: "fishing rod" is Fishing Rods, not the Fishing it is for.)
    const bestIsKind = head !== undefined && candidates.length > 0 && this.lexical.nameHeadedBy(candidates[0]!.node, head);
    const partsOf = bestIsKind ? -1 : candidates.slice(0, PARTS_LOOKAHEAD).findIndex((c) => {
      const nameHead = stem(tokens(this.tree.nodes[c.node]!.name).at(-1) ?? '');
      if (modifiers.some((m) => sameWord(m, nameHead))) return true;
      return this.kindStems.has(nameHead) && modifiers.some((m) => this.lexical.pathHolds(c.node, m));
    });
    if (partsOf >= 0) {
      moveToFront(candidates, partsOf);
      return undefined;
    }
    // The head noun names one of the best few categories, and the evidence for it is enough to act on ("safety
    // gloves": Exam Gloves): the catalog carries the kind of thing asked for, and the modifier only narrows it. "ear
    // plugs" finds a Plugs category of electrical parts too, but the scorer is not confident in it.
    // A modifier the catalog never uses ("snow blower" in a garden catalog of leaf blowers) narrows to what it lacks.
    // (A catalog word with its ending dropped, "fishin", is that word.)
    // (Unless the needs lexicon knows the words together as a kind of their own, which the catalog never says:
    // "pressure washer" is no Top Load Washer, "weed killer" no Insect Killer, "graphics card" no Memory Card.)
    // (The catalog writing the words as one, "oatmilk", says them together.)
    const ownKind = this.kindWords.compounds.has(stemKey(nouns.join(' '))) && !this.lexical.writes(nouns.join(''));
    if (head !== undefined && !ownKind && modifiers.every((m) => this.lexical.isCatalogWord(m) || this.lexical.idfOf(m) > 0 || clipped(m) || describing.has(m))) {
      const scores = candidates.map((c) => c.score);
      const kindOf = candidates.slice(0, PARTS_LOOKAHEAD).findIndex((c, i) => this.lexical.nameHeadedBy(c.node, head) && calibrated(weights, c.score, leadOf(scores, i)) >= weights.threshold);
      if (kindOf >= 0) {
        moveToFront(candidates, kindOf);
        return undefined;
      }
    }
    return nouns.join(' ');
  }

  /**
   * Whether a word can be a noun (among the word list's readings of it) and the catalog's category names end on it:
   * "stick" of Hockey Sticks, "lock" of Bike Locks, whatever reading the word list gives first.
   */
  namesKindsAsNoun(word: string): boolean {
    return this.lexical.headsSomething(word) && (this.tags[word] ?? []).includes('NN');
  }

  /** Whether the words say the node's whole name, of two words or more, in turn (`butKind`: but a kind noun it ends on). */
  private namedBefore(words: readonly string[], node: number, butKind = false): boolean {
    const name = meaningfulWords(tokens(this.tree.nodes[node]!.name)).map(stem).filter((w, i, all) => !butKind || i < all.length - 1 || !this.kindStems.has(w));
    const said = words.map(stem);
    return name.length >= 2 && said.some((_, i) => name.every((n, k) => said[i + k] === n));
  }

  /**
   * A noun the catalog uses but never as the name of what it sells: a real English noun (not a kind noun such as
   * "gear", not a brand), that heads no category name and no title's start. Words neither English nor the catalog's
   * are left to unsaid().
   */
  private sellsNothingCalled(head: string): boolean {
    if (/\d/.test(head) || this.kindStems.has(stem(head)) || !this.lexical.isCatalogWord(head)) return false;
    if (this.namedWithSets.has(singular(head))) return false;
    // (A word the lexicon lacks is read as a noun: most of a catalog's own words are names of things.)
    const tag = this.tags[head]?.[0] ?? 'NN';
    // A word the lexicon lacks must be used so twice: seen once, it may be a title's typo ("pipete").
    const uses = this.tags[head] ? 1 : 2;
    // (Nor a word that modifies one kind only and that the needs lexicon never names a kind by: "boxers" are Boxer
    // Briefs clipped, where "kayak" of Kayak Paddles is a thing of its own, not carried.)
    const clippedKind = this.lexical.modifiesOneKind(head) && !this.kindWords.heads.has(head) && !this.kindWords.heads.has(singular(head));
    return tag.startsWith('NN') && !this.lexical.headsSomething(head) && this.lexical.modifierUses(head) >= uses && !this.lexical.isBrandWord(head) && !this.lexical.namesASubtype(head) && !clippedKind;
  }

  /** Two English words of three or more letters run together ("wetsuit", "surfboards", "dashcam"). */
  private isCompound(word: string): boolean {
    const w = /[^s]s$/.test(word) ? word.slice(0, -1) : word;
    for (let at = 3; at <= w.length - 3; at++) if (this.english.has(w.slice(0, at)) && this.english.has(w.slice(at))) return true;
    return false;
  }

  /** A noun, or a gerund used as one ("running shoes"), by its most frequent part of speech; a word the lexicon lacks (a brand, "pla") too. */
  private isNoun(word: string): boolean {
    const first = this.tags[word]?.[0]?.split('|')[0];
    return first === undefined || first.startsWith('NN') || first === 'VBG';
  }

  private async candidates(words: readonly string[], weights: ScorerWeights, head?: string, alongside: readonly string[] = [], avoid: readonly string[] = [], needs = true, purpose = false, parts = 0): Promise<Omit<ClauseMatch, 'corrections'>> {
    const headStem = head !== undefined && words.includes(head) ? stem(head) : words.length ? stem(words.at(-1)!) : undefined;
    const stems = [...new Set(words.map(stem))];
    const unknownShare = words.length ? words.filter((w) => !this.lexical.isCatalogWord(w)).length / words.length : 1;
    const nodes = this.tree.nodes;
    const pool = new Set(this.lexical.candidates(stems));
    // Only a brand said ("jetboil", "got any penn stuff"): what that brand makes here.
    // A brand heading the request's noun phrase is that too: "looking at synology for the home office".
    // (Unless the brand's titles hold other words said: "otterbox for galaxy s23" is OtterBox's Galaxy cases.)
    // (A brand's items holding the other words said, looked up once for this rule and the brand vote below.)
    let brandWithWords: number[] | undefined;
    const brandItems = () => (brandWithWords ??= this.lexical.brandItems(stems));
    // (A brand said as it is spelt: "polarized" is no Polare.)
    const spelt = words.some((w) => this.lexical.spellsBrand(w));
    // (A brand's first word alone names it when said as a brand, "anything from cookie", or when it is no everyday word,
    // "krause scwc".)
    // (Only looked at when a brand is spelt: most clauses name none.)
    const asBrand = spelt && (tokens(alongside[0] ?? '').some((w) => BRAND_CUES.has(w)) || words.some((w) => this.lexical.spellsBrand(w) && !this.english.has(w)));
    const brandNode = !spelt ? undefined : this.brandOnlyNode(stems, false, asBrand) ?? (headStem !== undefined && head !== undefined && words.includes(head) && brandItems().length === 0 ? this.brandOnlyNode([headStem]) : undefined);
    if (brandNode !== undefined) pool.add(brandNode);
    const semName = new Float32Array(nodes.length);
    const semItems = new Float32Array(nodes.length);
    const itemMax = new Map<number, number>();
    const itemMass = new Map<number, number>();
    let bestSem = 0;
    let totalMass = 0;
    const need = new Float32Array(nodes.length);
    // No situation near: every node is as far behind as can be.
    let bestNeed = 1;
    const cued = new Set<string>();
    const nameReach = new Map<string, number>();
    if (this.semantic && words.length) {
      const v = this.vectors!;
      // Each word once: a pasted run of the same words costs the encoder no more than saying them once.
      const encoded = await this.encode!([[...new Set(words)].join(' '), ...alongside]);
      const q = encoded.subarray(0, v.dim);
      const dim = v.dim;
      const c = this.centroids!;
      for (let n = 0; n < nodes.length; n++) {
        let a = 0;
        let b = 0;
        let m = 0;
        for (let d = 0; d < dim; d++) {
          a += q[d]! * v.names[n * dim + d]!;
          b += q[d]! * v.withParents[n * dim + d]!;
          m += q[d]! * c[n * dim + d]!;
        }
        semName[n] = Math.max(a, b);
        semItems[n] = m;
      }
      const nodeOrder = [...semName.keys()].sort((x, y) => semName[y]! - semName[x]!);
      bestSem = semName[nodeOrder[0]!] ?? 0;
      for (const n of nodeOrder.slice(0, NEAREST_NODES)) pool.add(n);
      const items = v.titles.length / dim;
      const sims = new Float32Array(items);
      for (let i = 0; i < items; i++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += q[d]! * v.titles[i * dim + d]!;
        sims[i] = s;
      }
      const nearest = topK(sims, NEAREST_TITLES);
      for (const i of nearest) {
        const s = Math.max(0, sims[i]!);
        totalMass += s;
        for (const n of this.tree.nodesOfItem(i)) {
          itemMax.set(n, Math.max(itemMax.get(n) ?? 0, s));
          itemMass.set(n, (itemMass.get(n) ?? 0) + s);
        }
      }
      for (const i of nearest.slice(0, NEAREST_NODES)) for (const n of this.tree.nodesOfItem(i)) pool.add(n);
      // The clause's whole text read as a situation ("kiddo is burning up"): the kinds that answer it, by their names.
      if (this.needs && needs && alongside.length > 0) {
        const { lexicon } = this.needs;
        // The kinds a situation or cue names come most fitting first.
        const answer = (kinds: readonly number[], nearness: number) =>
          kinds.forEach((kind, rank) => {
            const weight = nearness * (1 - 0.03 * rank);
            const cosines = this.kindCosines(kind);
            for (let n = 0; n < nodes.length; n++) need[n] = Math.max(need[n]!, weight * cosines[n]!);
            for (const n of topK(cosines, KIND_NODES)) pool.add(n);
          });
        // (Each text alongside is read as a situation: the clause's, and for a thing asked for unnamed, the message's.)
        // (The last `parts` texts are parts of a long clause, each read as a situation too, less surely than the whole.)
        for (let t = 0; t < alongside.length; t++) {
          const sure = t >= alongside.length - parts ? PART_NEARNESS : 1;
          for (const near of nearestNeeds(this.needs.vectors, encoded.subarray((t + 1) * dim, (t + 2) * dim), NEAR_SITUATIONS, SITUATION_FLOOR)) answer(lexicon.kindsOf[near.situation]!, near.similarity * sure);
        }
        // The clause's own rare words said together in a situation count as that situation's cue: "my ears are ringing
        // after running the planer" shares "ears" and "ringing" with a situation the encoder finds no nearer than others.
        for (const near of situationsSharing(lexicon, alongside[0]!, SHARED_SITUATIONS)) answer(lexicon.kindsOf[near]!, CUE_NEARNESS);
        if (this.cues) {
          // The clause's words as said and as read (a typo corrected), the small ones too ("out of tune").
          const said = saidKeys([...tokens(alongside[0]!), ...words]);
          for (const cue of this.cues.said(said)) {
            // (A cue of two words or more, all said, is as telling as a name: "weigh flour", "learn coding".)
            answer(lexicon.cueKindsOf[cue]!, lexicon.cueNames[cue] || this.cues.stemsOf(cue).length >= 2 ? NAME_NEARNESS : CUE_NEARNESS);
            for (const s of this.cues.stemsOf(cue)) cued.add(s);
            if (lexicon.cueNames[cue]) {
              const reach = Math.max(...lexicon.cueKindsOf[cue]!.map((kind) => this.kindCosines(kind).reduce((a, b) => Math.max(a, b), 0)));
              for (const s of this.cues.stemsOf(cue)) nameReach.set(s, Math.max(nameReach.get(s) ?? 0, reach));
            }
          }
        }
        let nearest = 0;
        for (let n = 0; n < nodes.length; n++) nearest = Math.max(nearest, need[n]!);
        if (nearest > 0) bestNeed = nearest;
      }
    }
    const candidates: Candidate[] = [...new Set([...pool].map((n) => this.tree.canonical(n)))].map((node) => {
      const lex = this.lexical.evidence(stems, node, headStem);
      const features: FeatureVector = [
        semName[node]!,
        semName[node]! - bestSem,
        semItems[node]!,
        itemMax.get(node) ?? 0,
        totalMass > 0 ? (itemMass.get(node) ?? 0) / totalMass : 0,
        lex.nameCover,
        lex.nameFull,
        lex.parentCover,
        lex.titleScore,
        lex.wordCover,
        lex.headCover,
        unknownShare,
        nodes[node]!.levels.length / 6,
        Math.log(nodes[node]!.items.length) / this.logSize,
        need[node]!,
        need[node]! - bestNeed,
      ];
      return { node, features, score: score(weights, features) };
    });
    candidates.sort((a, b) => b.score - a.score || a.node - b.node);
    // What the same message leaves out is not what it asks for: "no spray paint, i need paint for the bedroom walls"
    // asks for another paint. (A category the request names in full stays: "not a lantern, a headlamp" asks for
    // Headlamps even where the exclusion took their parent, Lights & Lanterns.)
    if (avoid.length > 0) {
      // (Nor above it: "no more gates, ... now it's the drawers" is not the Gates & Doorways that holds the gates.)
      // (Nor a kind below it that the request names by a noun the excluded one's name never says: "forget the router
      // itself, ... just want a set of bits for it" asks for Router Bits, under the Routers it leaves out.)
      const said = new Set(words.map(stem));
      const namedBelow = (c: Candidate, p: string) => {
        const head = stem(tokens(this.tree.nodes[c.node]!.name).at(-1) ?? '');
        return said.has(head) && !tokens(p.split(' - ').at(-1)!).map(stem).includes(head);
      };
      // (Nor, below a name that joins two kinds, one whose own name holds every word asked and ends in the noun said:
      // "no glue please, show me some double sided tape instead" refused the glues of Glues & Tapes, not its
      // Double-Sided Leather Tape.)
      const namedWhole = (c: Candidate, p: string) => joinsKinds(p.split(' - ').at(-1)!) && c.features[NAME_COVER] === 1 && c.features[HEAD_COVER] === 1 && said.has(stem(tokens(this.tree.nodes[c.node]!.name).at(-1) ?? ''));
      const avoided = (c: Candidate) => {
        const path = this.tree.nodes[c.node]!.path;
        return (c.features[NAME_COVER]! < 1 || c.features[NAME_FULL]! < 1) && avoid.some((p) => path === p || (path.startsWith(p + ' - ') && !namedBelow(c, p) && !namedWhole(c, p)) || p.startsWith(path + ' - '));
      };
      for (let i = candidates.length - 1; i >= 0; i--) if (avoided(candidates[i]!)) candidates.splice(i, 1);
    }
    // A category named exactly (every word of the request is its name, and its whole name is said) is the one meant,
    // even where the scorer ranks a node below it higher for sharing the words through its parent.
    const exact = candidates.findIndex((c) => c.features[NAME_COVER]! === 1 && c.features[NAME_FULL]! === 1);
    let named = exact >= 0;
    let branded = false;
    let lineCategories: ReadonlySet<number> | undefined;
    if (exact > 0) moveToFront(candidates, exact);
    // The head word names the kind of thing asked for ("gloves" in "safety gloves"): a category reached only through
    // its parent's name ("Safety ... - Tape"), whose own name and titles never use the head word, is a worse answer
    // than the best one that does.
    else if (exact < 0 && candidates.length > 0 && candidates[0]!.features[HEAD_COVER] === 0 && candidates[0]!.features[NAME_COVER] === 0 && candidates[0]!.features[PARENT_COVER]! > 0) {
      const covering = candidates.findIndex((c) => c.features[HEAD_COVER] === 1);
      moveToFront(candidates, covering);
    }
    // A category's own name is better evidence than the name it inherits, for the head word of the request (the kind of
    // thing asked for, not what it is for: "sticks for hiking" stay Trekking Poles): "sleeping bag" is Sleeping Bags, not its
    // sibling Sleeping Pads that has "bag" only through their parent "Sleeping Bags & Camp Bedding"; "a lantern" is
    // Camping Lanterns, not its sibling Headlamps under "Lights & Lanterns". One of the next few whose own name says more of the
    // request and all of it that the best says anywhere comes first (so a name split across levels, "Pipettes - Tips",
    // still wins with both its levels).
    const headOfRequest = head !== undefined && words.includes(head) && !purpose ? head : undefined;
    // (When some category's own name says every word, the rule below for that picks among them.)
    if (exact < 0 && headOfRequest !== undefined && candidates.length > 1 && candidates[0]!.features[PARENT_COVER]! > 0 && !this.lexical.nameHolds(candidates[0]!.node, [stem(headOfRequest)]) && this.namedBy(stems, candidates) === undefined) {
      const top = candidates[0]!.features;
      const total = (f: FeatureVector) => f[NAME_COVER]! + f[PARENT_COVER]!;
      // An ancestor of the best only when named in full ("car seats": Car Seats, not the Belt-Positioning Boosters
      // under it); "a bag that holds water" stays Hydration Packs, under Backpacks & Bags.
      const topPath = this.tree.nodes[candidates[0]!.node]!.path;
      // Where the best inherits the head word from an ancestor that is headed by it ("Infant Toys - Teethers" for "a
      // toy"), only that ancestor's own kinds compete (a sibling, not Bath Toys elsewhere).
      let within: string | undefined;
      for (let a = this.tree.nodes[candidates[0]!.node]!.parent; a !== undefined && within === undefined; a = this.tree.nodes[a]!.parent) {
        if (this.lexical.nameHeadedBy(a, headOfRequest)) within = this.tree.nodes[a]!.path + ' - ';
      }
      const owns = candidates
        .slice(1, HEAD_LOOKAHEAD)
        .findIndex((c) => this.lexical.nameHeadedBy(c.node, headOfRequest) && (within === undefined || this.tree.nodes[c.node]!.path.startsWith(within) || within === this.tree.nodes[c.node]!.path + ' - ') && (c.features[NAME_FULL] === 1 || !topPath.startsWith(this.tree.nodes[c.node]!.path + ' - ')) && c.features[NAME_COVER]! > top[NAME_COVER]! + 1e-9 && c.features[NAME_FULL]! >= top[NAME_FULL]! - 1e-9 && total(c.features) >= total(top) - 1e-9 && candidates[0]!.score - c.score < OWN_NAME_MARGIN);
      if (owns >= 0) moveToFront(candidates, owns + 1);
    }
    // A category whose own name says every word of the request ("lab supplies": Lab Supplies & Consumables; "safety
    // signs": Safety Signs & Signals) is the one meant, over a deeper one that only shares the words through its
    // parent's name or its titles. Of several, the one whose name is said most fully, then the broadest.
    if (exact < 0 && candidates.length > 0) {
      const said = this.namedBy(stems, candidates, headOfRequest);
      if (said !== undefined) {
        named = true;
        moveToFront(candidates, said);
      }
    }
    // "leave the goat stuff out", "stop showing me camo clothes": a word of several categories' names, said with a
    // word for things in general, is all of them: the category that holds them all.
    const all = candidates.length > 0 ? this.holdingAll(stems) : undefined;
    if (all !== undefined) {
      const at = candidates.findIndex((c) => c.node === all);
      if (at < 0) candidates.unshift({ ...candidates[0]!, node: all });
      else moveToFront(candidates, at);
      named = true;
    }
    // A brand with what it makes ("weber kettle", "dewalt drill", "hatchbox pla"): the category most of that brand's
    // items with those words are in, when it is among the candidates (or above one of them), is the one meant.
    if (!named && candidates.length > 1) {
      const brandsItems = brandItems();
      if (brandsItems.length > 0) {
        // The items whose titles say the words as their own name, before saying what they fit ("traxxas slash": the
        // Slash truck, not Traxxas's bag that fits a Slash), when there are any; of those, the earliest said first.
        const rest = words.filter((w) => !this.lexical.isBrandWord(w)).map(stem);
        const position = new Map(brandsItems.map((i) => [i, this.lexical.ownNamePosition(i, rest)]));
        const own = brandsItems.filter((i) => position.get(i)! >= 0);
        const voters = own.length > 0 ? own : brandsItems;
        const earliest = new Map<number, number>();
        const votes = new Map<number, number>();
        for (const i of voters) {
          const leaf = this.tree.leafOf(i);
          if (leaf !== undefined) earliest.set(leaf, Math.min(earliest.get(leaf) ?? Infinity, position.get(i)! < 0 ? Infinity : position.get(i)!));
        }
        for (const i of voters) {
          const leaf = this.tree.leafOf(i);
          if (leaf !== undefined) votes.set(leaf, (votes.get(leaf) ?? 0) + 1);
        }
        // Of leaves with as many of them, the one whose name says a word of the request ("hp ink for my officejet":
        // Ink Cartridges, not the Inkjet Printers whose title says "Instant Ink").
        const says = (n: number) => (stems.some((s) => !this.kindStems.has(s) && this.lexical.nameHolds(n, [s])) ? 1 : 0);
        const leaf = [...votes.entries()].sort((a, b) => b[1] - a[1] || says(b[0]) - says(a[0]) || earliest.get(a[0])! - earliest.get(b[0])! || a[0] - b[0])[0]?.[0];
        if (leaf !== undefined) {
          // A brand and its model ("blue yeti") is no small talk.
          branded = true;
          const at = candidates.findIndex((c) => c.node === leaf);
          if (at > 0) moveToFront(candidates, at);
          else if (at < 0) {
            // Not a candidate itself: the best candidate that holds it (its parent, say) comes first.
            const path = this.tree.nodes[leaf]!.path;
            const holding = candidates.findIndex((c) => path.startsWith(this.tree.nodes[c.node]!.path + ' - '));
            moveToFront(candidates, holding);
          }
        }
      }
    }
    // A product line said alone or with its brand ("eneloops", "lutron caseta"): words no dictionary has, which only a
    // few titles write and all of them in one category, name that category as surely as its name would.
    if (!named && candidates.length > 0) {
      // (Not chat words or short ones: "lol", "omg", "gf" say nothing of a product even where a title writes them.)
      const lines = words.filter((w) => w.length >= 4 && !this.chatWords.has(w) && !this.english.has(w) && !this.english.has(singular(w)) && !/\d/.test(w) && this.lexical.lineItems(stem(w)).length > 0);
      const rest = words.filter((w) => !lines.includes(w) && !this.lexical.isBrandWord(w) && !this.kindStems.has(stem(w)));
      // ("koriko tins": of a line's items in several categories, those whose titles also say the other words, the Koriko
      // Shaking Tins and not the Koriko Strainer.)
      const restStems = rest.map(stem);
      const items = lines.flatMap((w) => this.lexical.lineItems(stem(w))).filter((i) => this.lexical.titleSays(i, restStems));
      const leaves = new Set(items.map((i) => this.tree.leafOf(i)).filter((n): n is number => n !== undefined));
      const leaf = leaves.size === 1 ? [...leaves][0] : undefined;
      if (lines.length > 0 && rest.length <= 1 && words.length <= 3 && leaf !== undefined) {
        const at = candidates.findIndex((c) => c.node === leaf);
        if (at >= 0) {
          moveToFront(candidates, at);
          named = true;
        }
      } else if (lines.length > 0 && rest.length === 0 && words.length <= 3 && leaves.size > 1 && leaves.size <= LINE_LEAVES) {
        // ("koriko" alone, a line of shaking tins and of a strainer: no small talk, its categories first, to ask between.)
        // (Their order among the candidates is kept: the asking puts them first.)
        if (candidates.filter((c) => leaves.has(c.node)).length === leaves.size) lineCategories = leaves;
      }
    }
    // The head word is the kind of thing asked for: "dewalt drill" asks for drills, and Drill Bits uses "drill" only
    // to say what its bits are for. When the best category's own name holds the head word only as such a modifier,
    // one of the next few whose name is headed by it (Drills) is the kind meant.
    // (Not the object of what an unnamed thing does: "something to oil the bearings" asks for no bearings.)
    const headWord = purpose ? undefined : (headOfRequest ?? words.at(-1));
    if (!named && headWord !== undefined && candidates.length > 1) {
      const top = candidates[0]!;
      const modifierOnly = this.lexical.nameHolds(top.node, [stem(headWord)]) && !this.lexical.nameHeadedBy(top.node, headWord);
      const headed = modifierOnly ? candidates.slice(1, HEAD_LOOKAHEAD).findIndex((c) => this.lexical.nameHeadedBy(c.node, headWord)) : -1;
      if (headed >= 0) moveToFront(candidates, headed + 1);
    }
    if (brandNode !== undefined) {
      moveToFront(candidates, candidates.findIndex((c) => c.node === this.tree.canonical(brandNode)));
      named = true;
    }
    const brandDepartment = spelt && brandNode === undefined && stems.length > 0 && stems.every((s) => this.lexical.isBrandStem(s)) ? this.brandOnlyNode(stems, true, asBrand) : undefined;
    return { candidates, words: [...words], named, branded, cued, nameReach, brandDepartment, ...(lineCategories ? { lineCategories } : {}) };
  }

  /**
   * The first name the needs lexicon knows said among the words, whose words the catalog does not all write, for a
   * kind the catalog names (a category's name and path say every word of it): the words with the name's replaced by
   * the kind's.
   */
  /**
   * The head word of category names (with the most items) that ends in the English word `tail` after an English word
   * of three letters or more ("snowboard" of Snowboards for "board") or any four or more ("oscilloscope" for "scope");
   * looked up in an index built on first use.
   */
  private compoundEndingIn(tail: string): string | undefined {
    if (!this.compoundTails) {
      const uses = new Map<string, Map<string, number>>();
      for (const node of this.tree.nodes) {
        const one = singular(tokens(node.name).at(-1) ?? '');
        for (let at = 3; at <= one.length - MIN_COMPOUND_TAIL; at++) {
          const end = one.slice(at);
          if (!(this.english.has(one.slice(0, at)) || at >= MIN_COMPOUND_TAIL) || !this.english.has(end)) continue;
          const wholes = uses.get(end) ?? new Map<string, number>();
          wholes.set(one, (wholes.get(one) ?? 0) + node.items.length);
          uses.set(end, wholes);
        }
      }
      this.compoundTails = new Map([...uses].map(([end, wholes]) => [end, [...wholes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]]));
    }
    return this.compoundTails.get(tail);
  }

  private compoundTails: Map<string, string> | undefined;

  /**
   * The word of a category name that follows `before` there and starts with `clip` (or its singular), of three
   * letters or more, two or more letters longer; only when one word does.
   */
  private clippedAfter(before: string, clip: string): string | undefined {
    if (!this.nameFollowers) {
      this.nameFollowers = new Map();
      for (const node of this.tree.nodes) {
        const words = tokens(node.name);
        words.slice(1).forEach((w, k) => {
          const key = stem(words[k]!);
          const list = this.nameFollowers!.get(key) ?? new Set<string>();
          list.add(w);
          this.nameFollowers!.set(key, list);
        });
      }
    }
    const after = this.nameFollowers.get(stem(before));
    if (!after) return undefined;
    return onlyWordClipped(clip, after, { shortest: 3, rest: 2 });
  }

  private nameFollowers: Map<string, Set<string>> | undefined;

  /** The one word of the category names (by its singular) that the clipping starts, if only one does. */
  private clippedName(clip: string): string | undefined {
    this.nameWords ??= [...new Set(this.tree.nodes.flatMap((node) => tokens(node.name).filter((w) => /^[a-z]+$/.test(w)).map(singular)))];
    // (A name's noun: "porta" is no clipped Portable.)
    return onlyWordClipped(clip, this.nameWords, { shortest: 0, rest: 3 }, (w) => (this.tags[w]?.[0] ?? 'NN').startsWith('NN'));
  }

  private nameWords: string[] | undefined;
  /**
   * How the catalog's category names say children, made once: the words they use (Youth Gloves: "youth") and the one
   * "kids" is read as, youth or junior only (what "kids" says of any age; a toddler's or a girl's kind is narrower).
   */
  private childNaming(): { said: ReadonlySet<string>; word: string | undefined } {
    if (this.childNames === undefined) {
      const counts = new Map<string, number>();
      for (const n of this.tree.nodes) for (const w of tokens(n.name)) if (CHILD_NAMES.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
      const word = [...counts].filter(([w]) => w === 'youth' || w === 'junior').sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      this.childNames = { said: new Set(counts.keys()), word };
    }
    return this.childNames;
  }

  private childNames: { said: ReadonlySet<string>; word: string | undefined } | undefined;

  /**
   * For stems with a word for things in general ("stuff", "clothes") and others that two or more category names say
   * ("goat"), the category that holds all those (below the catalog's root); undefined otherwise.
   */
  private holdingAll(stems: readonly string[]): number | undefined {
    if (!stems.some((s) => GENERAL_THINGS.has(s))) return undefined;
    const rest = stems.filter((s) => !GENERAL_THINGS.has(s) && !this.kindStems.has(s));
    if (rest.length === 0) return undefined;
    const holders = this.tree.nodes.filter((_, n) => this.lexical.nameHolds(n, rest));
    // ("no beard products": Beard Care holds the beard oils and balms; Hair & Beard Care above it only joins that kind
    // to another in its name.)
    const joined = (n: (typeof holders)[number]) => joinsKinds(n.name) && holders.some((o) => o.path.startsWith(n.path + ' - '));
    const paths = holders.filter((n) => !joined(n)).map((n) => n.path.split(' - '));
    if (paths.length < 2) return undefined;
    let common = paths[0]!;
    for (const p of paths) {
      const differs = common.findIndex((level, i) => p[i] !== level);
      if (differs >= 0) common = common.slice(0, differs);
    }
    if (common.length < 2) return undefined;
    const node = this.tree.indexOf(common.join(' - '));
    return node === undefined ? undefined : this.tree.canonical(node);
  }

  private aliasOf(words: readonly string[]): { words: string[]; correction: { from: string; to: string } } | undefined {
    if (!this.cues || !this.needs || !this.vectors) return undefined;
    const { lexicon } = this.needs;
    for (const cue of this.cues.said(saidKeys(words))) {
      if (!lexicon.cueNames[cue]) continue;
      const cueStems = new Set(this.cues.stemsOf(cue));
      const at = words.filter((w) => cueStems.has(stem(w)) || cueStems.has(w));
      if (at.length === 0 || at.every((w) => this.lexical.isCatalogWord(w))) continue;
      const kind = lexicon.cueKindsOf[cue]!.find((k) => this.catalogNames(k));
      if (kind === undefined) continue;
      const first = words.findIndex((w) => at.includes(w));
      const kindWords = tokens(lexicon.kinds[kind]!).filter((w) => !isStopword(w));
      const rest = words.filter((w, i) => i < first || !at.includes(w));
      return { words: [...rest.slice(0, first), ...kindWords, ...rest.slice(first)], correction: { from: at.join(' '), to: kindWords.join(' ') } };
    }
    return undefined;
  }

  /**
   * Whether a category's name says the kind's head word and its path the rest ("aquarium water conditioners": Aquarium
   * & Pond - ... - Water Conditioners; the store's root, above the tree's nodes, counts).
   */
  private catalogNames(kind: number): boolean {
    let named = this.kindsNamed.get(kind);
    if (named === undefined) {
      const kindStems = [...new Set(tokens(this.needs!.lexicon.kinds[kind]!).filter((w) => !isStopword(w)).map(stem))];
      const head = kindStems.at(-1);
      this.rootStems ??= new Set(this.tree.nodes.flatMap((node) => tokens(node.path.split(' - ')[0]!).filter((w) => !isStopword(w)).map(stem)));
      const roots = this.rootStems;
      named = head !== undefined && this.tree.nodes.some((_, n) => this.lexical.nameHolds(n, [head]) && kindStems.every((s) => this.lexical.pathHolds(n, s) || roots.has(s)));
      this.kindsNamed.set(kind, named);
    }
    return named;
  }

  /** Stems of the catalog's root names (its departments), which no node of the tree holds. */
  private rootStems: Set<string> | undefined;
  /** Per kind of the needs lexicon, whether the catalog names it (catalogNames), looked at once. */
  private readonly kindsNamed = new Map<number, boolean>();

  private readonly kindMemory = new Map<number, Float32Array>();
  /** Whether a word is a kind noun ("parts", "supplies"), which says what sort of thing, not which thing. */
  isKindNoun(word: string): boolean {
    return this.kindStems.has(stem(word));
  }

  /** Cosine of a kind of the needs lexicon to every node's name (best of name alone and with its parent's), remembered. */
  private kindCosines(kind: number): Float32Array {
    const known = this.kindMemory.get(kind);
    if (known) {
      this.kindMemory.delete(kind);
      this.kindMemory.set(kind, known);
      return known;
    }
    const v = this.vectors!;
    const dim = v.dim;
    const k = this.needs!.vectors.kinds.subarray(kind * dim, (kind + 1) * dim);
    const out = new Float32Array(this.tree.nodes.length);
    for (let n = 0; n < out.length; n++) {
      let a = 0;
      let b = 0;
      for (let d = 0; d < dim; d++) {
        a += k[d]! * v.names[n * dim + d]!;
        b += k[d]! * v.withParents[n * dim + d]!;
      }
      out[n] = Math.max(a, b);
    }
    // A kind every word of which a node's name (with its parent's) says is that node, however the encoder rates the
    // pair: "coffee pods" is Coffee - Single-Serve Capsules & Pods, "washers" is Front Load Washers' parent's kind.
    const kindStems = [...new Set(tokens(this.needs!.lexicon.kinds[kind]!).filter((w) => !isStopword(w)).map(stem))];
    // (Or its head by the node's own name and the words before it by the path above: "aquarium water conditioners" is
    // Aquarium & Pond - ... - Water Conditioners, the store's department saying what the kind is for.)
    const kindHead = kindStems.at(-1);
    const pathSays = (n: number) => kindHead !== undefined && this.lexical.nameHolds(n, [kindHead]) && kindStems.every((s) => this.lexical.pathHolds(n, s));
    if (kindStems.length > 0) for (let n = 0; n < out.length; n++) if (this.lexical.nameOrParentHolds(n, kindStems) || pathSays(n)) out[n] = Math.max(out[n]!, KIND_NAMED);
    this.kindMemory.set(kind, out);
    if (this.kindMemory.size > KIND_MEMORY) this.kindMemory.delete(this.kindMemory.keys().next().value!);
    return out;
  }

  /**
   * The deepest category holding at least BRAND_MAJORITY of the items of the brand the stems alone say, if any; with
   * `departments`, a department under the catalog's root too (for a brand said with nothing else).
   */
  private brandOnlyNode(stems: readonly string[], departments = false, firstAlone = false): number | undefined {
    // (A department holds more of the catalog than a kind: so may the brand that makes most of it, "babolat".)
    const brandsItems = this.lexical.brandOnly(stems.filter((s) => !this.kindStems.has(s)), departments ? BRAND_BROADEST / 2 : undefined, firstAlone);
    if (brandsItems.length === 0) return undefined;
    // ("tornado t3000": of the brand's items, those whose titles say the model said, when any do.)
    const model = stems.filter((s) => !this.kindStems.has(s) && !this.lexical.isBrandStem(s));
    const saying = model.length > 0 ? brandsItems.filter((i) => this.lexical.titleSays(i, model)) : [];
    const items = saying.length > 0 ? saying : brandsItems;
    const counts = new Map<number, number>();
    for (const i of items) for (const n of this.tree.nodesOfItem(i)) counts.set(n, (counts.get(n) ?? 0) + 1);
    let best: number | undefined;
    for (const [n, c] of counts) {
      // (A department under the catalog's root only when asked for: see brandDepartment. A top level holding most of the
      // catalog never.)
      const department = this.tree.nodes[n]!.parent === undefined;
      if (c < BRAND_MAJORITY * items.length || (department && (!departments || this.tree.nodes[n]!.items.length > BRAND_BROADEST * this.tree.itemLevels.length))) continue;
      if (best === undefined || this.tree.nodes[n]!.levels.length > this.tree.nodes[best]!.levels.length) best = n;
    }
    return best;
  }
}

/** Whether `fixed` is `word` with one letter of a doubled pair dropped ("chaffing": chafing). */
function undoubled(word: string, fixed: string): boolean {
  if (fixed.length !== word.length - 1) return false;
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1] && word.slice(0, i) + word.slice(i + 1) === fixed) return true;
  return false;
}

/** Words that say a word beside them is a brand: "anything from cookie", "cookie stuff", "by cookie". */
const BRAND_CUES = new Set(['from', 'by', 'brand', 'brands', 'stuff', 'made', 'makes', 'make']);

/** The most categories a product line said alone may span and still be asked between. */
const LINE_LEAVES = 3;

/** Share of a brand's items a category must hold to be what the brand alone asks for. */
const BRAND_MAJORITY = 0.6;
/** The most of the catalog a category may hold to be what a brand alone asks for. */
const BRAND_BROADEST = 0.5;

/** Puts the candidate at `index` first, the rest in their order (nothing to do for the first). */
/** Up to this many unknown words in a clause are always searched widely (two edits, by sound). */
const WIDE_SPELLING_WORDS = 3;


/**
 * The one word (by its singular) of `words` that the clipping, or its singular, starts with `rest` letters or more
 * after it, if only one does; starts shorter than `shortest` letters do not count.
 */
function onlyWordClipped(clip: string, words: Iterable<string>, { shortest, rest }: { shortest: number; rest: number }, keep: (word: string) => boolean = () => true): string | undefined {
  const starts = [...new Set([clip, singular(clip)])].filter((c) => c.length >= shortest);
  const found = new Set<string>();
  for (const w of words) if (starts.some((c) => w.startsWith(c) && w.length >= c.length + rest) && keep(w)) found.add(singular(w));
  return found.size === 1 ? [...found][0] : undefined;
}

/** How sure a situation read from a part of a long clause is, as a share of one read from the whole clause. */
const PART_NEARNESS = 0.9;

export function moveToFront<T>(list: T[], index: number): void {
  if (index > 0) list.unshift(...list.splice(index, 1));
}

/** Index among candidates of the category the stems name (see candidates()), if any. */
function bestNamed(tree: CategoryTree, candidates: readonly Candidate[], names: (node: number) => boolean): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < candidates.length; i++) {
    if (!names(candidates[i]!.node)) continue;
    if (best === undefined) {
      best = i;
      continue;
    }
    const [a, b] = [candidates[i]!, candidates[best]!];
    const fuller = a.features[NAME_FULL]! - b.features[NAME_FULL]!;
    const shallower = tree.nodes[b.node]!.levels.length - tree.nodes[a.node]!.levels.length;
    if (fuller > 1e-9 || (Math.abs(fuller) <= 1e-9 && shallower > 0)) best = i;
  }
  return best;
}

function centroids(tree: CategoryTree, v: CatalogVectors): Float32Array {
  const dim = v.dim;
  const out = new Float32Array(tree.nodes.length * dim);
  tree.nodes.forEach((node, n) => {
    for (const i of node.items) for (let d = 0; d < dim; d++) out[n * dim + d]! += v.titles[i * dim + d]!;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += out[n * dim + d]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[n * dim + d]! *= scale;
  });
  return out;
}

/** Indices of the k largest values, largest first (one pass, a small sorted buffer). */
function topK(values: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (best.length === k && values[i]! <= values[best[k - 1]!]!) continue;
    let at = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(i);
    while (at > 0 && values[best[at - 1]!]! < values[i]!) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best;
}
