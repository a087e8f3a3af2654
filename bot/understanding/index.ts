import natural from 'natural';
import { categoryPath, type Catalog } from '../../model/catalog.js';
import { openTextEncoder, type TextEncoder } from '../../model/text-encoder/index.js';
import { findAttributes, MEASURE_UNITS, PLAIN_WORDS } from './attributes.js';
import { EncodingCache } from './encoding-cache.js';
import { loadNeeds, openNeedsVectors, saidKeys, type NeedsLexicon, type NeedsVectors } from './needs.js';
import { encodeUnit, openCatalogVectors, vectorTexts, type CatalogVectors } from './catalog-vectors.js';
import { CategoryTree, joinsKinds, nameParts, type CategoryNode } from './category-tree.js';
import { commandOf, contentWords, hasPhrase, HAVER, HAVING_VERBS, isGreeting, JOINERS, isPleasantry, isQuestionToTheBot, nounsOnly, partOfWorkingWhole, SAYS_A_NEED, situationParts, splitClauses, UNNAMED_THINGS, wholeMessage, type Clause } from './clauses.js';
import type { CategoryCandidate, ClauseIntent, InterpretContext, Interpretation, ShownItem } from './interpretation.js';
import { loadQualities, namesQuality, qualityCues, type QualityCues } from './qualities.js';
import { CategoryMatcher, moveToFront, type Candidate, type ClauseMatch } from './matcher.js';
import { findReference, refusesAllOf, type Reference } from './references.js';
import { calibrated, needLeads, FEATURES, leadOf, loadScorers, type FittedScorers, type ScorerWeights } from './scorer.js';

const FEATURE_INDEX = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<(typeof FEATURES)[number], number>;
import { CHILD_NAMES, englishWords, isStopword, MAX_CHARS, SHORT_JOINED, meaningfulWords, posLexicon, singular, stem, TIME_NOUNS, tokens, valence } from './text.js';
import { loadUnderstandingWords, type UnderstandingWords } from './words.js';

export type { CategoryCandidate, ClauseIntent, InterpretContext, Interpretation, ShownItem, Attribute } from './interpretation.js';
export type { CategoryNode } from './category-tree.js';
export { CategoryTree } from './category-tree.js';
export { VECTORS_FILE } from './catalog-vectors.js';
export { loadUnderstandingWords, type UnderstandingWords } from './words.js';

export interface UnderstandingOptions {
  /** The bundle folder the catalog came from (where its understanding vectors live). */
  bundleDir?: string;
  /** Where vectors of other catalogs are cached (FLARECHAT_DATA_DIR, default ./.flarechat). */
  dataDir?: string;
  /** Text encoder spec (default 'use-lite', the project's encoder). */
  encoder?: string;
  /** Fitted scorer weights (default bot/understanding/scorer-weights.json). */
  scorers?: FittedScorers;
  /** Where the one-line notices go (default stderr). */
  notice?: (line: string) => void;
  /** The folder of the needs lexicon's tables (default prompts/needs; an empty folder reads without one). */
  needsDir?: string;
  /** The quality cues' folder (prompts/qualities by default). */
  qualitiesDir?: string;
}

/** A clause sent to category matching, with what came of it: what the scorer is fitted on. */
export interface MatchedClause {
  clause: Clause;
  match: ClauseMatch;
}

const NEAREST_SHOWN = 3;
/** Verbs after which "it" does what follows ("help it breathe", "let it cool", "make it last"). */
const CAUSATIVES = new Set(['help', 'let', 'make', 'get', 'have', 'watch', 'see']);
/** "it" or "them" after a word of what a thing goes with: "stuff to put in it", "a cover for it". */
const OF_IT = / (?:for|in|on|into|onto|with|to|inside|under|over|beneath|behind|around) (?:it|them)\b/;
/** A holder of "it" with its preposition left at the end: "the case theyre in", "the bag it goes in", "the box they came in". */
const HOLDS_IT = / (?:case|bag|box|pouch|sleeve|holder|cover|tin|container|crate|tote|sack|shell|stand) (?:it|they|theyre|its) (?:(?:goes|go|sits|sit|came|come|lives|live|fits|fit|rides|ride|are|is|was|were|stays|stay) )?(?:in|on) (?!(?:the|a|an|my|your|our|his|her|their|it|them) )/;
/** Need evidence that puts its category before the scorer's best, and by how much it must lead the best's (chosen on the development tables). */
const NEED_OUTWEIGHS = 0.7;
const NEED_OUTWEIGHS_LEAD = 0.1;
/** How far a category below the best must lead every other line below it to be steered to instead (chosen on the development tables). */
const BELOW_LEAD = 2;
/** Clauses of a message read against the needs lexicon, at most (each reads every situation's vector). */
const NEED_CLAUSES = 6;

/**
 * Free text to what the person asked for, clause by clause (the contract in ./interpretation.ts), for one catalog.
 * `await MessageUnderstanding.open(catalog, { bundleDir })` reads with the text encoder and the catalog's vectors (from
 * the bundle, else the cache, else computed once); `new MessageUnderstanding(catalog)` is synchronous and reads with
 * stems and TF-IDF only (tests, or when the encoder cannot be opened). It never touches user state.
 */
export class MessageUnderstanding {
  readonly tree: CategoryTree;
  private readonly words: UnderstandingWords;
  private readonly scorers: FittedScorers;
  private matcher: CategoryMatcher;
  private encoder?: TextEncoder;
  private readonly tags = posLexicon();
  private smallTalkVectors?: Float32Array;
  private encodings?: EncodingCache;
  private readonly qualities: QualityCues;
  /** Per category node, the stems of its name's words (made on the first quality said). */
  private nameStems?: string[][];

  constructor(readonly catalog: Catalog, options: UnderstandingOptions = {}) {
    this.tree = new CategoryTree(catalog);
    this.words = loadUnderstandingWords();
    this.scorers = options.scorers ?? loadScorers();
    this.matcher = new CategoryMatcher(this.tree, catalog, undefined, undefined, this.words.kindNouns, this.words.chatWords);
    const qualities = loadQualities(options.qualitiesDir);
    if (qualities.badLines > 0) (options.notice ?? ((line: string) => process.stderr.write(`${line}\n`)))(`understanding: ${qualities.badLines} lines of prompts/qualities are not "cue<TAB>qualities" and were skipped`);
    this.qualities = qualityCues(qualities);
  }

  /** The understanding for a catalog, with the text encoder and the catalog's vectors. */
  static async open(catalog: Catalog, options: UnderstandingOptions = {}): Promise<MessageUnderstanding> {
    const understanding = new MessageUnderstanding(catalog, options);
    const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
    let encoder: TextEncoder;
    try {
      encoder = await openTextEncoder(options.encoder ?? 'use-lite');
    } catch (error) {
      notice(`understanding: the text encoder could not be opened (${(error as Error).message}); reading messages by their words only`);
      return understanding;
    }
    const dataDir = options.dataDir ?? process.env.FLARECHAT_DATA_DIR ?? '.flarechat';
    const vectors = await openCatalogVectors(encoder, vectorTexts(understanding.tree, catalog), { bundleDir: options.bundleDir, dataDir }, notice);
    const lexicon = loadNeeds(options.needsDir);
    if (lexicon.badLines > 0) notice(`understanding: ${lexicon.badLines} lines of prompts/needs are not "situation<TAB>kinds" (or "cue<TAB>kinds") and were skipped`);
    const needs = lexicon.situations.length + lexicon.cues.length > 0 ? { lexicon, vectors: await openNeedsVectors(encoder, lexicon, dataDir, notice) } : undefined;
    understanding.attachEncoder(encoder, vectors, needs);
    understanding.smallTalkVectors = await encodeUnit(encoder, understanding.words.smallTalk);
    return understanding;
  }

  private encoderName = '';

  private attachEncoder(encoder: TextEncoder, vectors: CatalogVectors, needs?: { lexicon: NeedsLexicon; vectors: NeedsVectors }): void {
    this.encoder = encoder;
    this.encoderName = encoder.info.name;
    const encodings = new EncodingCache((texts) => encodeUnit(encoder, texts), encoder.info.dim);
    this.encodings = encodings;
    // (The lexical index built with the first matcher serves this one too: it is the catalog's, not the encoder's.)
    this.matcher = new CategoryMatcher(this.tree, this.catalog, vectors, (texts) => encodings.get(texts), this.words.kindNouns, this.words.chatWords, needs, this.matcher.lexical);
  }

  /** How messages are read, for reports. */
  get mode(): string {
    return this.matcher.semantic ? `semantic + lexical (${this.encoderName}), fitted scorer` : 'lexical only (stems and TF-IDF), fitted scorer';
  }

  private override?: ScorerWeights;

  /** The scorer weights in use (the fitted ones for this mode, unless `useWeights` set others). */
  get weights(): ScorerWeights {
    return this.override ?? (this.matcher.semantic ? this.scorers.semantic : this.scorers.lexical);
  }

  /** Reads with these weights from now on (fitting tries weights this way). */
  useWeights(weights: ScorerWeights): void {
    this.override = weights;
  }

  /** Whether messages are read with the text encoder's vectors. */
  get semantic(): boolean {
    return this.matcher.semantic;
  }

  /** Category nodes of the catalog's tree at every depth (below a single root). */
  get nodes(): readonly CategoryNode[] {
    return this.tree.nodes;
  }

  node(path: string): CategoryNode | undefined {
    return this.tree.node(path);
  }

  parent(path: string): CategoryNode | undefined {
    return this.tree.parent(path);
  }

  largestChild(path: string): CategoryNode | undefined {
    return this.tree.largestChild(path);
  }

  async close(): Promise<void> {
    await this.encoder?.dispose();
    this.encoder = undefined;
  }

  async interpret(text: string, context: InterpretContext = { shown: [] }): Promise<Interpretation> {
    return { clauses: (await this.read(text, context)).clauses };
  }

  /** The interpretation and the clauses that went to category matching (what the scorer is fitted on). */
  async read(raw: string, context: InterpretContext = { shown: [] }): Promise<{ clauses: ClauseIntent[]; matched: MatchedClause[] }> {
    const read = await this.readMessage(raw, context, false);
    return { ...read, clauses: read.clauses.map((c) => this.namedWhole(c, read.clauses)) };
  }

  /**
   * A category steered to or refused is named by its deepest node with the same items: "no more waders" where the
   * catalog's Waders hold only Chest Waders refuses Chest Waders, the same items by the catalog's own name for them.
   */
  private namedWhole(clause: ClauseIntent, all: readonly ClauseIntent[]): ClauseIntent {
    if (clause.kind !== 'steer' && clause.kind !== 'exclude') return clause;
    const node = this.tree.indexOf(clause.path);
    if (node === undefined) return clause;
    const whole = this.tree.sameItemsBelow(node);
    if (whole === node) return clause;
    // ("no new brakes, just pads for them": where another request of the message goes below, the name said is the
    // person's own sense of it, Brakes refused and Disc Brake Pads asked for, though the catalog's Brakes are pads.)
    const below = this.tree.nodes[whole]!.path;
    if (all.some((c) => c !== clause && (c.kind === 'steer' || c.kind === 'exclude') && (c.path === below || c.path.startsWith(`${below} - `)))) return clause;
    return { ...clause, path: below };
  }

  /** `nested`: a part of a message read on its own (two things named, read one by one), not split again. */
  private async readMessage(raw: string, context: InterpretContext, nested: boolean, retold = false): Promise<{ clauses: ClauseIntent[]; matched: MatchedClause[] }> {
    // ("i already own the badger disposal lol": a laugh at the end says nothing of what is asked.)
    // ("hy-c", "k & n": a short name joined by a hyphen or "&" that a brand of the catalog writes so is that brand;
    // "l&b", initials, the brand of two names they begin.)
    const text = raw.slice(0, MAX_CHARS).trim().replace(TRAILING_LAUGHS, '').replace(SHORT_JOINED, (said, a: string, b: string) => (this.matcher.lexical.isBrandWord(`${a}${b}`.toLowerCase()) ? `${a}${b}` : a.length === 1 && b.length === 1 ? (this.matcher.lexical.initialsOf(`${a}${b}`.toLowerCase())?.join(' ') ?? said) : said));
    // ("the ro runs fine but the membrane is shot": the part of the working whole is asked for, told the two ways
    // people name a part, "ro membrane" and "have a ro, need new membrane"; the one read surer is meant.)
    const part = nested || retold ? undefined : partOfWorkingWhole(text);
    if (part) {
      const compound = await this.readMessage(part.compound, context, false, true);
      const owned = await this.readMessage(part.owned, context, false, true);
      // (A reading that steers to the whole itself, "carboy airlocks" to Glass Carboys, misses the part: the whole works.)
      const wholeHead = singular(tokens(part.whole).at(-1) ?? '');
      const toWhole = (r: { clauses: ClauseIntent[] }) => {
        const steer = r.clauses.filter((c) => c.kind === 'steer').at(-1);
        return steer?.kind === 'steer' && singular(tokens(steer.path.split(' - ').at(-1)!).at(-1) ?? '') === wholeHead;
      };
      const steers = (r: { clauses: ClauseIntent[] }) => r.clauses.some((c) => c.kind === 'steer');
      const read = toWhole(compound) && steers(owned) && !toWhole(owned) ? owned : toWhole(owned) && steers(compound) && !toWhole(compound) ? compound : surerSteer(compound, owned);
      // (The whole is had as a kind, not as a title the retelling happens to match: "i already have a sled frame".)
      return { ...read, clauses: read.clauses.map((c): ClauseIntent => (c.kind === 'ownItem' ? { kind: 'ownKind', text: part.whole } : c)) };
    }
    const matched: MatchedClause[] = [];
    if (!text) return { clauses: [], matched };
    if (/^[?]+$/.test(text)) return { clauses: [{ kind: 'help' }], matched };
    if (isGreeting(text, this.words)) return { clauses: [{ kind: 'greeting' }], matched };
    // "i have <title>" with the title as the catalog writes it ("Gorilla Tape, Black Duct Tape, 1.88 x 35 yd"): titles
    // hold commas and dashes, so ownership is read on the whole message before it is split into clauses.
    const whole = wholeMessage(text, this.words);
    // (It must start "i have", "i bought"...: a "not" or "no." further on belongs to the title.)
    // ("take the xbox controller off the list" picks nothing: a shown item is named, read clause by clause.)
    // (Not when a request follows the comma: "i already have a tackle box, just need a bag" owns a kind and asks for
    // another; no title goes on to say what one needs.)
    const ownsTitle = LATER_REQUEST.test(whole.text) ? undefined : this.ownItemOf(whole, true);
    // (One of the shown items, owned: "i own the big joe already, take it off my list" takes it off the list.)
    const shownOwned = ownsTitle?.kind === 'ownItem' ? context.shown.find((s) => s.index === ownsTitle.itemIndex) : undefined;
    if (shownOwned) return { clauses: [{ kind: 'refer', action: 'remove', ranks: [shownOwned.rank], evidence: ownsTitle!.kind === 'ownItem' ? ownsTitle!.evidence : text }], matched };
    // ("i already own that jewelry box, take it off": a shown item the words name is the one owned, before any other
    // title of the catalog that matches them as well.)
    if (ownsTitle?.kind === 'ownItem' && context.shown.length > 0) {
      const named = findReference(ownsTitle.evidence, tokens(ownsTitle.evidence), false, context.shown, this.words);
      if (named?.by === 'name') return { clauses: [{ kind: 'refer', action: 'remove', ranks: named.ranks, evidence: ownsTitle.evidence }], matched };
    }
    if (ownsTitle?.kind === 'ownItem') return { clauses: [ownsTitle], matched };
    const out: ClauseIntent[] = [];
    let referred: number | undefined;
    const clauses = this.materialContrasts(splitClauses(text, this.words, this.matcher.lexical));
    const asked = new Set<ClauseIntent>();
    /** The last thing asked for by name, with what it was read from: words after it may say more of it. */
    let lastRequest: { at: number; steer: ClauseIntent; clause: Clause; content: string[]; phrase: string[]; asks: ReturnType<typeof requestForPhrase>; excluded: string[] } | undefined;
    const concessions = new Set<ClauseIntent>();
    // The qualities the message says by the quality cues (prompts/qualities), in the words of the clauses that refuse
    // nothing: read once a message, at its first clause asking for a thing.
    let qualityWords: string[] | undefined;
    let qualitiesSaid: string[][] | undefined;
    const messageWords = () => (qualityWords ??= clauses.filter((c) => !c.negated).flatMap((c) => c.words));
    const messageQualities = () => (qualitiesSaid ??= this.qualities.said(messageWords()));
    /** A steer the message opens on, a thing named without a request word; and steers of clauses saying what something is like. */
    let opening: ClauseIntent | undefined;
    /** The word naming a kind of thing in the clause before, that "ones" in the next may stand for. */
    let lastKindWord: string | undefined;
    /** Whether that word was said by a clause that granted its kind ("skates are fine"). */
    let lastKindGranted = false;
    /** The catalog words of the noun phrase that named that kind ("chalk bags"), when its clause refused it. */
    let refusedKindPhrase: string[] = [];
    /** Clauses saying what one already has ("already got a driver"). */
    const hadClauses = new Set<Clause>();
    /** Head words of the kinds this message refused so far ("no steel tanks": tanks). */
    const refusedKinds = new Set<string>();
    /** Whether a clause so far was a question of chat ("is it gonna rain"), whose reason may follow. */
    let chatted = false;
    const statements = new Set<ClauseIntent>();
    for (const [index, clause] of clauses.entries()) {
      const { words } = clause;
      // "belts? nah", "belts, no": a refusal said alone after a kind named alone refuses it.
      const named = out.at(-1);
      if (index > 0 && named?.kind === 'steer' && !clauses[index - 1]!.words.some((w) => ASKING.has(w)) && words.length <= 3 && words.every((w) => REFUSALS.has(w) || w === 'no' || w === 'thanks' || w === 'thx') && clauses[index - 1]!.words.length <= 4) {
        out[out.length - 1] = turnedDown(named);
        continue;
      }
      // ("1 and 5, no thanks", "the mark 2a, not for me": a polite refusal said alone after shown items named refuses
      // them; said elsewhere it is a pleasantry.)
      if (named?.kind === 'refer' && NO_THANKS.test(words.join(' '))) {
        named.action = 'dismiss';
        continue;
      }
      // ("balls, none of those", "we're good on balls, none of those": those are the kind just named, not the list.)
      if (index > 0 && (named?.kind === 'exclude' || (named?.kind === 'steer' && !clauses[index - 1]!.words.some((w) => ASKING.has(w)) && clauses[index - 1]!.words.length <= 4)) && refusesAllOf(words)) {
        if (named.kind === 'steer') out[out.length - 1] = turnedDown(named);
        continue;
      }
      if (isPleasantry(words, this.words)) continue;
      // "brb lunch", "brb delivery guy is at the door", "gtg my phone is at 2%": stepping away, nothing asked.
      if (AWAY.has(words[0] ?? '') && !words.some((w) => ASKING.has(w))) {
        out.push({ kind: 'smallTalk' });
        continue;
      }
      const command = commandOf(words, this.words);
      if (command) {
        out.push({ kind: command });
        continue;
      }
      if (!clause.negated && isQuestionToTheBot(words, this.words)) {
        out.push({ kind: 'smallTalk' });
        chatted = true;
        continue;
      }
      const choice = this.choiceOf(clause, context);
      if (choice !== undefined) {
        out.push({ kind: 'choose', choice });
        continue;
      }
      // "forget the toggler anchor", "forget the pipettes": out of what one has, unless it names a shown item (then out
      // of the list too), or a kind of thing with something else asked for ("forget the routers, mesh instead": an
      // exclusion).
      const correction = clauses.some((c) => c !== clause && c.words.some((w) => w === 'instead' || ASKING.has(w))) && this.namesKinds(words.slice(1));
      // ("forget the foot pedal ones": "ones" says a kind, refused as any other.)
      const ofKinds = words.some((w) => w === 'ones' || w === 'kinds' || w === 'types');
      if (words[0] === 'forget' && words.length > 1 && words[1] !== 'to' && !ofKinds && !findReference(clause.text, words, clause.negated, context.shown, this.words) && !correction) {
        // ("forget the pedals" with no pedals had: the kind of thing, said in the plural, is what is turned down; "the
        // toggler anchor" is one item.)
        const last = contentWords(words.slice(1), this.words).at(-1);
        const ofKind = last !== undefined && singular(last) !== last && this.namesKinds(words.slice(1));
        const orExclude = ofKind ? await this.kindRefused(words.slice(1)) : undefined;
        out.push({ kind: 'forgetItem', text: clause.text.replace(/^forget\s+/, ''), ...(orExclude ? { orExclude } : {}) });
        continue;
      }
      // "monitors sorted, chairs sorted", "bottles are sorted": what is settled is context, not a request.
      if (isSettled(words)) continue;
      // ("..., no measuring": an action to be spared says how, it asks for nothing.)
      if (words.length === 2 && words[0] === 'no' && !clause.negated) continue;
      // "earbuds are fine but what i really want is...", "laptop sleeves are nice but i need...": a kind granted before
      // a request is context, not what is asked for (still the kind a later "one" stands for).
      // ("briefcases are too formal for my office, more of a messenger guy", "cable locks are useless, ... show me a proper
      // heavy chain": a kind complained of before anything else is said is turned away from, as one granted.)
      // ("my gloves are fine, what im missing is something to make them tacky": what is missing is asked for too.)
      // ("our folding stands keep tipping over, want the sturdy kind", "tried kinesiology tape and it was useless, i want
      // the rigid stuff": a kind that keeps failing, or was tried and found wanting, before another asked for in its place.)
      // (Not before "new ones": "the strings keep snapping, need new ones" asks for the same kind again.)
      const later = clauses.slice(index + 1);
      const otherKindAsked = () => later.some((c) => c.words.some((w) => TURNING.has(w)) || (c.words.some((w) => STAND_INS.has(w)) && !c.words.some((w) => AGAIN.has(w))));
      const granted = (isConcession(words) && later.some((c) => c.words.some((w) => ASKING.has(w) || w === 'missing'))) || (isComplaint(words) && index < clauses.length - 1) || ((keepsFailing(words) || triedAndFailed(words)) && otherKindAsked());
      let reference = findReference(clause.text, words, clause.negated, context.shown, this.words);
      // ("drop the 3rd and 4th", "get rid of the metal detector and the soil chart": an item named after "and" with no
      // verb of its own is taken off the list as the one before it was, not only turned down.)
      const takenOffBefore = out.at(-1);
      if (reference?.action === 'dismiss' && clause.negated && !hasPhrase(words, this.words.negation) && takenOffBefore?.kind === 'refer' && takenOffBefore.action === 'remove') reference = { ...reference, action: 'remove' };
      // "got any more like that?" after a clause that named a shown item: more like that item.
      if (!reference && referred !== undefined && /\bmore (?:like|similar to) (?:that|this|it|those|these|them)\b/.test(clause.text)) reference = { ranks: [referred], action: 'moreLike', by: 'name' };
      // "get rid of the icy hot one, already have a tube": what one already has goes off the list and out of the history.
      const previous = out.at(-1);
      // ("already bought the lavazza, take it off": taken off, as said after.)
      if (!reference && previous?.kind === 'refer' && (/^(?:(?:i|we|ive|weve)\s+)?(?:already|just)\s+(?:have|own|got|bought|returned|sent)\b/.test(clause.text) || /^(?:i|we)\s+(?:have|own|got|bought)\s+(?:it|that|one|them|those)\s+already\b/.test(clause.text) || /^(?:(?:pls|please|just)\s+)?(?:take|get)\s+(?:it|that|them|those)\s+off\b/.test(clause.text))) {
        previous.action = 'remove';
        continue;
      }
      // ("already got prime at home, take it off": a shown item named by what one already has goes off the list.)
      const had = !reference && context.shown.length > 0 ? (HAD_ALREADY.exec(clause.text) ?? HAD_BEFORE.exec(clause.text)) : null;
      // (Said without "the", "already got prime", it names a shown item as "the prime" would.)
      const hadName = had ? (/^(?:the|that|this|those|these)\b/.test(had[1]!) ? had[1]! : `the ${had[1]!}`) : '';
      const hadShown = had ? findReference(hadName, tokens(hadName), false, context.shown, this.words) : undefined;
      // ("already have a big jug of star san, take it off", "bought mealworms last week already so you can drop
      // those": with the list told to lose it, what is had is the one shown item its words pick out, however said.)
      const hadRank = hadShown?.by === 'name' ? hadShown.ranks : had && TAKE_OFF.test(text.toLowerCase()) ? pickedByWords(tokens(had[1]!), context.shown) : undefined;
      if (hadRank) {
        out.push({ kind: 'refer', action: 'remove', ranks: hadRank, evidence: clause.text });
        continue;
      }
      // ("got a halligan, now i need an axe to marry it to": what one got, before what one needs "now", is had.)
      const thenNow = clauses.slice(index + 1).some((c) => !c.negated && c.words[0] === 'now');
      const owned = reference ? undefined : this.ownItemOf(clause, false, thenNow);
      if (owned) hadClauses.add(clause);
      // (An item owned that is on the shown list goes off it: "already bought that massage gun last month, remove it".)
      const ownedShown = owned?.kind === 'ownItem' ? context.shown.find((s) => s.index === owned.itemIndex) : undefined;
      if (ownedShown) {
        out.push({ kind: 'refer', action: 'remove', ranks: [ownedShown.rank], evidence: clause.text });
        continue;
      }
      if (owned) {
        out.push(owned);
        continue;
      }
      // ("not interested in wood tripods", "id rather go with a fiberglass tape": a material or colour said before a word
      // the catalog's category names say after it, Wood Tripods, is part of that name, no attribute; so is one said with
      // a word between, "not interested in the stainless tanks" of Stainless Steel Tanks.)
      // (Not one asked of what is shown, "does it come on a leather strap instead of metal": that is the item's material.)
      const ofShown = words.includes('instead') || /^(?:does|do|is|are|can|will|would|could) (?:it|they|this|these|that|those|them|any)\b/.test(words.join(' '));
      // ("the steel tape keeps kinking, id rather have a fiberglass one": "one" is the kind said before, a tape.)
      const kindBefore = lastKindSaid(out);
      const headBefore = kindBefore && kindBefore.kind !== 'ownKind' ? tokens(kindBefore.path.split(' - ').at(-1)!).at(-1) : undefined;
      const namesWith = (w: string, next: string | undefined) => next !== undefined && (this.matcher.lexical.namesNear(w, next) || (STAND_INS.has(next) && headBefore !== undefined && this.matcher.lexical.namesInTurn(w, headBefore)));
      const partOfName = (a: { attribute: string; value?: string }) => !ofShown && (a.attribute === 'material' || a.attribute === 'colour') && a.value !== undefined && words.some((w, i) => w === a.value && namesWith(w, words[i + 1]));
      const attributes = findAttributes(words, this.words, tokens(text)).filter((a) => !namesTheItem(a, reference, context.shown) && !partOfName(a));
      // "like #2 but cheaper" is one request: the attribute relative to #2 (not a like of #2).
      const relativeOnly = reference && reference.action !== 'dismiss' && /^like\b/.test(clause.text) && reference.ranks.length === 1;
      // "is the 4th one fragrance free", "is the first one metal or plastic": a yes-or-no question about a shown item,
      // answered from what the catalog records of it (its colours or materials, if the question names some).
      if (reference && attributes.length === 0 && YES_NO_OPENERS.has(words[0]!)) {
        const said = (list: string[]) => list.some((w) => hasPhrase(words, [w]));
        const attribute = said(this.words.colours) ? 'colour' : said(this.words.materials) ? 'material' : 'other';
        out.push({ kind: 'attribute', attribute, question: true, relativeTo: reference.ranks[0], evidence: clause.text });
        referred = reference.ranks[0];
        continue;
      }
      // "the 3rd and 4th look kinda cheap, pass": a refusal said alone after shown items named refuses them.
      // (What was said of them is why: "look kinda cheap" asks for nothing cheaper.)
      const referAt = out.map((c) => c.kind).lastIndexOf('refer');
      // ("first and third, neither is for me", "2nd and 4th, neither works": neither of those named.)
      const neither = words[0] === 'neither' && words.length <= 5 && words.slice(1).every((w) => NEITHER_ENDS.has(w));
      if (!reference && referAt >= 0 && out.slice(referAt + 1).every((c) => c.kind === 'attribute') && (neither || (words.length <= 4 && words.some((w) => REFUSALS.has(w)) && words.every((w) => REFUSALS.has(w) || REFUSAL_FILLERS.has(w))))) {
        (out[referAt] as Extract<ClauseIntent, { kind: 'refer' }>).action = 'dismiss';
        out.splice(referAt + 1);
        continue;
      }
      // "that alpinestars jacket is sick, any others like it?": more like the item just named, nothing else said.
      const liked = referAt >= 0 ? (out[referAt] as Extract<ClauseIntent, { kind: 'refer' }>) : undefined;
      if (!reference && liked?.action === 'like' && liked.ranks.length === 1 && out.slice(referAt + 1).length === 0 && hasPhrase(words, this.words.moreLike) && words.some((w) => SHOWN_ONE.has(w)) && contentWords(words, this.words).every((w) => SHOWN_ONE.has(w))) {
        liked.action = 'moreLike';
        continue;
      }
      // "is it dishwasher safe", "are they bpa free": a yes-or-no question about what is shown, with nothing else to
      // read it by, asks about an attribute the catalog keeps no field for. So does one put to the whole list ("which
      // ones have the longest warranty", "which of these has wifi"), unless it names a kind.
      const question = words.join(' ');
      const which = whichOfShown(question);
      // ("which of these has a case", "do any of these come with a bag": what a shown item has or comes with is asked
      // about, even where the catalog sells that kind too; "which of these are rescue tubes" names a kind.)
      // (A verdict on them all, "any of these look good", is no question about a property.)
      const aboutShown = () => (which ? which.having || !this.namesKinds(tokens(which.rest).slice(0, 3)) : ANY_OF_SHOWN.test(question) ? valence(words) === 0 && (HAVING_ASKED.test(question) || !this.namesKinds(words.slice(4))) : /^(?:is|are|does|do|will|can|would) (?:it|they|these|this|those|that|them)\b/.test(question) && (!this.namesKinds(words.slice(2)) || this.isMaterialOrColour(words.slice(2))));
      if (!reference && attributes.length === 0 && context.shown.length > 0 && !words.some((w) => NOT_ABOUT_ITEMS.has(w)) && aboutShown()) {
        // (What is asked about, where a word or two says it: "wifi", "dishwasher safe".)
        const asked = ASKED_ABOUT.exec(question)?.[1];
        // ("does it fold up for storage": what it does, as the property a title would write, foldable.)
        const does = DOES_IT.exec(question)?.[1];
        const value = does !== undefined && CAN_DO.has(does) ? CAN_DO.get(does) : asked === undefined ? undefined : tokens(asked).filter((w, i, all) => !isStopword(w) || (i > 0 && i < all.length - 1)).join(' ') || undefined;
        // ("is any of that leather", "are they black": a material or colour asked about is that attribute, with its value.)
        // ("which ones are actually bronze": what is asked of the list after "which", where nothing else says it.)
        const named = tokens(value ?? which?.rest ?? '').find((w) => this.words.materials.includes(w) || this.words.colours.includes(w));
        const attribute = named === undefined ? 'other' : this.words.materials.includes(named) ? 'material' : 'colour';
        out.push({ kind: 'attribute', attribute, question: true, ...(named ? { value: named } : value ? { value } : {}), evidence: clause.text });
        continue;
      }
      // "how much is the second one": the item asked about, not one liked.
      const asksAbout = attributes.some((a) => a.question);
      if (reference && !asksAbout && !(relativeOnly && this.attributeFollows(clause, text))) {
        const action = attributes.length && reference.action === 'like' ? 'moreLike' : reference.action;
        out.push({ kind: 'refer', action, ranks: reference.ranks, evidence: clause.text });
      }
      if (reference) referred = reference.ranks[0];
      for (const a of attributes) {
        // ("the steel one keeps kinking on me": the material of a thing complained of is the one not wanted.)
        if (granted && !reference && a.value !== undefined && a.direction === undefined && (a.attribute === 'material' || a.attribute === 'colour')) continue;
        out.push({ kind: 'attribute', attribute: a.attribute, direction: a.direction, value: a.value, relativeTo: referred, ...(a.question ? { question: true } : {}), evidence: clause.text });
      }
      if (reference) continue;
      const attributeWords = new Set(attributes.flatMap((a) => a.words));
      // "jogging strollers look cool but i just need a big sturdy full size one": "one" is the kind of thing named
      // before (in this message, else the critique in force), so the clause reads "... full size strollers".
      // (The reason left out before "so im switching to" may name it: "my cotton wicks keep mushrooming so i want to switch
      // to wood ones" wants wooden wicks.)
      // ("skates are fine but the laces keep snapping, need new ones": after a kind granted, "ones" are of the kind the
      // clause since named, the laces, not the skates.)
      const lastSaid = lastKindSaid(out);
      const namedSinceGranted = lastSaid !== undefined && concessions.has(lastSaid) && !lastKindGranted ? lastKindWord : undefined;
      const stoodFor = this.oneAs(clause.words, out, context.currentPath, clause.context && this.kindWordOf(contentWords(clause.context, this.words)), namedSinceGranted);
      const read = circumstanceCut(this.setOfAsKind(this.withAgentNouns(stoodFor)), this.words, (w) => this.matcher.lexical.isCatalogWord(w));
      // ("the aluminum tripod was too heavy, want a carbon one instead", "want real wood ones": a material or colour said
      // of the kind "one" stands for, where a category's name says the two (Carbon Fiber Tripods, Wooden Frames), is
      // that category's name, no attribute of what is shown.)
      const naming = attributes.filter((a) => (a.attribute === 'material' || a.attribute === 'colour') && a.value !== undefined && a.direction === undefined && words.some((w, i) => w === a.value && STAND_INS.has(words[i + 1] ?? '')) && read.some((w, i) => w === a.value && read[i + 1] !== undefined && !STAND_INS.has(read[i + 1]!) && this.matcher.lexical.namesNear(w, read[i + 1]!)));
      if (naming.length) {
        const values = new Set(naming.map((a) => a.value));
        for (let i = out.length - 1; i >= 0; i--) {
          const c = out[i]!;
          if (c.kind === 'attribute' && c.evidence === clause.text && c.value !== undefined && values.has(c.value)) out.splice(i, 1);
        }
        for (const a of naming) for (const w of a.words) if (w === a.value) attributeWords.delete(w);
      }
      // ("no show socks": "show" is no request word after a "no" the catalog writes before it.)
      // ("carry on luggage": a request word the catalog's category names put before the next word is part of a name.)
      // (Not the "and" of "melt and pour": a name says it, but it names nothing.)
      const namePart = new Set(read.filter((w, i) => !JOINERS.has(w) && ((i > 0 && this.matcher.lexical.writesAfterNo(w, read[i - 1]!)) || (i + 1 < read.length && this.matcher.lexical.namesInTurn(w, read[i + 1]!)))));
      const said = contentWords(read, this.words);
      const kept = namePart.size === 0 ? said : read.filter((w) => said.includes(w) || namePart.has(w));
      // ("more of a messenger guy": the person who likes messengers, not a guy the catalog lacks.)
      // ("im not a kamado guy": refused, the same.)
      const fancier = (w: string, i: number) => FANCIERS.has(w) && i > 0 && !isStopword(kept[i - 1]!) && (i === kept.length - 1 || kept[i + 1] === 'tbh');
      // ("basement flooded last spring", "tent camping this weekend": when, not what.)
      // ("not looking for nails today": a day said alone is a time too.)
      const when = new Set(read.filter((w, i) => (TIME_NOUNS.has(w) && TIME_LEADS.has(read[i - 1] ?? '')) || DAYS_SAID.has(w)));
      // (A count is no thing, "10 pack", unless a category's name says it before the next word: "3 octave set", 3-Octave Sets.)
      const content = kept.filter((w, i) => !attributeWords.has(w) && !(/^\d{1,2}$/.test(w) && !namePart.has(w)) && !CURRENCY.has(w) && !fancier(w, i));
      // ("extension pole for the pool net, 16 ft", "9 inch screen" after a thing: a measure said after what was asked
      // for is its size, no thing of its own.)
      if (index > 0 && !clause.negated && content.length > 0 && content.every((w) => MEASURE_UNITS.has(w)) && words.some((w) => /\d/.test(w))) continue;
      // ("crystal, not regular glass", "not plastic, stainless": a material refused against another one asked for in the
      // message is the material set aside, no category refused.)
      const valueWord = (w: string) => this.words.materials.includes(w) || this.words.colours.includes(w);
      if (clause.negated && content.length > 0 && content.every((w) => valueWord(w) || PLAIN_WORDS.has(w)) && messageWords().some((w) => valueWord(w) && !content.includes(w))) continue;
      // "stop with the aluminum ones": a material or colour refused where a category is named by it (Aluminum Luggage).
      const refusedValue = clause.negated && content.length === 0 ? attributes.find((a) => (a.attribute === 'material' || a.attribute === 'colour') && a.value) : undefined;
      if (refusedValue) {
        const best = (await this.namedByValue(refusedValue.value!))[0];
        if (best) {
          for (let i = out.length - 1; i >= 0; i--) if (out[i]!.kind === 'attribute' && (out[i] as { evidence?: string }).evidence === clause.text) out.splice(i, 1);
          out.push({ kind: 'exclude', path: this.tree.nodes[best.node]!.path, confidence: this.weights.threshold, evidence: `matched "${this.tree.nodes[best.node]!.name}"` });
          continue;
        }
      }
      // "no mylar, latex only", "only leather": a material asked for alone where a category is named by it (Latex
      // Balloons) is that category, in that material.
      const onlyValue = !clause.negated && content.length === 0 && (words.includes('only') || words[0] === 'just') ? attributes.find((a) => a.attribute === 'material' && a.value) : undefined;
      if (onlyValue) {
        // (The broadest of the categories it names: Latex Balloons over its Standard Latex Balloons.)
        const named = await this.namedByValue(onlyValue.value!);
        const best = named.length ? named.reduce((a, b) => (this.tree.nodes[b.node]!.items.length > this.tree.nodes[a.node]!.items.length ? b : a)) : undefined;
        if (best) {
          out.push({ kind: 'steer', path: this.tree.nodes[best.node]!.path, confidence: this.weights.threshold, alternatives: [], evidence: `matched "${this.tree.nodes[best.node]!.name}"` });
          continue;
        }
      }
      // ("already got a smoker, what i need is stuff to put in it": "it" after a kind one has is that kind, what the
      // thing asked for goes with; when the clause names no kind of its own.)
      const hadKind = out.at(-1);
      if (!clause.negated && hadKind?.kind === 'ownKind' && OF_IT.test(` ${words.join(' ')} `) && !content.some((w) => this.matcher.lexical.headsSomething(w))) {
        // ("have a pvc suit already, need something warm to go under it": what goes under or over a suit, when the
        // catalog writes that as one word, is an undersuit or an oversuit.)
        const placed = / (under|over) (?:it|them)\b/.exec(` ${words.join(' ')} `)?.[1];
        const head = tokens(hadKind.text).at(-1);
        const compound = placed && head ? [`${placed}${head}`, `${placed}${head}s`].find((w) => this.matcher.lexical.isCatalogWord(w)) : undefined;
        if (compound) content.push(compound);
        else for (const w of meaningfulWords(tokens(hadKind.text))) if (this.matcher.lexical.isCatalogWord(w) && !content.includes(w)) content.push(w);
      }
      // ("got the bokken already, need a bag to carry it to class", "my ears keep getting swollen from rolling, need
      // something to protect them": "it" or "them" done something to is the thing the clause before named, what the
      // thing asked for goes with (below).)
      // (Not "help it breathe", "let it cool": there "it" does what follows.)
      // ("its the case theyre in thats scratched up", "the bag it goes in": a thing that holds "it", said with the
      // preposition left at the end, goes with the thing before too.)
      // (After "to" a word that can be a verb is one: "something to haul it in", "to charge it".)
      const doneTo = words.some((w, i) => (w === 'it' || w === 'them') && words[i - 2] === 'to' && (this.tags[words[i - 1] ?? ''] ?? []).includes('VB') && !CAUSATIVES.has(words[i - 1]!)) || HOLDS_IT.test(` ${words.join(' ')} `);
      const kindAsked = content.some((w) => this.matcher.lexical.headsSomething(w));
      let itWords: string[] = [];
      if (!clause.negated && doneTo && hadKind?.kind === 'ownKind') itWords = meaningfulWords(tokens(hadKind.text)).filter((w) => this.matcher.lexical.isCatalogWord(w));
      else if (!clause.negated && doneTo && index > 0 && !clauses[index - 1]!.negated) {
        // (The first nouns of the clause before that the catalog writes: "ears", not "swollen" or "rolling"; "ps5", not
        // the "hour of play" after it.)
        const before = clauses[index - 1]!.words;
        const noun = (w: string) => /^NN/.test(this.tags[w]?.[0] ?? 'NN') && this.matcher.lexical.isCatalogWord(w) && !isStopword(w);
        const first = before.findIndex(noun);
        if (first >= 0) for (let k = first; k < before.length && noun(before[k]!); k++) itWords.push(before[k]!);
      }
      itWords = itWords.filter((w) => !content.includes(w));
      if (content.length === 0) {
        // "that gluten free pasta is mush, stop suggesting it": refusing "it" refuses the kind just named.
        const named = out.at(-1);
        if (clause.negated && named?.kind === 'steer' && words.some((w) => REFUSED_PRONOUNS.has(w))) out[out.length - 1] = turnedDown(named);
        // ("got a thermometer already, no more of those": the kind one has, refused.)
        if (clause.negated && named?.kind === 'ownKind' && words.some((w) => REFUSED_PRONOUNS.has(w))) {
          const path = await this.kindRefused(tokens(named.text));
          if (path !== undefined) out.push({ kind: 'exclude', path, confidence: this.weights.threshold, evidence: clause.text });
        }
        continue;
      }
      // "not a floor lamp, something small for my nightstand", "forget toasters, i want something that can do a whole
      // frozen pizza", "mugs are cute but i need something to take my coffee on the train": the something asked for
      // right after a kind turned away from is most often one of the same kind of thing (a lamp, a toaster, a mug):
      // the head of that kind's name is read with it, when the clause names no kind of its own.
      // (Also when the words after "something to/for/that" name kinds of their own: "something to take my coffee on the
      // train" asks for an unnamed thing, described.)
      const unnamedAsked = words.some((w, i) => (w === 'something' || w === 'anything') && HEAD_ENDS.has(words[i + 1] ?? '') && !contentWords(words.slice(0, i), this.words).some((x) => this.matcher.lexical.headsSomething(x)));
      // (Not when the thing is asked for by a verb that names a kind itself: "forget the dyes, i just want something to
      // paint designs on top" asks for paints.)
      const byKindVerb = words.some((w, i) => (w === 'something' || w === 'anything') && words[i + 1] === 'to' && this.matcher.lexical.headsSomething(words[i + 2] ?? ''));
      if (!clause.negated && !byKindVerb && words.some((w) => w === 'something' || w === 'anything') && (unnamedAsked || !content.some((w) => this.matcher.lexical.headsSomething(w)))) {
        const from = [...out].reverse().find((c): c is Extract<ClauseIntent, { kind: 'steer' | 'exclude' }> => c.kind === 'exclude' || (c.kind === 'steer' && concessions.has(c)));
        const head = from ? tokens(from.path.split(' - ').at(-1)!).at(-1) : undefined;
        if (head !== undefined && !content.includes(head)) content.push(head);
      }
      // "wooden ribs keep warping on me, want those bendy plastic ones": "ones" with no kind named stands for the kind
      // the clause before named (ribs).
      // (Only when nothing before "ones" names a kind: "the pros use" after it says who uses them.)
      const standIn = words.findIndex((w, i) => (w === 'ones' || w === 'one') && words[i + 1] !== 'of');
      const standsIn = !clause.negated && standIn > 0 && !words.slice(0, standIn).some((w) => content.includes(w) && this.matcher.lexical.headsSomething(w));
      if (standsIn && lastKindWord !== undefined && !content.includes(lastKindWord)) content.push(lastKindWord);
      // ("no more chalk bags, i want a big one that sits on the ground": the one wanted is of the kind refused, named
      // whole, as the bags a big one stands for are chalk bags; the refused category itself is avoided below.)
      if (standsIn && lastKindWord !== undefined) for (const w of refusedKindPhrase) if (!content.includes(w)) content.push(w);
      // ("not a static line, i need one i can actually lead on": with no word of the catalog's for the kind refused, "one"
      // is of the kind of the category it was read as, by that category's head noun: ropes.)
      const refusedJustBefore = out.at(-1)?.kind === 'exclude' ? (out.at(-1) as Extract<ClauseIntent, { kind: 'exclude' }>) : undefined;
      if (standsIn && lastKindWord === undefined && refusedJustBefore !== undefined) {
        const head = tokens(refusedJustBefore.path.split(' - ').at(-1)!).at(-1);
        if (head !== undefined && !content.includes(head)) content.push(head);
      }
      // "no steel tanks they rust, aluminum 80 please": a material or colour said alone, after a kind refused, is that kind
      // in it.
      const valueOnly = content.length > 0 && content.every((w) => /^\d+$/.test(w) || this.words.materials.includes(w) || this.words.colours.includes(w)) && content.some((w) => !/^\d+$/.test(w));
      if (!clause.negated && valueOnly && lastKindWord !== undefined && refusedKinds.has(lastKindWord)) content.push(lastKindWord);
      // ("no blade putters, i want a mallet": a word a category name puts before the refused kind's word, said alone,
      // is that kind of it: Mallet Putters.)
      const modifierOnly = !clause.negated && lastKindWord !== undefined && refusedKinds.has(lastKindWord) && content.length > 0 && content.length <= 2 && !content.includes(lastKindWord) && content.every((w) => !this.matcher.lexical.headsSomething(w)) && content.some((w) => this.matcher.lexical.namesInTurn(w, lastKindWord!));
      if (modifierOnly) content.push(lastKindWord!);
      // (Read for what is asked, a time is no name of a thing: "last spring" asks for no spring.)
      const { phrase, start, end } = nounPhrase(read, when.size ? content.filter((w) => !when.has(w)) : content);
      const kindWord = this.kindWordOf(content);
      lastKindWord = kindWord;
      lastKindGranted = granted;
      refusedKindPhrase = clause.negated && kindWord !== undefined ? phrase.filter((w) => w !== kindWord && this.matcher.lexical.isCatalogWord(w)) : [];
      if (clause.negated && kindWord !== undefined) refusedKinds.add(kindWord);
      const request = clause.negated ? undefined : requestForPhrase(read, content, start, end, this.tags, (w) => this.matcher.namesKindsAsNoun(w));
      // ("the jug kind" is a kind of what was named, described: no thing of its own the catalog may lack.)
      // ("want the lever kind" with no kind named before it: a kind described by its word, all the same.)
      const kindDescribed = clause.words.some((w, i) => KIND_STAND_INS.has(w) && i > 0 && !isStopword(clause.words[i - 1]!));
      // ("need something for her finger": a thing asked for by what it is for; "her finger" names no thing not carried.)
      const forSomething = clause.words.some((w, i) => UNNAMED_THINGS.has(w) && HEAD_ENDS.has(clause.words[i + 1] ?? ''));
      const described = request && (stoodFor !== clause.words || kindDescribed || forSomething || modifierOnly || request.purposeTail) ? { ...request, described: true } : forSomething && !clause.negated ? { counted: false, described: true } : request;
      // ("need something to oil the bearings": the thing named after what the unnamed thing does is what it works on,
      // not the kind asked for; Bearing Lubricants, not Steel Bearings.)
      // (The word after "to" is a verb when the lexicon says it can be one, or when an article or "my" follows it: "to
      // oil the bearings".)
      const verbAt = (at: number) => !isStopword(clause.words[at] ?? 'a') && ((this.tags[clause.words[at]!] ?? []).some((tag) => tag.startsWith('VB')) || OBJECT_LEADS.has(clause.words[at + 1] ?? ''));
      const purposeAt = clause.words.findIndex((w, i) => UNNAMED_THINGS.has(w) && clause.words[i + 1] === 'to' && verbAt(i + 2));
      const purposeOf = purposeAt >= 0;
      const asks = described && purposeOf ? { ...described, purpose: true } : described;
      // What the message turned away from so far: refused ("no pitchers please") or granted ("earbuds are fine but").
      const excluded = clause.negated ? [] : out.flatMap((c) => (c.kind === 'exclude' ? [c.path] : []));
      const turnedFrom = clause.negated ? [] : [...excluded, ...out.flatMap((c) => (c.kind === 'steer' && concessions.has(c) ? [c.path] : []))];
      // A need is told in a few clauses: a long paste of many reads the needs lexicon for its first ones only.
      // "lactose intolerant, need something for my cereal and coffee": a thing asked for without its name is read
      // against the need the message tells, whole and clause by clause, as well as its own words.
      const unnamed = !clause.negated && clauses.length > 1 && words.some((w) => UNNAMED_THINGS.has(w));
      const told = unnamed ? [text.toLowerCase().replace(/[’']/g, ''), ...clauses.filter((c) => c !== clause && !c.negated).map((c) => c.text)].slice(0, NEED_CLAUSES) : [];
      // (A long clause that tells a situation, not a thing asked for by its name, is read as a situation in its parts
      // too: "its 105 in phoenix | and my jacket is basically an oven".)
      const parts = !clause.negated && asks === undefined ? situationParts(clause.words) : [];
      const match = await this.matcher.match(content, this.weights, phrase.at(-1), phrase, [clause.text, ...told, ...parts], asks, excluded, matched.length < NEED_CLAUSES, parts.length);
      // "i dont want melt and pour": words a category's name says in turn across its "and" name it (the broadest of
      // those that do), however the scorer ranks their words apart (Wax Melters, by "melt").
      const joinedName = this.namedAcrossJoiner(clause.words);
      if (joinedName !== undefined && match.candidates.length > 0) {
        const at = match.candidates.findIndex((c) => c.node === joinedName);
        if (at < 0) match.candidates.unshift({ ...match.candidates[0]!, node: joinedName });
        else moveToFront(match.candidates, at);
        match.named = true;
      }
      if (!clause.negated) preferNeighbours(match, turnedFrom, this.tree);
      // ("something to carry my clubs": the clubs are what it carries, Golf Bags rather than Golf Clubs; not "something
      // to replace my grips", which are what is wanted.)
      const object = purposeOf && asks !== undefined && clause.words.indexOf(phrase.at(-1) ?? '', purposeAt + 3) > 0 ? phrase.at(-1) : undefined;
      if (object !== undefined && !clause.words.some((w) => REPLACING.has(w)) && match.candidates.length > 1 && this.matcher.lexical.nameHeadedBy(match.candidates[0]!.node, object)) {
        const other = match.candidates.slice(1, OBJECT_LOOKAHEAD).findIndex((c) => !this.matcher.lexical.nameHeadedBy(c.node, object));
        if (other >= 0) moveToFront(match.candidates, other + 1);
      }
      // ("skip the kids gloves, its for me": the children's kind refused is the one its clause says.)
      preferForAChild(match, clause.negated ? clause.text : text.toLowerCase(), this.tree);
      if (!clause.negated) preferBundle(match, text.toLowerCase(), this.tree);
      // (The quality may be said in a clause of its own: "something that foams milk, just press a button and walk away".)
      if (!clause.negated) this.preferQuality(match, messageQualities(), messageWords());
      if (!clause.negated && words.some((w) => REFERRING_BACK.has(w))) this.preferGoingWith(match, out, turnedFrom);
      // ("a bag to carry it", "something to protect them"): of the best few, the first that goes with what "it" is, by
      // its name or its titles, and is not one itself (what holds hooks, not hooks); of the kind named, when one is.
      if (itWords.length > 0 && match.candidates.length > 1) {
        const lexical = this.matcher.lexical;
        const itStems = itWords.map(stem);
        // (By titles only for a kind named, which they say more of: Weapon Bags "for Bokken"; a thing asked for unnamed
        // is named for what it goes with, Ear Guards, not a loom whose title has a hook.)
        const goesWith = (c: Candidate) => itStems.some((s) => lexical.nameHolds(c.node, [s]) || (kindAsked && this.tree.nodes[c.node]!.items.some((item) => lexical.titleSays(item, [s]))));
        const isIt = (c: Candidate) => itWords.some((w) => lexical.nameHeadedBy(c.node, w));
        const head = phrase.at(-1) ?? '';
        const fits = (c: Candidate) => goesWith(c) && !isIt(c) && (!kindAsked || lexical.nameHeadedBy(c.node, head));
        const at = fits(match.candidates[0]!) ? -1 : match.candidates.slice(1, IT_LOOKAHEAD).findIndex(fits);
        if (at >= 0) moveToFront(match.candidates, at + 1);
      }
      // What follows "for", "that", "which" or "to" after the request's noun phrase says what the thing is for or does
      // ("a mat that keeps my knees from hurting" asks for a mat); a word after "something" describes it, no head noun
      // ("something light that folds").
      if (!clause.negated && end >= 0 && HEAD_TAILS.has(read[end + 1] ?? '') && (read[end + 1] === 'for' || !UNNAMED_THINGS.has(read[end - 1] ?? ''))) preferNamedHead(match);
      if (!clause.negated) this.preferNamedBeforeFor(match, read);
      if (clause.negated && context.currentPath) preferInForce(match, context.currentPath, this.tree);
      // "no more tape" refuses tape as a kind: of the categories named by that one word, the one with most items
      // (Adhesive Tapes, not the barrier Tape of Safety Signs).
      // ("anything but sofas": "anything" names no kind.)
      else if (clause.negated && content.filter((w) => !UNNAMED_THINGS.has(w)).length === 1) this.broadestNamed(match, content.find((w) => !UNNAMED_THINGS.has(w))!);
      if (clause.negated) this.narrowMixed(match, content, messageWords());
      matched.push({ clause, match });
      let decided = await this.decide(clause, match);
      // ("no books, want a video": of Books & Videos, with Taxidermy Books refused, the one line left, Instructional DVDs.)
      if (decided.kind === 'steer' && excluded.length > 0) {
        const left = this.lineLeft(decided.path, excluded);
        if (left !== undefined) decided = { ...decided, path: left, evidence: `${decided.evidence}, the line left beside what was refused` };
      }
      // "woodford model 17 8in", "sonar i can cast out from the bank": words that name one of the catalog's items (a
      // title holding most of what is said) lead to that item's category, however unsure the words alone are: any
      // category asked about for a brand named, the best one otherwise.
      if (decided.kind === 'ask' && !clause.negated) {
        const item = this.matchTitle(clause.text);
        const itemNodes = item === undefined ? [] : this.tree.nodesOfItem(item);
        const own = match.candidates.slice(0, match.branded ? undefined : 1).find((c) => itemNodes.includes(c.node) && this.tree.nodes[c.node]!.children.length === 0);
        if (own) decided = { kind: 'steer', path: this.tree.nodes[own.node]!.path, confidence: this.weights.threshold, alternatives: this.others(match, NEAREST_SHOWN + 1, this.weights).filter((o) => o.node !== this.tree.nodes[own.node]!.name).slice(0, NEAREST_SHOWN), evidence: `matched an item's title in "${this.tree.nodes[own.node]!.name}"` };
      }
      // "carry on suitcase hard shell": of the kinds it would ask between, the only one whose name holds a quality the
      // message says (hardside, by the quality cues) is the one meant.
      if (decided.kind === 'ask' && !clause.negated) {
        const said = messageQualities();
        const holding = decided.choices.filter((c) => said.some((q) => namesQuality(tokens(c.node).map(stem), q)));
        if (holding.length === 1) decided = { kind: 'steer', path: holding[0]!.path, confidence: this.weights.threshold, alternatives: decided.choices.filter((c) => c !== holding[0]), evidence: `matched "${holding[0]!.node}" by a quality said` };
      }
      // "polaris vac sweep 280", "pleatco for a hayward star clear": a brand with its model, as one of the brand's own
      // titles writes them, names that item's category, whatever the words read alone say (a sweep, a clear star).
      if (!clause.negated && (decided.kind === 'steer' || decided.kind === 'ask' || decided.kind === 'notInCatalog' || decided.kind === 'smallTalk')) {
        const item = this.modelNamed(clause.text);
        const leaf = item === undefined ? undefined : this.tree.leafOf(item);
        if (item !== undefined && leaf !== undefined) {
          // (A steer to a category holding the brand's items stands: "hp ink for my officejet" is HP's Ink Cartridges,
          // though an HP printer's title says "ink" and "officejet" too.)
          const { brand, title } = this.catalog.items[item]!;
          const brandsThere = (path: string) => (this.tree.nodes[this.tree.indexOf(path) ?? -1]?.items ?? []).some((i) => this.catalog.items[i]!.brand === brand);
          if (!(decided.kind === 'steer' && brandsThere(decided.path))) {
            decided = { kind: 'steer', path: this.tree.nodes[leaf]!.path, confidence: this.weights.threshold, alternatives: this.others(match, NEAREST_SHOWN + 1, this.weights).filter((o) => o.node !== this.tree.nodes[leaf]!.name).slice(0, NEAREST_SHOWN), evidence: `matched the title of ${brand} ${title.slice(0, 40)}` };
          }
        }
      }
      // "doing my first oil change myself, ... just need the filter": a kind named by its name alone, whose kinds below it
      // are told apart by a word the rest of the message says, is the kind below it that word names (Oil Filters).
      if (decided.kind === 'steer' && !clause.negated && match.named && content.length === 1) {
        // (Not by what one already has or refuses: "already got a driver, now i need a 3 or 5 wood" asks for no driver.)
        const told = clauses.filter((c) => c !== clause && !c.negated && !hadClauses.has(c)).flatMap((c) => c.words);
        const narrower = this.narrowedByMessage(decided.path, told.join(' '), clause.words);
        if (narrower !== undefined) decided = { ...decided, path: narrower, evidence: `${decided.evidence}, narrowed by the rest of the message` };
      }
      // "tile grout and thinset", "shower curtain and a tension rod": two things named, read together only weakly, are
      // read one by one; when the catalog carries neither, it says so rather than steer on what the two share.
      if (decided.kind === 'steer' && decided.confidence < LIST_RECHECK && !clause.negated && !nested) {
        const items = clause.text.replace(/^(?:(?:i|we)\s+)?(?:need|want|looking for)\s+/, '').split(/\s+and\s+/);
        // (Short names, not sentences: "i always fall asleep on the plane and wake up with a stiff neck" is one need.)
        if (items.length === 2 && items.every((p) => nounsOnly(p, this.words) && tokens(p).length <= LIST_ITEM_WORDS && !tokens(p).some((w) => PERSONAL.has(w)))) {
          const each = await Promise.all(items.map((p) => this.readMessage(p, { ...context, shown: [] }, true)));
          if (each.every((r) => r.clauses.length > 0 && r.clauses.every((c) => c.kind === 'notInCatalog'))) decided = { kind: 'notInCatalog', query: clause.text, nearest: this.others(match, NEAREST_SHOWN, this.weights) };
        }
      }
      // "no steel tanks they rust, aluminum 80 please": a kind refused in one material leaves out no category named for
      // the material the message asks for instead (Aluminum Scuba Tanks).
      if (decided.kind === 'exclude' && clause.negated) {
        const name = tokens(decided.path.split(' - ').at(-1)!);
        const inName = this.words.materials.filter((m) => hasPhrase(name, [m]));
        const said = this.words.materials.filter((m) => hasPhrase(words, [m]));
        const elsewhere = clauses.filter((c) => c !== clause && !c.negated).flatMap((c) => c.words);
        if (said.length > 0 && inName.length > 0 && !inName.some((m) => said.some((x) => x.includes(m) || m.includes(x))) && inName.some((m) => hasPhrase(elsewhere, [m]))) continue;
        // ("no more synthetic saddles, i want a proper leather one", "no more plastic forks that snap, want a sturdy
        // one": refused in a material no category is named for, the kind is asked for again, in another material or
        // as "one"; the material is what is turned down, not the category the kind was read as.)
        // (Not "something wooden": what that is, is read from the kind refused, kept.)
        const againAsked = clauses.slice(index + 1).some((c) => !c.negated && !c.words.some((w) => UNNAMED_THINGS.has(w)) && c.words.some((w) => w === 'one' || w === 'ones' || (this.words.materials.includes(w) && !said.includes(w))));
        if (said.length > 0 && inName.length === 0 && againAsked) continue;
      }
      // "need an 11-34 cassette for climbing, road", "sconse for the hallway, plug in kind", "big checked suitcase, soft
      // sided": a few words after a thing asked for, naming no category whole and asking for nothing, say more of that
      // thing: they are read with it, and steer nowhere of their own.
      const earlier = lastRequest && out[lastRequest.at] === lastRequest.steer ? lastRequest : undefined;
      // ("rgb light bulbs for the lamps, regular e26 base", "co detector that plugs in, with battery backup": a detail
      // read alone as a thing not carried, or too weakly to act on, is more of that thing as well.)
      // (Only said right after it, neither refusing nor saying what something is: not "ours are wobbly" after "just chairs".)
      const adjacent = earlier !== undefined && clauses[index - 1] === earlier.clause && !clause.negated && !read.some((w) => COPULAS.has(w));
      const detail = (decided.kind === 'steer' && (adjacent || asked.has(earlier?.steer as ClauseIntent))) || (adjacent && (decided.kind === 'notInCatalog' || decided.kind === 'ask') && !read.some((w) => w === 'a' || w === 'an' || w === 'another'));
      // ("he runs", "she loves purple": a sentence about someone says why, not which one.)
      // ("... her paddock boots and her helmet, lets start with the helmet": which to start with is a request of its own.)
      const startsWith = STARTING_WITH.test(clause.text);
      if (earlier && detail && !startsWith && content.length <= (adjacent ? 4 : 3) && !read.some((w) => ASKING.has(w) || SUBJECT_PRONOUNS.has(w)) && !match.branded && !(match.named && match.candidates[0]!.features[FEATURE_INDEX.nameFull] === 1)) {
        const joined = await this.matcher.match([...earlier.content, ...content], this.weights, earlier.phrase.at(-1), earlier.phrase, [`${earlier.clause.text} ${clause.text}`], earlier.asks, earlier.excluded, false);
        const again = await this.decide(earlier.clause, joined);
        if (again.kind === 'steer') {
          if (asked.delete(earlier.steer)) asked.add(again);
          out[earlier.at] = again;
          lastRequest = { ...earlier, steer: again, content: [...earlier.content, ...content] };
          continue;
        }
        // (A thing the fragment names on its own stays, when read together they name nothing: "need somewhere safe to
        // put him down, something that bounces".)
        // ("coaxial speakers for the boat, waterproof": a fragment of describing words names no thing; it says more of
        // the thing asked for, however unsure that is.)
        // (Describing words by the dictionary's tags, or words no category's name has: "waterproof" in titles only.)
        // (Or words that head no category's name among the best: "hardwired under the eave" says how a camera is wired,
        // not which Hardwired Smoke Alarms.)
        const namesNothing = content.every((w) => /^(?:JJ|RB|CD|VBN)/.test(this.tags[w]?.[0] ?? '')) || match.candidates.every((c) => !c.features[FEATURE_INDEX.nameCover]) || !match.candidates.slice(0, 3).some((c) => content.some((w) => this.matcher.lexical.nameHeadedBy(c.node, w)));
        if (!(decided.kind === 'steer' && earlier.steer.kind !== 'steer') || namesNothing) continue;
      }
      // "no yoga stuff", "nothing for the kayak": a word that names no kind but describes several (Yoga Mats, Yoga
      // Props) refuses all of them, not the one that happened to score best.
      // (Only when said of things in general: "im not doing co2" refuses the CO2 kind it names best.)
      if (decided.kind === 'exclude' && clause.words.some((w) => UNNAMED_THINGS.has(w) || THINGS_IN_GENERAL.has(w))) {
        const { path: refused, confidence } = decided;
        const described = this.describedKinds(content, refused);
        if (described.length > 1 || (described.length === 1 && described[0] !== refused)) {
          out.push(...described.map((path): ClauseIntent => ({ kind: 'exclude', path, confidence, evidence: `matched "${path.split(' - ').at(-1)}"` })));
          continue;
        }
      }
      // ("is it going to rain this weekend, trying to plan a trail ride", "... windy this weekend? wanna fly"): after a
      // question of chat, a plan that names no category says why it was asked, not what to show.
      const best = match.candidates[0];
      if (chatted && !clause.negated && (decided.kind === 'steer' || decided.kind === 'ask') && !match.named && !match.branded && best !== undefined && best.features[FEATURE_INDEX.nameCover]! + best.features[FEATURE_INDEX.parentCover]! === 0) decided = { kind: 'smallTalk' };
      // ("had a duffle and hated carrying it, want one with wheels", "a quarter pipe is too big for my garage, something
      // smaller to launch off"): what a later clause asks for without naming it again is not the kind just complained
      // of; of the kinds it reads next, one beside that kind is meant.
      if (decided.kind === 'steer' && !granted && !clause.negated) decided = this.besideTurnedAway(decided, match, clause, out, concessions);
      out.push(decided);
      if (granted) concessions.add(decided);
      // A steer the clause asks for (a request word, a thing named, a category or brand named) rather than one read
      // from a description of the situation ("house is huge and has 3 floors").
      // A clause that says what something is like ("laptop sleeves are nice", "these gaming monitors are overkill", "it's
      // an hp officejet") asks only with a request word.
      const says = read.some((w) => COPULAS.has(w));
      // ("nuts, like a salty mix": an example of what was just asked for is no request of its own.)
      const example = words[0] === 'like' && EXAMPLE_LEADS.has(words[1] ?? '') && out.slice(0, -1).some((c) => asked.has(c));
      // (A kind granted or complained of is no request: "the plastic plants look so fake, want real ones" says more of
      // no plastic plants.)
      if (decided.kind === 'steer' && !example && !granted && (read.some((w) => ASKING.has(w)) || (!says && (asks !== undefined || match.named || match.branded)))) {
        asked.add(decided);
        lastRequest = { at: out.length - 1, steer: decided, clause, content, phrase, asks, excluded };
      } else if ((decided.kind === 'steer' || decided.kind === 'ask') && index === 0 && !says && !granted) {
        // ("outdoor cam w/ a big bright light on it, hardwired under the eave": a message that opens on a thing named
        // without a request word may say more of it after a comma all the same.)
        lastRequest = { at: out.length - 1, steer: decided, clause, content, phrase, asks, excluded };
        if (decided.kind === 'steer') opening = decided;
      } else if (decided.kind === 'steer' && says && !read.some((w) => ASKING.has(w))) statements.add(decided);
      // A thing asked for that the catalog lacks ("desk fan, my office is an oven") is asked for all the same: with a
      // request word, or said as nothing but its name (not "ski trip in feb", which says when).
      if (decided.kind === 'notInCatalog' && asks !== undefined && !says && (read.some((w) => ASKING.has(w)) || end === read.length - 1)) asked.add(decided);
      // ("no yoga stuff, i need a heavy ball i can throw at the ground": a question about a thing asked for with a
      // request word, after a refusal, is what the message wants answered.)
      if (decided.kind === 'ask' && !clause.negated && read.some((w) => ASKING.has(w)) && out.slice(0, -1).some((c) => c.kind === 'exclude')) asked.add(decided);
    }
    // (What was granted, complained of or refused stays out of a need read from the whole message.)
    const turnedAway = out.flatMap((c) => ((c.kind === 'steer' && concessions.has(c)) || c.kind === 'exclude' ? [c.path] : []));
    for (let i = out.length - 1; i >= 0; i--) if (concessions.has(out[i]!)) out.splice(i, 1);
    // "magnetic glass cleaner, my glass is about 1/2 inch thick": after a message opens on a thing named, a statement
    // of what something is like says why or which, not another thing to show.
    if (opening && asked.size === 0 && out.includes(opening)) for (let i = out.length - 1; i >= 0; i--) if (statements.has(out[i]!)) out.splice(i, 1);
    // A need told across clauses ("kiddo is burning up and i want to check him without waking him up", "going kayaking
    // saturday and dont want my phone getting soaked"): when no clause alone was acted on, the message read whole as a
    // situation of the needs lexicon, acted on only as a need.
    if (clauses.length > 1 && out.length > 0 && out.every((c) => c.kind === 'ask' || c.kind === 'notInCatalog' || c.kind === 'smallTalk')) {
      const need = await this.needOfWhole(text, turnedAway);
      if (need) {
        matched.push(need.matched);
        return { clauses: [need.steer], matched };
      }
    }
    // "lol my baby just sneezed all over my phone", "lol its pouring here": a message opened by a laugh that asks for
    // nothing and names no kind of thing is chat, whatever its words lean toward.
    if (LAUGHS.has(tokens(text)[0] ?? '') && !clauses.some((c) => c.words.some((w) => ASKING.has(w) || w === 'wants' || w === 'lets')) && !matched.some((m) => m.match.named || m.match.branded) && out.length > 0 && out.every((c) => c.kind === 'steer' || c.kind === 'ask' || c.kind === 'notInCatalog' || c.kind === 'smallTalk')) return { clauses: [{ kind: 'smallTalk' }], matched };
    // Where some steers were asked for, the ones read from the situation around them are context, not requests.
    if (asked.size > 0) for (let i = out.length - 1; i >= 0; i--) if (out[i]!.kind === 'steer' && !asked.has(out[i]!)) out.splice(i, 1);
    mergeReferences(out);
    // Small talk next to a real request is noise: act on the request. So is a clause read too weakly to act on
    // ("hes getting old and stiff" after "somewhere comfy for my dog to sleep"): its question would be about
    // categories picked by chance, while another clause said what is wanted.
    const acts = out.some((c) => c.kind === 'steer' || c.kind === 'exclude');
    // (So is a description read as a thing not carried, "dog hair everywhere", beside what the message acts on: only
    // a thing asked for is said to be lacking.)
    const actionable = out.filter((c) => c.kind !== 'smallTalk' && !(acts && ((c.kind === 'ask' && !(asked.has(c) && !out.some((o) => o.kind === 'steer'))) || c.kind === 'ownKind' || (c.kind === 'notInCatalog' && !asked.has(c)))));
    if (actionable.length > 0 && actionable.length < out.length) return { clauses: actionable, matched };
    if (out.length === 0) return { clauses: [await this.smallTalkOrNothing(text)], matched };
    return { clauses: out, matched };
  }

  /**
   * "no foam or plastic plates, i want paper", "dont want the clear cellophane bags, paper ones for the goodies": a
   * kind turned down in one material or look and asked for in another is still that kind, asked for in the other.
   * The refusal is dropped and the request reads the kind's noun ("i want paper plates", "paper bags for the
   * goodies"), so the kind is neither excluded nor lost.
   */
  private materialContrasts(clauses: Clause[]): Clause[] {
    const looks = [...this.words.materials, ...this.words.colours];
    for (let i = 1; i < clauses.length; i++) {
      const asked = clauses[i]!;
      const refused = clauses[i - 1]!;
      if (asked.negated || !refused.negated) continue;
      const said = looks.filter((m) => hasPhrase(asked.words, [m]));
      if (said.length === 0 || said.some((m) => hasPhrase(refused.words, [m]))) continue;
      // ("dont want a rolling pin, marble or wood": looks given as choices, asking for none, say which are refused, all.)
      if (said.length >= 2 && asked.words.some((w) => w === 'or' || w === 'nor' || w === 'either' || w === 'neither') && !asked.words.some((w) => ASKING.has(w))) {
        clauses[i - 1] = { text: `${refused.text} ${asked.text}`, words: [...refused.words, ...asked.words], negated: true };
        clauses.splice(i, 1);
        i--;
        continue;
      }
      const lookWords = new Set(said.flatMap((m) => tokens(m)));
      // What the request names besides its material, up to a word that says what for ("for the goodies").
      const end = asked.words.findIndex((w, at) => at > 0 && HEAD_ENDS.has(w));
      const named = contentWords(end < 0 ? asked.words : asked.words.slice(0, end), this.words).filter((w) => !lookWords.has(w) && !STAND_INS.has(w) && w !== 'only');
      if (named.length > 0) continue;
      const kind = contentWords(refused.words, this.words).filter((w) => !STAND_INS.has(w)).at(-1);
      if (kind === undefined || !this.matcher.lexical.headsSomething(kind)) continue;
      const stand = asked.words.findIndex((w) => STAND_INS.has(w));
      const words = stand >= 0 ? [...asked.words.slice(0, stand), kind, ...asked.words.slice(stand + 1)] : [...asked.words, kind];
      clauses[i] = { text: words.join(' '), words, negated: false };
      clauses.splice(i - 1, 1);
      i--;
    }
    return clauses;
  }

  /** The whole message as one description of a need, when the needs lexicon leads to a category with enough evidence. */
  private async needOfWhole(text: string, avoid: readonly string[]): Promise<{ steer: ClauseIntent; matched: MatchedClause } | undefined> {
    const weights = this.weights;
    if (!this.matcher.semantic || weights.needAct === undefined) return undefined;
    const clause: Clause = { text: text.toLowerCase(), words: tokens(text).slice(0, 64), negated: false };
    const content = contentWords(clause.words, this.words);
    if (content.length === 0) return undefined;
    const match = await this.matcher.match(content, weights, undefined, [], [clause.text], undefined, avoid);
    const best = match.candidates[0];
    if (!best || !needLeads(best.features, weights.needAct)) return undefined;
    const node = this.tree.nodes[best.node]!;
    const confidence = Math.max(calibrated(weights, best.score, leadOf(match.candidates.map((c) => c.score), 0)), weights.threshold);
    return {
      steer: { kind: 'steer', path: node.path, confidence, alternatives: this.others(match, NEAREST_SHOWN + 1, weights).slice(1), evidence: `the need described reads as "${node.name}"` },
      matched: { clause, match },
    };
  }

  /**
   * The clause's words with "one" (or "kind", "type") after a describing word ("a basic one", "full size ones", "the
   * infant kind") read as the head noun of
   * the category named last: this message's last steer or exclusion, else the critique in force; after a kind granted
   * ("skates are fine"), the kind named since (`namedSinceGranted`).
   */
  private oneAs(words: readonly string[], said: readonly ClauseIntent[], currentPath: string | undefined, reasonKind?: string, namedSinceGranted?: string): readonly string[] {
    // After a describing word ("a basic one"), or asked for with what it must do ("i need one that plugs in in the
    // car", "i want the kind that snaps on").
    const described = (i: number) => !isStopword(words[i - 1]!) && !NOT_DESCRIBING.has(words[i - 1]!) && !/^\d/.test(words[i - 1]!);
    const askedWith = (i: number) => ONE_TAILS.has(words[i + 1] ?? '') && words.slice(Math.max(0, i - 3), i).some((w) => ASKING.has(w));
    // ("nah not a shower filter, one for the kitchen sink": "one" opening a clause with what it is for or like.)
    const opens = (i: number) => i === 0 && (words[0] === 'one' || words[0] === 'ones') && ONE_TAILS.has(words[1] ?? '');
    const at = words.findIndex((w, i) => STAND_INS.has(w) && ((i > 0 && (described(i) || askedWith(i))) || opens(i)));
    if (at < 0) return words;
    if (namedSinceGranted !== undefined && (words[at] === 'one' || words[at] === 'ones')) return [...words.slice(0, at), namedSinceGranted, ...words.slice(at + 1)];
    const last = lastKindSaid(said);
    // ("i already have speakers in the dash, want the big ones": the kind one owns, by the noun its words open on.)
    if (last?.kind === 'ownKind') {
      const noun = this.thingNamed(tokens(last.text)).at(-1);
      if (noun !== undefined && (words[at] === 'one' || words[at] === 'ones')) return [...words.slice(0, at), noun, ...words.slice(at + 1)];
      return words;
    }
    if (last === undefined && reasonKind !== undefined && (words[at] === 'one' || words[at] === 'ones')) return [...words.slice(0, at), reasonKind, ...words.slice(at + 1)];
    const path = last?.path ?? currentPath;
    const name = path ? tokens(path.split(' - ').at(-1) ?? '') : [];
    if (name.length === 0) return words;
    // "a basic one" is a basic monitor; "the infant kind" is the infant kind of car seats: the whole name.
    // ("cotton gloves leave lint everywhere, want the rubber kind instead": another kind of the same thing, gloves.)
    const another = words.some((w) => OTHER_KIND.has(w));
    const standIn = words[at] === 'one' || words[at] === 'ones' || another ? [name.at(-1)!] : name;
    return [...words.slice(0, at), ...standIn, ...words.slice(at + 1)];
  }

  /**
   * The categories a material or colour names outright ("aluminum": Aluminum Luggage), among the best few for it, best
   * first; none when the best is not named by it.
   */
  private async namedByValue(value: string): Promise<Candidate[]> {
    const { candidates } = await this.matcher.match(tokens(value), this.weights, undefined, [], [], undefined, [], false);
    const names = (c: Candidate) => c.features[FEATURE_INDEX.nameCover] === 1;
    return candidates[0] && names(candidates[0]) ? candidates.slice(0, BROADEST_LOOKAHEAD).filter(names) : [];
  }

  /**
   * The one line left under a category steered to once what the same message refused is taken out of it: down while
   * a single child holds anything not refused. Undefined when nothing under it was refused or more than one is left.
   */
  private lineLeft(path: string, excluded: readonly string[]): string | undefined {
    if (!excluded.some((e) => e.startsWith(path + ' - '))) return undefined;
    const refused = (p: string) => excluded.some((e) => p === e || p.startsWith(e + ' - '));
    let node = this.tree.node(path);
    let moved = false;
    while (node && node.children.length > 0) {
      const left = node.children.map((c) => this.tree.nodes[c]!).filter((c) => !refused(c.path));
      if (left.length !== 1) break;
      node = left[0]!;
      moved = true;
    }
    return moved && node ? node.path : undefined;
  }

  /**
   * "i dont want a doorbell", "we're not doing a photo booth": a refusal whose best category is named for two kinds
   * ("Doorbells & Locks", "Backdrops & Photo Booth") and the words say only one of them refuses that one: the broadest
   * category below it whose name says every word (Video Doorbells, Photo Booth Props), not the locks too.
   */
  private narrowMixed(match: ClauseMatch, content: readonly string[], elsewhere: readonly string[]): void {
    const best = match.candidates[0];
    if (!best || content.length === 0) return;
    const node = this.tree.nodes[best.node]!;
    const parts = nameParts(node.name);
    if (parts.length < 2) return;
    const said = new Set(content.map(stem));
    const covers = (name: string) => tokens(name).some((w) => said.has(stem(w)));
    // (Only when the words name one part and not the others.)
    if (parts.filter(covers).length !== 1) return;
    const saysAll = (name: string) => [...said].every((s) => tokens(name).some((w) => stem(w) === s));
    // (The subtree by its children, in the tree's order, rather than a scan of every node's path.)
    const descendants: number[] = [];
    for (const stack = [...node.children]; stack.length > 0; ) {
      const n = stack.pop()!;
      descendants.push(n);
      stack.push(...this.tree.nodes[n]!.children);
    }
    descendants.sort((a, b) => a - b);
    // (Two kinds only where the other part has categories of its own below, Smart Locks; "Sofas & Couches" is one kind
    // by two names.)
    const others = parts.filter((p) => !covers(p));
    const nameOf = (n: number) => this.tree.nodes[n]!.name;
    // (Or where the message asks for the other part in so many words: "no books, want a video" tells Books & Videos
    // apart, whatever the catalog calls the videos below.)
    const askedFor = new Set(elsewhere.map(stem));
    const otherAsked = others.some((p) => tokens(p).some((w) => !this.matcher.isKindNoun(w) && askedFor.has(stem(w))));
    if (!otherAsked && !others.every((p) => descendants.some((n) => tokens(nameOf(n)).some((w) => tokens(p).some((x) => stem(x) === stem(w)))))) return;
    const saying = descendants.filter((n) => saysAll(nameOf(n)));
    // ("no coops": the kinds the word heads, Chicken Coops, over the Coop Accessories it only describes.)
    const headed = saying.filter((n) => content.some((w) => this.matcher.lexical.nameHeadedBy(n, w)));
    const below = headed.length > 0 ? headed : saying;
    if (below.length === 0) return;
    const size = (n: number) => this.tree.nodes[n]!.items.length;
    const depth = (n: number) => this.tree.nodes[n]!.levels.length;
    const broadest = below.reduce((a, b) => (size(b) > size(a) || (size(b) === size(a) && depth(b) < depth(a)) ? b : a));
    const at = match.candidates.findIndex((c) => c.node === broadest);
    if (at > 0) moveToFront(match.candidates, at);
    else if (at < 0) match.candidates.unshift({ ...best, node: broadest });
  }

  /**
   * "something that heats and foams milk, just press a button and walk away": the quality a clause describes without
   * naming it (automatic, by the quality cues) picks, among the best few candidates of the same kind as the best one
   * (Milk Frothers), the one whose name holds it (Automatic Milk Frothers over Handheld ones), unless the best one's
   * name already holds a quality said.
   */
  private preferQuality(match: ClauseMatch, qualities: readonly (readonly string[])[], words: readonly string[]): void {
    const best = match.candidates[0];
    if (!best || match.branded || qualities.length === 0) return;
    this.nameStems ??= this.tree.nodes.map((n) => tokens(n.name).map(stem));
    const names = this.nameStems;
    const nameStems = (c: Candidate) => names[c.node]!;
    const bestName = nameStems(best);
    // (Of that quality already, by its name or a parent's: Kids' Bikes - Balance Bikes.)
    const bestPath = this.tree.nodes[best.node]!.path;
    if (qualities.some((q) => namesQuality(tokens(bestPath).map(stem), q))) return;
    // (Not a broader kind holding the best, nor one the evidence is far less sure of: "learn to knit, a total newbie"
    // stays Learn to Knit Kits, not Beginner Crochet Kits.)
    // (Nor one that drops a word of the best's name the clause says: "hybrid bike for rides around the park" stays a
    // Hybrid Bike.)
    const said = saidKeys(words);
    const keeps = (node: number) => bestName.slice(0, -1).every((s) => !said.has(s) || names[node]!.includes(s));
    const near = (c: Candidate) => c.score >= best.score - QUALITY_MARGIN && !bestPath.startsWith(`${this.tree.nodes[c.node]!.path} - `) && keeps(c.node);
    const other = match.candidates.slice(1, QUALITY_LOOKAHEAD).findIndex((c) => near(c) && nameStems(c).at(-1) === bestName.at(-1) && qualities.some((q) => namesQuality(nameStems(c), q)));
    if (other >= 0) {
      moveToFront(match.candidates, other + 1);
      return;
    }
    // ("a carafe that keeps coffee hot for hours": Thermal Carafes, the one kind of carafe of that quality, wherever
    // the tree keeps it and however far down the candidates.)
    const head = bestName.at(-1);
    const kin = names.flatMap((name, node) => (node !== best.node && !match.candidates.slice(0, QUALITY_LOOKAHEAD).some((c) => c.node === node) && name.at(-1) === head && qualities.some((q) => namesQuality(name, q)) && !bestPath.startsWith(`${this.tree.nodes[node]!.path} - `) && keeps(node) ? [node] : []));
    if (kin.length === 1) {
      const at = match.candidates.findIndex((c) => c.node === kin[0]);
      if (at > 0) moveToFront(match.candidates, at);
      else match.candidates.unshift({ ...best, node: kin[0]! });
    }
  }

  /**
   * "forget the router itself, i have one, just want a decent set of bits for it", "the headsets are fine but i need
   * somewhere to hang mine", "i already own a switch oled, just need a case to carry it around in": "it" and "mine"
   * are the thing turned from or owned, so of the best few candidates one named by a word of that thing (Router Bits,
   * Headset Stands, Switch Carrying Cases) comes first when close behind; not that thing's own kind or one above it.
   */
  private preferGoingWith(match: ClauseMatch, out: readonly ClauseIntent[], turnedFrom: readonly string[]): void {
    if (match.candidates.length < 2 || match.branded) return;
    const said: string[] = [];
    for (const path of turnedFrom) said.push(...tokens(path.split(' - ').at(-1)!));
    for (const c of out) {
      if (c.kind === 'ownKind') said.push(...tokens(c.text));
      else if (c.kind === 'ownItem') said.push(...tokens(c.evidence));
    }
    const referent = new Set(contentWords(said, this.words).filter((w) => !this.matcher.isKindNoun(w)).map(stem));
    if (referent.size === 0) return;
    const above = (c: Candidate) => turnedFrom.some((p) => p === this.tree.nodes[c.node]!.path || p.startsWith(this.tree.nodes[c.node]!.path + ' - '));
    const goesWith = (c: Candidate) => !above(c) && tokens(this.tree.nodes[c.node]!.name).some((w) => referent.has(stem(w)));
    if (goesWith(match.candidates[0]!)) return;
    const best = match.candidates[0]!.score;
    const at = match.candidates.slice(1, GOING_WITH_LOOKAHEAD).findIndex((c) => goesWith(c) && best - c.score < GOING_WITH_MARGIN);
    if (at >= 0) moveToFront(match.candidates, at + 1);
  }

  /**
   * "new flapper for a 2 inch flush valve": a category named whole by the words before "for" (Flappers) is the thing
   * asked for, over one the words after it name (Fill Valves, named by "valve"), when it is among the best few.
   */
  private preferNamedBeforeFor(match: ClauseMatch, read: readonly string[]): void {
    const at = read.indexOf('for');
    const best = match.candidates[0];
    if (at <= 0 || !best || match.branded) return;
    const before = new Set(read.slice(0, at).filter((w) => !isStopword(w)).map(stem));
    const nameStems = (c: Candidate) => tokens(this.tree.nodes[c.node]!.name).filter((w) => !isStopword(w)).map(stem);
    // (Only when the words before "for" say nothing of the best's name: "sand filter pump for above ground pool" stays
    // Sand Filters.)
    if (nameStems(best).some((s) => before.has(s))) return;
    const named = match.candidates.slice(1, NAMED_BEFORE_FOR).findIndex((c) => nameStems(c).every((s) => before.has(s)));
    if (named >= 0) moveToFront(match.candidates, named + 1);
  }

  /**
   * The kinds a refusal of one describing word means ("no yoga stuff": Yoga Mats and Yoga Props, or Yoga & Pilates
   * where that holds them all): the highest categories whose own names say the word, when none is headed by it (a
   * word that names a kind, "no chairs", refuses that kind) and they hold the one excluded. At most a few; none
   * otherwise.
   */
  private describedKinds(content: readonly string[], excluded: string): string[] {
    const said = content.filter((w) => !UNNAMED_THINGS.has(w) && !STAND_INS.has(w));
    if (said.length !== 1) return [];
    const word = said[0]!;
    const lexical = this.matcher.lexical;
    const holds = this.tree.nodes.flatMap((n, i) => (lexical.nameHolds(i, [stem(word)]) ? [i] : []));
    if (holds.length === 0 || holds.some((i) => lexical.nameHeadedBy(i, word))) return [];
    const paths = holds.map((i) => this.tree.nodes[i]!.path);
    // (A name of two kinds, "Yoga & Pilates", gives way to its children that say the word: Yoga Mats, Yoga Props.)
    const highest = paths
      .filter((p) => !paths.some((q) => p.startsWith(q + ' - ')))
      .flatMap((p) => {
        if (!/[&,]/.test(p.split(' - ').at(-1)!)) return [p];
        const below = paths.filter((q) => q.startsWith(p + ' - ') && q.split(' - ').length === p.split(' - ').length + 1);
        return below.length > 0 ? below : [p];
      });
    if (highest.length > DESCRIBED_KINDS || !highest.some((p) => excluded === p || excluded.startsWith(p + ' - '))) return [];
    return highest;
  }

  /**
   * Puts first, among the best few candidates whose own names are headed by `word`, the one with most items.
   */
  private broadestNamed(match: ClauseMatch, word: string): void {
    const lexical = this.matcher.lexical;
    const best = match.candidates[0];
    if (!best) return;
    // Only other senses of the word (another branch), never the best's own ancestor or descendant.
    const path = (c: Candidate) => this.tree.nodes[c.node]!.path;
    const related = (c: Candidate) => path(c).startsWith(path(best) + ' - ') || path(best).startsWith(path(c) + ' - ');
    // (But an ancestor that is nothing but a kind of that word, "no more locks": Bike Locks over its U-Locks; not a mixed
    // one, "Protective Apparel & Gloves".)
    const plainAncestor = (c: Candidate) => path(best).startsWith(path(c) + ' - ') && !/[&,]/.test(this.tree.nodes[c.node]!.name) && singular(tokens(this.tree.nodes[c.node]!.name).at(-1) ?? '') === singular(word);
    if (!lexical.headsSomething(word)) {
      this.describedRefused(match, word);
      return;
    }
    const named = match.candidates.slice(0, BROADEST_LOOKAHEAD).filter((c) => lexical.nameHeadedBy(c.node, word) && (c === best || !related(c) || plainAncestor(c)));
    if (named.length < 2 || !named.includes(best)) return;
    const broadest = named.reduce((a, b) => (this.tree.nodes[b.node]!.items.length > this.tree.nodes[a.node]!.items.length ? b : a));
    moveToFront(match.candidates, match.candidates.indexOf(broadest));
  }

  /**
   * ("no cordless ones") A word that heads no name describes the kind refused: Cordless Shears, whose name says it just
   * before its head noun, over a part for them, Cordless Shear Batteries, whose name says it further off.
   */
  private describedRefused(match: ClauseMatch, word: string): void {
    const best = match.candidates[0]!;
    const describes = (c: Candidate) => {
      const name = tokens(this.tree.nodes[c.node]!.name);
      return name.length >= 2 && stem(name.at(-2)!) === stem(word);
    };
    // (Only where the best says it to describe too: "the weighted ones" are all of Wearable Weights, not its vests.)
    const saysWord = tokens(this.tree.nodes[best.node]!.name).slice(0, -1).some((w) => stem(w) === stem(word));
    const described = saysWord && !describes(best) ? match.candidates.slice(1, BROADEST_LOOKAHEAD).find(describes) : undefined;
    if (described !== undefined) moveToFront(match.candidates, match.candidates.indexOf(described));
  }

  /**
   * The clause's words, with the catalog's name for the doer of each of its verbs added after them: "something to roll
   * them out on" asks for a roller, "a way to carry him" for a carrier, "something that bounces" for a bouncer,
   * "need to print invoices" for a printer. English agent nouns (-er, -r, -ier, a doubled consonant), kept only when
   * the catalog sells things so called (not "shower" for "showing": Shower Heads only says what the heads are for).
   */
  private withAgentNouns(words: readonly string[]): readonly string[] {
    const out: string[] = [];
    for (const [i, w] of words.entries()) {
      out.push(w);
      // ("stop showing me toilet paper": a verb said to the bot has no doer in the catalog, not Shower Cleaners.)
      if (ASKING.has(w) || CHAT_VERBS.has(w)) continue;
      const tags = this.tags[w];
      if (!tags?.some((t) => t.startsWith('VB')) || isStopword(w) || w.length < 3) continue;
      // Used as a verb here: "to roll", "that bounces", "carry him", not "wedding dresses".
      const verb = tags[0]!.startsWith('VB') || VERB_BEFORE.has(words[i - 1] ?? '') || VERB_OBJECT.has(words[i + 1] ?? '');
      if (!verb) continue;
      const agent = agentNouns(w).find((n) => this.matcher.lexical.headsSomething(n) && this.matcher.lexical.isCatalogWord(n));
      if (agent && !words.includes(agent)) out.push(agent);
    }
    return out;
  }

  /**
   * "a set of matching luggage" read as "matching luggage set" where the catalog names "Luggage Sets" (a kind of its
   * own, not a quantity of luggage).
   */
  private setOfAsKind(words: readonly string[]): readonly string[] {
    const at = words.findIndex((w, i) => SET_NOUNS.has(w) && words[i + 1] === 'of');
    if (at < 0) return words;
    for (let j = at + 2; j < Math.min(words.length, at + 5); j++) {
      if (this.matcher.lexical.namesInTurn(words[j]!, words[at]!)) return [...words.slice(0, at), ...words.slice(at + 2, j + 1), words[at]!, ...words.slice(j + 1)];
    }
    return words;
  }

  /** The one child of the node at `path` whose own name's other words the message says outside this clause. */
  private narrowedByMessage(path: string, message: string, clauseWords: readonly string[]): string | undefined {
    const node = this.tree.indexOf(path);
    if (node === undefined || this.tree.nodes[node]!.children.length === 0) return undefined;
    const inClause = new Set(clauseWords.map(stem));
    const elsewhere = new Set(meaningfulWords(tokens(message)).map(stem).filter((s) => !inClause.has(s)));
    const own = new Set(tokens(this.tree.nodes[node]!.name).map(stem));
    const fitting = this.tree.nodes[node]!.children.filter((c) => {
      const extra = meaningfulWords(tokens(this.tree.nodes[c]!.name)).map(stem).filter((s) => !own.has(s));
      return extra.length > 0 && extra.every((s) => elsewhere.has(s));
    });
    return fitting.length === 1 ? this.tree.nodes[fitting[0]!]!.path : undefined;
  }

  /** "the routers", "the tent": a kind of thing the catalog sells, in a few words. */
  /** The category a refusal of these words leaves out, when the understanding would act on it ("the pedals": Pedals). */
  private async kindRefused(words: readonly string[]): Promise<string | undefined> {
    const content = contentWords(words, this.words);
    const clause: Clause = { text: words.join(' '), words: [...words], negated: true };
    const match = await this.matcher.match(content, this.weights, content.at(-1), content, [clause.text], undefined, [], false);
    if (content.length === 1) this.broadestNamed(match, content[0]!);
    const decided = await this.decide(clause, match);
    return decided.kind === 'exclude' ? decided.path : undefined;
  }

  /** The category named by words said in turn across an "and" or "or" its name says ("melt and pour"), if one is broadest. */
  private namedAcrossJoiner(words: readonly string[]): number | undefined {
    const lexical = this.matcher.lexical;
    const at = words.findIndex((w, i) => JOINERS.has(w) && i > 0 && i + 1 < words.length && lexical.namesInTurn(words[i - 1]!, w) && lexical.namesInTurn(w, words[i + 1]!));
    if (at < 0) return undefined;
    const nodes = lexical.namingInTurn(words.slice(at - 1, at + 2)).map((n) => this.tree.canonical(n));
    const depth = (n: number) => this.tree.nodes[n]!.path.split(' - ').length;
    const broadest = Math.min(...nodes.map(depth));
    const those = [...new Set(nodes.filter((n) => depth(n) === broadest))];
    return those.length === 1 ? those[0] : undefined;
  }

  /** The last word of these that heads a category's name or titles as the kind of thing ("wicks"), not a kind noun ("one"). */
  private kindWordOf(content: readonly string[]): string | undefined {
    return [...content].reverse().find((w) => this.matcher.lexical.headsSomething(w) && !this.matcher.isKindNoun(w));
  }

  private besideTurnedAway(steer: Extract<ClauseIntent, { kind: 'steer' }>, match: ClauseMatch, clause: Clause, out: readonly ClauseIntent[], concessions: ReadonlySet<ClauseIntent>): Extract<ClauseIntent, { kind: 'steer' }> {
    // (A kind refused outright is kept out by the matcher already: what the same message leaves out it never asks for.)
    const turned = out.some((c) => c.kind === 'steer' && concessions.has(c) && c.path === steer.path);
    if (!turned) return steer;
    const at = match.candidates.findIndex((c) => this.tree.nodes[c.node]!.path === steer.path);
    // (Named again in the clause's own words, it is that kind after all: "the duffle is too small, want a bigger duffle".)
    if (at < 0 || clause.words.some((w) => this.matcher.lexical.nameHeadedBy(match.candidates[at]!.node, w))) return steer;
    const parent = steer.path.split(' - ').slice(0, -1).join(' - ');
    const besideNode = match.candidates.slice(0, TURNED_AWAY_LOOKAHEAD).find((c) => {
      const path = this.tree.nodes[c.node]!.path;
      return path !== steer.path && path.startsWith(parent + ' - ') && !steer.path.startsWith(path + ' - ');
    })?.node ?? this.siblingSaid(match.candidates[at]!.node, contentWords(clause.words, this.words));
    if (besideNode === undefined) return steer;
    const node = this.tree.nodes[besideNode]!;
    return { ...steer, path: node.path, evidence: `matched "${node.name}", beside the "${steer.path.split(' - ').at(-1)}" turned away` };
  }

  /** Of a kind's siblings, the one whose titles say most of these words ("sturdy solid" of Orchestra Stands), if any says one. */
  private siblingSaid(node: number, words: readonly string[]): number | undefined {
    const parent = this.tree.nodes[node]!.parent;
    if (parent === undefined || words.length === 0) return undefined;
    const stems = words.map(stem);
    let best: { node: number; score: number } | undefined;
    for (const sibling of this.tree.nodes[parent]!.children) {
      if (sibling === node) continue;
      const score = this.matcher.lexical.evidence(stems, sibling).titleScore;
      if (score > 0 && (best === undefined || score > best.score)) best = { node: sibling, score };
    }
    return best?.node;
  }

  /** Whether the words say only a material or a colour ("plastic", "made of stainless steel", "all black", "glass or plastic"). */
  private isMaterialOrColour(words: readonly string[]): boolean {
    const said = words.join(' ').replace(/^(?:(?:all|fully|real|solid|made|of|from|out) )+/, '');
    return said.split(' or ').every((one) => this.words.materials.includes(one) || this.words.colours.includes(one));
  }

  private namesKinds(words: readonly string[]): boolean {
    const content = contentWords(words, this.words);
    const last = content.at(-1);
    return content.length > 0 && content.length <= 3 && last !== undefined && this.matcher.lexical.headsSomething(last);
  }

  /** Whether a comparison or attribute follows this clause in the message ("like #2 but cheaper"). */
  private attributeFollows(clause: Clause, message: string): boolean {
    const after = message.toLowerCase().replace(/[’']/g, '').split(clause.text).slice(1).join(' ');
    return findAttributes(tokens(after), this.words).length > 0;
  }

  private choiceOf(clause: Clause, context: InterpretContext): number | undefined {
    const choices = context.pendingChoices;
    if (!choices?.length) return undefined;
    const m = /^(?:option|number|choice|#)?\s*#?(\d{1,2})$/.exec(clause.words.join(' ').replace(/^(?:the\s+)?/, ''));
    if (m && Number(m[1]) >= 1 && Number(m[1]) <= choices.length) return Number(m[1]);
    const said = clause.words.join(' ');
    const byName = choices.findIndex((path) => tokens(path.split(' - ').at(-1) ?? path).join(' ') === said);
    return byName >= 0 ? byName + 1 : undefined;
  }

  /**
   * "i bought <title>", "i have <title>": an item of the catalog by its title, or word that the catalog has nothing
   * like it. "like/pick/add the <title>" too, when no shown item is meant and a title matches, or when what follows
   * is no category either.
   */
  private ownItemOf(clause: Clause, ownershipOnly = false, thenNow = false): ClauseIntent | undefined {
    // "she has batwings", "my son already has a helmet": what someone one shops for has is had as one's own.
    const spoken = clause.text.replace(OTHERS_HAVE, (_, adverb: string | undefined, verb: string) => `i ${adverb ? `${adverb} ` : ''}${OWN_VERB[verb] ?? verb}`);
    // "i also have", "i just bought", "we already own": an adverb between the person and the verb changes nothing.
    const text = spoken.replace(/^(i|we)\s+(?:also|already|just|recently|now)\s+/, '$1 ');
    const said = tokens(text).join(' ');
    // ("i have been looking for a rangefinder", "my son has been on the chanter a year": "have been" owns nothing.)
    if (/^(?:i|we)\s+(?:have|has)\s+been\b/.test(said)) return undefined;
    const owns = this.words.ownItem.find((p) => said.startsWith(tokens(p).join(' ') + ' '));
    // "we already got a ring doorbell", "just got a new king bed", "already bought the purifier": had already.
    const hadAlready = owns || ownershipOnly ? null : (HAD_ALREADY.exec(spoken) ?? HAD_ALREADY_LAST.exec(spoken) ?? (thenNow ? GOT_BEFORE_NOW.exec(spoken) : null));
    const picks = ownershipOnly ? null : /^(like|pick|add|take) (the|a|an|this|that) (.+)$/.exec(clause.text);
    if (!owns && !hadAlready && !picks) return undefined;
    const rest = hadAlready ? hadAlready[1]!.trim() : owns ? text.replace(/^\S+\s+\S+(\s+already)?\s+(own\s+)?/, '').trim() : `${picks![2]} ${picks![3]}`;
    const namedWords = contentWords(tokens(picks ? picks[3]! : rest), this.words);
    // "i already have a mower, need a trimmer": one of a kind the catalog sells, no title of it: context, not a request
    // and not "we don't carry mowers".
    const thing = this.thingNamed(tokens(picks ? picks[3]! : rest));
    const kind = thing.at(-1);
    // (Before what is needed "now", any thing named in a few words is had: "got a halligan", of Halligan Bars.)
    const namesKind = kind !== undefined && thing.length <= 3 && (this.matcher.lexical.headsSomething(kind) || (thenNow && this.matcher.lexical.isCatalogWord(kind)));
    const ownKind: ClauseIntent = { kind: 'ownKind', text: rest.replace(/^(?:a|an|the|my|one|some|our)\s+/, '') };
    // ("just got a new king bed": a kind of thing, not that title; "already got a ring doorbell" names one by its brand.)
    if (hadAlready && namesKind && !namedWords.some((w) => this.matcher.lexical.isBrandWord(w))) return ownKind;
    const item = this.matchTitle(owns || hadAlready ? rest : picks![3]!);
    if (item !== undefined) return { kind: 'ownItem', itemIndex: item, evidence: rest };
    // A named thing with no such title: for "i have ..." the catalog has nothing like it; "like the ..." may be a
    // category ("like the red ones", "pick the beakers"), unless it names a product in three or more words.
    if ((owns || hadAlready) && namesKind) return ownKind;
    // (What one just got that the catalog has no kind of, "just got a puppy", is only the situation; so is what
    // someone else has that is no thing of it: "my dad has bad knees", "my daughter has celiac".)
    if (hadAlready || spoken !== clause.text) return undefined;
    return owns || namedWords.length >= 3 ? { kind: 'notInCatalog', query: rest, nearest: [] } : undefined;
  }

  /** The words naming a thing, before what says where it is or what it is for: "speakers in the dash" are speakers. */
  private thingNamed(words: readonly string[]): string[] {
    const placed = words.findIndex((w, i) => i > 0 && PLACING.has(w));
    return contentWords(placed > 0 ? words.slice(0, placed) : words, this.words);
  }

  /**
   * The item a clause names by its brand and model: a title that holds most of what is said (matchTitle) of an item
   * whose brand is said too, with a word of the title beyond the brand and the category's words (a model, a line).
   */
  private modelNamed(text: string): number | undefined {
    // (No brand said, no title searched: most clauses name none.)
    // (A brand's own word: not a number, not an everyday word some brand also holds, "3d", "printing".)
    if (!tokens(text.toLowerCase()).some((w) => w.length >= 3 && !/\d/.test(w) && !englishWords().has(w) && this.matcher.lexical.spellsBrand(w))) return undefined;
    const item = this.matchTitle(text);
    if (item === undefined) return undefined;
    const said = new Set(tokens(text.toLowerCase()));
    const brand = tokens(this.catalog.items[item]!.brand ?? '').filter((w) => w.length >= 3 || /^[a-z]{2}$/.test(w));
    // ("handbell set" beside the brand Handbell Services: a brand's word that category names say too is the kind, and
    // "set" or "kit" is no model or line.)
    if (brand.length === 0 || !brand.some((w) => said.has(w) && !this.matcher.lexical.namesStem(stem(w)))) return undefined;
    const named = new Set([...brand, ...this.tree.nodesOfItem(item).flatMap((n) => tokens(this.tree.nodes[n]!.name))]);
    const title = new Set(tokens(this.catalog.items[item]!.title.toLowerCase()));
    return [...said].some((w) => !named.has(w) && !isStopword(w) && !this.matcher.isKindNoun(w) && title.has(w)) ? item : undefined;
  }

  /**
   * An item named by its title: the titles holding the rarest words of the text (the lexical index's postings, never
   * a scan of every title), scored by how much of what was said they hold, each word weighted by its rarity (a model
   * number or a brand says more than "digital"). "a mitutoyo 500-196-30 caliper" names the Mitutoyo 500-196-30 caliper
   * however its title goes on; most of the said weight must be in the title, and more than one word or a model number
   * must match, so "the red one" names nothing.
   */
  private matchTitle(text: string): number | undefined {
    const query = text.toLowerCase().trim();
    if (query.length < 3) return undefined;
    const said = [...new Set(tokens(query).filter((w) => !isStopword(w) && !this.words.itemFillers.includes(w)))].slice(0, 12);
    if (said.length === 0) return undefined;
    const weight = (w: string) => Math.max(this.matcher.lexical.idfOf(stem(w)), /\d/.test(w) ? 3 : 0.5);
    const total = said.reduce((sum, w) => sum + weight(w), 0);
    let best = { index: -1, cover: 0, dice: 0 };
    for (const i of this.matcher.lexical.itemsWithRarest(said.map(stem))) {
      const title = this.catalog.items[i]!.title.toLowerCase();
      const titleStems = new Set(tokens(title).map(stem));
      const held = said.filter((w) => titleStems.has(stem(w)) || (w.length >= 4 && title.includes(w)));
      // One common word ("i have gloves") names no particular item: two words or a model number must match.
      if (held.length < 2 && !held.some((w) => /\d/.test(w))) continue;
      const cover = held.reduce((sum, w) => sum + weight(w), 0) / total;
      const dice = natural.DiceCoefficient(query, title.slice(0, query.length * 2));
      if (cover > best.cover + 1e-9 || (Math.abs(cover - best.cover) <= 1e-9 && (dice > best.dice || (dice === best.dice && i < best.index)))) best = { index: i, cover, dice };
    }
    return best.cover >= 0.75 ? best.index : undefined;
  }

  /** A candidate with its confidence: its score and its lead over the clause's other candidates. */
  private candidate(c: Candidate, weights: ScorerWeights, match: ClauseMatch): CategoryCandidate {
    const node = this.tree.nodes[c.node]!;
    const lead = leadOf(match.candidates.map((x) => x.score), match.candidates.indexOf(c));
    return { path: node.path, node: node.name, confidence: calibrated(weights, c.score, lead) };
  }

  /** Distinct alternatives: not the best one's ancestors or descendants. */
  private others(match: ClauseMatch, count: number, weights: ScorerWeights): CategoryCandidate[] {
    const picked: CategoryCandidate[] = [];
    for (const c of match.candidates) {
      const path = this.tree.nodes[c.node]!.path;
      if (picked.some((p) => p.path.startsWith(path + ' - ') || path.startsWith(p.path + ' - ') || p.path === path)) continue;
      picked.push(this.candidate(c, weights, match));
      if (picked.length === count) break;
    }
    return picked;
  }

  private async decide(clause: Clause, match: ClauseMatch): Promise<ClauseIntent> {
    const decided = await this.decideByEvidence(clause, match);
    // A brand the catalog carries, said alone, is neither chatter nor a thing the catalog lacks: what it makes here.
    if (!clause.negated && match.brandDepartment !== undefined && (decided.kind === 'smallTalk' || decided.kind === 'notInCatalog' || decided.kind === 'ask')) {
      const node = this.tree.nodes[match.brandDepartment]!;
      return { kind: 'steer', path: node.path, confidence: this.weights.threshold, alternatives: [], evidence: `what ${match.words.join(' ')} makes here: "${node.name}"` };
    }
    return decided;
  }

  private async decideByEvidence(clause: Clause, match: ClauseMatch): Promise<ClauseIntent> {
    const weights = this.weights;
    const forAll = clause.negated ? this.everythingFor(clause.words) : undefined;
    if (forAll !== undefined) return { kind: 'exclude', path: forAll.path, confidence: weights.threshold, evidence: `everything for "${forAll.name}"` };
    // ("koriko": a product line of shaking tins and of a strainer, said alone, asks which of its kinds.)
    if (!clause.negated && match.lineCategories !== undefined) {
      const line = match.lineCategories;
      const theirs = { ...match, candidates: match.candidates.filter((c) => line.has(c.node)) };
      return { kind: 'ask', choices: this.others(theirs, line.size, weights), evidence: `a line made in ${line.size} categories` };
    }
    // A need told plainly outweighs a word the best candidate shares with the clause: when the needs lexicon names one
    // category strongly (a near situation or a cue naming it almost word for word) and clearly more than the best,
    // that category goes first ("want to keep the newborn in our room right next to our bed": Bassinets, not the
    // Swaddles the encoder finds near "newborn"). Not for a category named, a brand, or a thing the catalog lacks.
    // (Nor a best whose name the request's head noun heads: "a bottle that sprays a fine steady mist to keep hair damp
    // while i cut" asks for Continuous Mist Bottles, whatever the situation after it reads as.)
    const headNamesBest = match.head !== undefined && this.matcher.lexical.headsSomething(match.head) && match.candidates.length > 0 && this.matcher.lexical.nameHeadedBy(match.candidates[0]!.node, match.head);
    if (!headNamesBest && !clause.negated && match.unsaid === undefined && !match.named && !match.branded && match.candidates.length > 1) {
      const need = (c: Candidate) => c.features[FEATURE_INDEX.need]!;
      const top = match.candidates.reduce((at, c, i) => (need(c) > need(match.candidates[at]!) ? i : at), 0);
      const needed = match.candidates[top]!;
      // (Not over a category whose whole name is said: "plumbers puty for a sink drain" is Plumber's Putty, whatever
      // a sink drain's needs.)
      if (top > 0 && need(needed) >= NEED_OUTWEIGHS && need(needed) - need(match.candidates[0]!) >= NEED_OUTWEIGHS_LEAD && match.candidates[0]!.features[FEATURE_INDEX.nameFull]! < 1) {
        match.candidates.splice(top, 1);
        match.candidates.unshift(needed);
      }
    }
    // "barrel racing": of two categories whose names hold the same words, the one whose name is said in its own order
    // (Barrel Racing, not Racing Barrels).
    const first = match.candidates[0];
    if (first !== undefined && first.features[FEATURE_INDEX.nameFull] === 1) {
      const said = match.words.map(stem);
      const lexical = this.matcher.lexical;
      const inTurn = match.candidates.findIndex((c) => c.features[FEATURE_INDEX.nameFull] === 1 && lexical.sameNameWords(c.node, first.node) && lexical.saidInTurn(c.node, said));
      if (inTurn > 0 && !lexical.saidInTurn(first.node, said)) match.candidates.unshift(...match.candidates.splice(inTurn, 1));
    }
    const best = match.candidates[0];
    const scores = match.candidates.map((c) => c.score);
    // A candidate a rule put first over a better-scored one ("a new mouse": Gaming Mice, headed by the word, over
    // Gaming Mouse Pads) is as sure as the evidence for the clause, the best score and its lead.
    const top = scores.reduce((at, s, i) => (s > scores[at]! ? i : at), 0);
    let confidence = best ? calibrated(weights, scores[top]!, leadOf(scores, top)) : 0;
    // Read by stems alone, a word found only in titles under a category ("something white") is a hint, not a
    // category named: ask rather than act.
    if (best && !this.matcher.semantic && best.features[FEATURE_INDEX.nameCover]! + best.features[FEATURE_INDEX.parentCover]! === 0) {
      confidence = Math.min(confidence, weights.threshold * 0.99);
    }
    const fixes = match.corrections.map((c) => `"${c.from}" read as "${c.to}"`).join(', ');
    // The request names something the catalog never says ("dog food", "ear plugs"): say so, with the nearest
    // categories, rather than steer on the one word that matched. A category named outright is never that.
    // ("not into those retro emulator handhelds": a refusal that says a category's whole name refuses it, whatever
    // else it says.)
    // ("i dont want one of those thick hip hop chains": a refusal of a kind the catalog names by its head noun refuses
    // the best of those, whatever words it never uses describe it.)
    const refusedByHead = clause.negated && best !== undefined && match.words.length > 0 && this.matcher.lexical.nameHeadedBy(best.node, match.words.at(-1)!) && confidence >= weights.askThreshold;
    // ("not the kids rackets": a refusal whose best reading is sure enough refuses it, though the catalog never says
    // those words together; telling someone the catalog lacks what they turn down answers nothing.)
    if (match.unsaid !== undefined && !match.named && clause.negated && best && (best.features[FEATURE_INDEX.nameFull] === 1 || refusedByHead || confidence >= weights.threshold)) return { kind: 'exclude', path: this.tree.nodes[best.node]!.path, confidence: Math.max(confidence, weights.threshold), evidence: `matched "${this.tree.nodes[best.node]!.name}"` };
    if (match.unsaid !== undefined && !match.named) {
      if (!clause.negated && (await this.soundsLikeSmallTalk(clause, best))) return { kind: 'smallTalk' };
      return { kind: 'notInCatalog', query: clause.text, nearest: this.others(match, NEAREST_SHOWN, weights) };
    }
    // A category the request names by its own name is acted on, however the scorer rates the rest of the evidence.
    if (best && match.named) confidence = Math.max(confidence, weights.threshold);
    // What the clause's nearest situations of the needs lexicon ask for, with enough evidence, is acted on.
    if (best && !clause.negated && needLeads(best.features, weights.needAct)) confidence = Math.max(confidence, weights.threshold);
    // No category name says any of its words, and it reads like chatter ("what's the weather"): small talk.
    // (A word the needs lexicon knows, leading to the best, names it too: "show me sleep sacks" is Wearable Blankets.)
    // (So does a need told plainly, one category well ahead of the rest: "my phone is always dead by lunch".)
    const cueLeads = best !== undefined && (((match.cued?.size ?? 0) > 0 && needLeads(best.features, weights.needAct)) || (needLeads(best.features, NEED_OUTWEIGHS) && match.candidates.every((c) => c === best || c.features[FEATURE_INDEX.need]! <= best.features[FEATURE_INDEX.need]! - NEED_OUTWEIGHS_LEAD)));
    const named = best !== undefined && (match.named === true || match.branded === true || best.features[FEATURE_INDEX.nameCover]! + best.features[FEATURE_INDEX.parentCover]! > 0 || cueLeads);
    if (best && !named && !clause.negated && (await this.soundsLikeSmallTalk(clause, best))) return { kind: 'smallTalk' };
    if (best && confidence >= weights.threshold) {
      const node = this.tree.nodes[best.node]!;
      const evidence = `matched "${node.name}"${fixes ? ` (${fixes})` : ''}`;
      if (clause.negated) return { kind: 'exclude', path: node.path, confidence, evidence };
      const deeper = this.clearlyBelow(match, best);
      if (deeper !== undefined) {
        const below = this.tree.nodes[deeper.node]!;
        return { kind: 'steer', path: below.path, confidence, alternatives: this.others(match, NEAREST_SHOWN + 1, weights).filter((a) => a.path !== below.path).slice(0, NEAREST_SHOWN), evidence: `matched "${below.name}", under "${node.name}"` };
      }
      return { kind: 'steer', path: node.path, confidence, alternatives: this.others(match, NEAREST_SHOWN + 1, weights).slice(1), evidence };
    }
    if (!best) return { kind: 'notInCatalog', query: clause.text, nearest: [] };
    // ("i need a heavy ball i can throw at the ground", less sure than that: the catalog names kinds by the thing's own
    // noun, Slam Balls: it carries that kind of thing, so it asks which rather than saying it has none.)
    const kindCarried = !clause.negated && best.features[FEATURE_INDEX.headCover] === 1 && best.features[FEATURE_INDEX.nameCover]! > 0;
    // (Nor is it chatter: "watch that tells me how far to the green" asks for a kind of watch the catalog names.)
    // (Nor is a brand said with a word its titles write: "onset hobo" is that brand's line, however it sounds.)
    if (!clause.negated && !kindCarried && !match.branded && (await this.soundsLikeSmallTalk(clause, best))) return { kind: 'smallTalk' };
    const nearest = this.others(match, NEAREST_SHOWN, weights);
    // ("metal stand that holds a 40 breeder", "gloves that can handle hot grates"): of the kinds it would ask among,
    // the only one named by the request's head noun is the kind asked for.
    if (!clause.negated && match.head !== undefined && confidence >= weights.askThreshold) {
      const asked = new Set(nearest.map((n) => n.path));
      const headed = match.candidates.filter((c) => asked.has(this.tree.nodes[c.node]!.path) && this.matcher.lexical.nameHeadedBy(c.node, match.head!));
      if (headed.length === 1) {
        const node = this.tree.nodes[headed[0]!.node]!;
        return { kind: 'steer', path: node.path, confidence: weights.threshold, alternatives: nearest.filter((n) => n.node !== node.name).slice(0, NEAREST_SHOWN), evidence: `matched "${node.name}" by its head noun` };
      }
    }
    if (confidence >= weights.askThreshold || kindCarried) return { kind: 'ask', choices: nearest, evidence: `unsure (confidence ${confidence.toFixed(2)})` };
    return { kind: 'notInCatalog', query: clause.text, nearest };
  }

  /**
   * "nothing for bees", "nothing for the bar": a refusal of what is for a thing refuses all of it: the category
   * named by it alone or with a word for things in general (Drawing Supplies); else the category that holds every
   * category whose name says it (Beekeeping, over its Bee Feeders), or the widest of them when they lie in different
   * branches (Bar & Event Ice, over a chainsaw's Carving Bars). Not the catalog's root, and not a thing no category
   * names ("nothing for hunting fish" is left to the evidence).
   */
  private everythingFor(words: readonly string[]): CategoryNode | undefined {
    if (words[0] !== 'nothing' || words[1] !== 'for') return undefined;
    let said = words.slice(2);
    while (said.length > 0 && OBJECT_LEADS.has(said[0]!)) said = said.slice(1);
    const end = said.findIndex((w) => FOR_ALL_ENDS.has(w));
    if (end >= 0) said = said.slice(0, end);
    if (said.length === 0 || said.length > 3 || said.some((w) => isStopword(w))) return undefined;
    const stems = said.map((w) => stem(singular(w)));
    const nodes = this.matcher.lexical.nodesNaming(stems).map((i) => this.tree.nodes[i]!);
    if (nodes.length === 0) return undefined;
    // ("nothing for drawing": Drawing Supplies, the things for it by name, over the Drawing & Lettering above it.)
    const forIt = nodes.filter((n) => meaningfulWords(tokens(n.name)).every((w) => stems.includes(stem(singular(w))) || THINGS_IN_GENERAL.has(w)));
    if (forIt.length === 1) return forIt[0];
    let common = nodes[0]!.levels;
    for (const n of nodes.slice(1)) {
      const k = common.findIndex((level, i) => n.levels[i] !== level);
      if (k >= 0) common = common.slice(0, k);
    }
    if (common.length > 1) return this.tree.node(categoryPath(common));
    const depth = Math.min(...nodes.map((n) => n.levels.length));
    const widest = nodes.filter((n) => n.levels.length === depth);
    return widest.length === 1 && depth > 1 ? widest[0] : undefined;
  }

  /**
   * A category below the best one that the evidence picks clearly: of the candidates under the best, the one scored
   * far ahead of every other line under it ("2x barlow 1.25": Barlow Lenses, under Barlows & Diagonals). Not below a
   * category whose whole name is said, which says the person wants all of it ("a broom and dustpan for the kitchen"
   * stays Brooms & Dustpans, not Angle Brooms), unless it says half of a name that joins two kinds (joinedKindSaid).
   * For steers only: a refusal leaves out what it names.
   */
  private clearlyBelow(match: ClauseMatch, best: Candidate): Candidate | undefined {
    if (this.tree.nodes[best.node]!.children.length === 0) return undefined;
    // (Whether or not the request says the name: "goalie pads" says half of Goalie Pads & Gloves.)
    const joined = this.joinedKindSaid(match, best);
    if (joined !== undefined) return match.candidates.find((c) => c.node === joined) ?? { ...best, node: joined };
    const lexical = this.matcher.lexical;
    const said = [...new Set(match.words.map(stem))].filter((s) => !lexical.pathHolds(best.node, s));
    // (A kind named in full, "key machine", goes below only where the rest of the request describes one kind there.)
    if (match.named || best.features[FEATURE_INDEX.nameFull] === 1) {
      const titled = this.titledBelow(best.node, said);
      return titled === undefined ? undefined : (match.candidates.find((c) => c.node === titled) ?? { ...best, node: titled });
    }
    const path = this.tree.nodes[best.node]!.path;
    const below = match.candidates.filter((c) => this.tree.nodes[c.node]!.path.startsWith(path + ' - ')).sort((a, b) => b.score - a.score);
    const first = below[0];
    if (!first) return undefined;
    const line = this.tree.nodes[first.node]!.path;
    const rival = below.find((c) => c !== first && !this.tree.nodes[c.node]!.path.startsWith(line + ' - ') && !line.startsWith(this.tree.nodes[c.node]!.path + ' - '));
    if (rival !== undefined && first.score - rival.score >= BELOW_LEAD) return first;
    // ("elecrtic potters wheel": Electric Pottery Wheels, under the Pottery Wheels read) One kind below alone says in its
    // own name a word of the request that the best one's path does not.
    if (said.length === 0) return undefined;
    const saying = this.tree.descendants(best.node).filter((n) => said.some((s) => lexical.nameHolds(n, [s])));
    // (The deepest of a line: one kind and those below it that say it too.)
    const tops = saying.filter((n) => !saying.some((m) => m !== n && this.tree.nodes[n]!.path.startsWith(this.tree.nodes[m]!.path + ' - ')));
    if (tops.length > 1) return undefined;
    const to = tops[0] ?? this.titledBelow(best.node, said);
    if (to === undefined) return undefined;
    const found = below.find((c) => c.node === to);
    return found ?? { ...best, node: to };
  }

  /**
   * ("key duplicating machine", "hockey helmet with cage", "9 ft 5wt for trout") The one kind right below a category
   * whose titles, most of them, say a word of the request that no other kind's titles there say, and then the same
   * again below it: the request describes that kind as its titles do.
   */
  private titledBelow(node: number, said: readonly string[]): number | undefined {
    const lexical = this.matcher.lexical;
    const words = said.filter((s) => !isStopword(s) && !this.matcher.isKindNoun(s));
    let at = node;
    for (;;) {
      const children = this.tree.nodes[at]!.children;
      const owners = new Set<number>();
      for (const s of words) {
        const holding = children.filter((c) => lexical.titleShare(s, c) >= TITLED_BELOW_SHARE);
        if (holding.length === 1 && children.every((c) => c === holding[0] || lexical.titleShare(s, c) <= TITLED_ELSEWHERE)) owners.add(holding[0]!);
      }
      if (owners.size !== 1) return at === node ? undefined : at;
      at = [...owners][0]!;
    }
  }

  /**
   * ("goalie pads": Goalie Leg Pads, under Goalie Pads & Gloves) Of a name that joins kinds, the request says the head
   * word of one only: the one kind below whose name says that word, when there is one line of them.
   */
  private joinedKindSaid(match: ClauseMatch, best: Candidate): number | undefined {
    const name = this.tree.nodes[best.node]!.name;
    if (!joinsKinds(name)) return undefined;
    // (Not a word for things in general: "lab supplies" asks for all of Lab Supplies & Consumables.)
    const heads = new Set(nameParts(name).flatMap((part) => tokens(part).slice(-1).filter((w) => !this.matcher.isKindNoun(w)).map(stem)));
    const said = new Set(match.words.map(stem));
    const named = [...heads].filter((h) => said.has(h));
    if (named.length !== 1) return undefined;
    const saying = this.tree.descendants(best.node).filter((n) => this.matcher.lexical.nameHolds(n, [named[0]!]));
    const tops = saying.filter((n) => !saying.some((m) => m !== n && this.tree.nodes[n]!.path.startsWith(this.tree.nodes[m]!.path + ' - ')));
    return tops.length === 1 ? tops[0] : undefined;
  }

  /** Closer to everyday chatter ("how are you", "tell me a joke") than to anything in the catalog. */
  private async soundsLikeSmallTalk(clause: Clause, best: Candidate | undefined): Promise<boolean> {
    // ("i have a carboy, i need a stopper for it": a request for a thing the catalog's titles or names are headed by is
    // no chatter, however the sentence sounds.)
    if (clause.words.some((w) => REQUESTING.has(w)) && contentWords(clause.words, this.words).some((w) => this.matcher.lexical.headsSomething(w))) return false;
    if (!this.encodings || !this.encoder || !this.smallTalkVectors) {
      // Without the encoder: no word the catalog uses, and every word plain English.
      return contentWords(clause.words, this.words).every((w) => !this.matcher.lexical.isCatalogWord(w));
    }
    const q = await this.encodings.get([clause.text]);
    const dim = this.encoder.info.dim;
    let chatter = -1;
    for (let r = 0; r < this.smallTalkVectors.length / dim; r++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += q![d]! * this.smallTalkVectors[r * dim + d]!;
      chatter = Math.max(chatter, s);
    }
    const catalogSimilarity = best ? Math.max(best.features[0]!, best.features[2]!) : 0;
    return chatter > catalogSimilarity;
  }

  private async smallTalkOrNothing(text: string): Promise<ClauseIntent> {
    const clause: Clause = { text: text.toLowerCase(), words: tokens(text).slice(0, 64), negated: false };
    if (hasPhrase(clause.words, this.words.negation)) return { kind: 'notInCatalog', query: text.slice(0, 80), nearest: [] };
    return (await this.soundsLikeSmallTalk(clause, undefined)) ? { kind: 'smallTalk' } : { kind: 'notInCatalog', query: text.slice(0, 80), nearest: [] };
  }
}

/** Nouns that name a kind of their own where the catalog says so ("Luggage Sets", "Tool Kits"). */
const SET_NOUNS = new Set(['set', 'sets', 'kit', 'kits']);

/** Words of a yes-or-no question about the world, not about an item ("is it gonna rain tmrw", "is it open today"). */
const NOT_ABOUT_ITEMS = new Set(['rain', 'snow', 'weather', 'sunny', 'raining', 'snowing', 'tomorrow', 'tmrw', 'tonight', 'today', 'outside', 'gonna', 'going', 'supposed', 'open', 'closed', 'true', 'real', 'human', 'bot', 'friday', 'weekend', 'worth', 'late', 'time']);

/** Verbs said to the bot about the chat itself: their doers ("shower", "finder") are no request. */
const CHAT_VERBS = new Set(['show', 'showing', 'shows', 'showed', 'stop', 'stopping', 'keep', 'keeps', 'see', 'seeing', 'help', 'helping', 'tell', 'telling', 'give', 'giving', 'finding', 'suggesting', 'suggest', 'recommending', 'sending', 'send', 'looking']);

/** Money said after an amount ("under 25 dollars"): a price, never a product word. */
const CURRENCY = new Set(['dollars', 'dollar', 'bucks', 'buck', 'usd', 'euros', 'euro', 'quid', 'pounds', 'cents']);

/** Words that go on to say where a thing is or what it is for ("speakers in the dash", "a rug for the den"). */
const PLACING = new Set(['in', 'on', 'for', 'at', 'from', 'under', 'behind', 'by', 'over', 'inside', 'outside']);

/** How many of the best candidates are looked at for one named whole before "for". */
const NAMED_BEFORE_FOR = 3;

/** Words for things in general, besides UNNAMED_THINGS: "no kayak gear", "nothing baby related". */
const THINGS_IN_GENERAL = new Set(['gear', 'products', 'items', 'accessories', 'related', 'supplies', 'equipment']);

/** At most this many categories are refused for one describing word ("no yoga stuff"). */
const DESCRIBED_KINDS = 4;

/** Verbs of which the object is the kind wanted: "something to replace my grips". */
const REPLACING = new Set(['replace', 'replacing', 'upgrade', 'swap', 'substitute', 'refill', 'restock']);
/** How many candidates are looked at for one that is not the object of what the thing does. */
const OBJECT_LOOKAHEAD = 3;
/** Of the best candidates, how many may be the one going with what "it" stands for. */
const IT_LOOKAHEAD = 6;
/** Words that end what "nothing for" names: "nothing for bees at all", "nothing for the bar please". */
const FOR_ALL_ENDS = new Set(['at', 'please', 'pls', 'plz', 'thanks', 'thx', 'thank', 'or', 'and', 'either', 'anymore', 'though', 'tho', 'really', 'this', 'today', 'now']);

/** Words that open a verb's object: "to oil the bearings", "to hold my keys". */
const OBJECT_LEADS = new Set(['the', 'my', 'our', 'his', 'her', 'their', 'your', 'its', 'a', 'an', 'this', 'these', 'those', 'all']);


/** After "like", the words that open an example ("like a salty mix", "like that sesame garlic onion mix"). */
const EXAMPLE_LEADS = new Set(['a', 'an', 'that', 'those', 'this', 'these', 'some', 'one']);

/** Saying one steps away from the chat. */
const AWAY = new Set(['brb', 'gtg', 'g2g', 'afk', 'bbl', 'bbiab', 'ttyl']);

/** A refusal said on its own ("pass", "nah", "hard pass", "ill skip those"), and the words that may come with it. */
const REFUSALS = new Set(['pass', 'nah', 'nope', 'skip', 'meh', 'ew', 'yuck']);
/** A kind just steered to, turned down instead ("belts? nah", "pucks, none of those"): the same kind, excluded. */
function turnedDown(steer: Extract<ClauseIntent, { kind: 'steer' }>): ClauseIntent {
  return { kind: 'exclude', path: steer.path, confidence: steer.confidence, evidence: steer.evidence };
}

/** A polite refusal said on its own: "no thanks", "nah thank you", "not for me", "not interested". */
const NO_THANKS = /^(?:(?:no|nah|nope) (?:thanks|thank you|thx|ty)|not (?:for (?:me|us)|interested|really (?:for me|interested)))(?: (?:tho|though|sorry|lol|tbh))?$/;
/** Which of the things named to begin with: "lets start with the helmet", "begin with the boots". */
const STARTING_WITH = /\b(?:start|begin|starting|beginning) (?:off )?with\b/;
/** "which ones have", "which of these is", "which one does": a question about the shown list (what follows, group 1). */
/**
 * The property a question about the shown items asks after: a word or two after "has" or "is it" ("which of these has
 * wifi so ...", "is it dishwasher safe"), up to a word that goes on to say why or what for.
 */
/** "does it fold", "can they stack": a question of what a shown thing can do. */
const DOES_IT = /^(?:does|do|can|will|would) (?:it|they|these|this|those|that|them)(?: one| ones)? ([a-z]+)/;
/** What a thing can do, as the property a title writes ("fold": foldable). */
const CAN_DO = new Map([['fold', 'foldable'], ['collapse', 'collapsible'], ['adjust', 'adjustable'], ['stack', 'stackable'], ['wash', 'washable'], ['float', 'floating'], ['recline', 'reclining'], ['expand', 'expandable'], ['extend', 'extendable'], ['lock', 'lockable']]);
const ASKED_ABOUT = /\b(?:has|have|got|comes? with|(?:is|are) (?:it|they|these|this|those|that|them|(?:any|either|all|both) (?:of )?(?:these|those|them|that)(?: ones)?))\s+(?:an? |the |any )?((?!(?:so|for|to|because|cause|and|or|if|when|like)\b)[a-z0-9-]+(?:\s+(?!(?:so|for|to|because|cause|and|or|if|when|like)\b)[a-z0-9-]+)?)/;

// ("which of these ships fastest", "which one weighs less": a verb in -s after it asks the same of each.)
const WHICH_OF_SHOWN = /^which (?:ones?|of (?:these|them|those|em|the ones)) ([a-z]+)\b(.*)$/;
/** Verbs a question about the shown list asks with, whatever the word list tags them ("which ones come with"). */
const WHICH_VERBS = new Set(['is', 'are', 'has', 'have', 'does', 'do', 'can', 'will', 'would', 'come', 'comes', 'hold', 'holds', 'last', 'lasts']);
/** Asking what a shown thing has or comes with: "has a case", "come with a bag", "include batteries". */
const HAVING_ASKED = /\b(?:has|have|got|comes? with|includes?|included)\b/;
/** "do any of these ...", "are any of those ...", "any of these run on batteries": a question put to the whole list ("both of those look great", with no verb of asking first, is a verdict). */
const ANY_OF_SHOWN = /^(?:(?:is|are|does|do|will|can|would) (?:any|either|all|both) (?:of )?|any (?:of )?)(?:these|those|them|em|that)(?: ones)? (?!(?:are|is) (?:for|mine)\b)[a-z]+/;

/**
 * "which of these has wifi", "which ones run on aa batteries", "which of those take a 9v": a question put to the shown
 * list, with what follows its verb and whether it asks what they have. The verb is one of a question's own or any word
 * the word list says can be a verb in -s or a plain present ("run", "take", "fit" said of these).
 */
function whichOfShown(question: string): { rest: string; having: boolean } | undefined {
  const which = WHICH_OF_SHOWN.exec(question);
  if (!which) return undefined;
  const verb = which[1]!;
  const tags = posLexicon()[verb] ?? [];
  const isVerb = WHICH_VERBS.has(verb) || (verb.length >= 3 && (/s$/.test(verb) ? tags.includes('VBZ') || verb.length >= 4 : tags.some((t) => t === 'VB' || t === 'VBP')));
  if (!isVerb) return undefined;
  return { rest: which[2] ?? '', having: HAVING_ASKED.test(`${verb}${which[2] ?? ''}`) };
}
/** What may follow "neither" when it refuses the items just named: "neither is for me", "neither works", "neither really". */
const NEITHER_ENDS = new Set(['is', 'are', 'for', 'me', 'us', 'works', 'work', 'does', 'do', 'it', 'really', 'tbh', 'sorry', 'lol', 'of', 'them', 'those', 'one', 'my', 'thing', 'style']);
const REFUSAL_FILLERS = new Set(['hard', 'ill', 'i', 'no', 'thanks', 'thx', 'ty', 'them', 'those', 'both', 'on', 'lol', 'tbh']);

/** What a refusal with no thing named refuses: the kind the message just named. */
const REFUSED_PRONOUNS = new Set(['it', 'them', 'those', 'that', 'these', 'this']);
/** Words that stand for the one item just named ("any others like it", "more like that one", "anything similar to those"). */
const SHOWN_ONE = new Set(['it', 'that', 'this', 'one', 'those', 'these', 'them', 'ones']);

/** The share of a kind's items whose titles say a word for the word to describe that kind below the one read (0.5 read 4 development rows fewer, 0.25 two more but 5 lost for 7 gained). */
const TITLED_BELOW_SHARE = 0.34;
/** ... and the most of another kind's items there that may say it. */
const TITLED_ELSEWHERE = 0.25;
/** Below this confidence a steer on two things named ("A and B") is checked against each read alone. */
const LIST_RECHECK = 0.6;
/** At most this many words in each of the two things named, none about the one who writes. */
const LIST_ITEM_WORDS = 5;
const PERSONAL = new Set(['i', 'we', 'me', 'my', 'our', 'im', 'ive']);

/** A clause after the first that asks for something: "..., just need a bag", "... but i want one that floats". */
// ("i have an airbrush already but my little compressor died": a thing of one's own gone broken asks for another;
// "i have my pipes now i need a bag": run on into what is needed without a comma.)
const LATER_REQUEST = new RegExp(String.raw`(?:[,;.!?]|\bbut)\s+(?:(?:\S+\s+){0,3}?(?:needs?|wants?|looking for|show me|id like|i would like)|nothing (?:to|for)\s|no way to\s|(?:my|our)\s+(?:\S+\s+){1,3}?(?:died|broke|busted|quit|cracked|snapped|is dead|is toast|is shot|gave out|wore out|stopped working|fell apart))\b|\s(?:and\s+now|and|now|so)\s+${SAYS_A_NEED}`);

/** Words that end the noun phrase of a request: its head is the last product word before them. */
/** How far down a clause's kinds one beside a kind turned away is looked for. */
const TURNED_AWAY_LOOKAHEAD = 8;
const HEAD_ENDS = new Set(['for', 'to', 'with', 'that', 'which', 'near', 'in', 'on', 'of', 'from', 'at', 'by', 'so', 'when', 'while', 'who']);

/**
 * The noun phrase of the request, ending at its head: "ear plugs" in "ear plugs", "first aid kit" in "a first aid kit
 * for the lab", "camera" in "a camera that sees heat" (the content words just before the head, with no other word
 * between them).
 */
function nounPhrase(words: readonly string[], content: readonly string[]): { phrase: string[]; start: number; end: number } {
  const found = headedPhrase(words, content);
  // "a box of bandaids", "a pack of aa batteries", "a pair of gloves": what comes in it is the thing asked for.
  if (found.end >= 0 && words[found.end + 1] === 'of' && QUANTITY_NOUNS.has(words[found.end]!)) {
    const offset = found.end + 2;
    const after = headedPhrase(words.slice(offset), content);
    if (after.end >= 0) return { phrase: after.phrase, start: after.start + offset, end: after.end + offset };
  }
  return found;
}

/** Nouns that say how much of a thing or what it comes in: "a box of", "a pair of". */
const QUANTITY_NOUNS = new Set(['box', 'boxes', 'pack', 'packs', 'package', 'bag', 'bags', 'bottle', 'bottles', 'set', 'sets', 'pair', 'pairs', 'roll', 'rolls', 'tube', 'tubes', 'jar', 'jars', 'can', 'cans', 'carton', 'case', 'bunch', 'couple', 'dozen', 'handful', 'kit', 'refill', 'refills', 'sheet', 'sheets', 'piece', 'pieces']);

function headedPhrase(words: readonly string[], content: readonly string[]): { phrase: string[]; start: number; end: number } {
  // It ends at a preposition, a number or a size ("goalie gloves size 9", "kayak paddle 230 cm").
  // So does a clause of its own about it: "a snake i can feed down the tub drain", "a rod we can take on the plane".
  // And a verb of the senses before "like": "tap water tastes like a swimming pool" says how the water is.
  // ("nunchucks made of foam": what it is made of.)
  const end = words.findIndex((w, i) => i > 0 && (HEAD_ENDS.has(w) || TAIL_STARTS.has(w) || /^\d/.test(w) || (w === 'made' && MADE_OF.has(words[i + 1] ?? '')) || (SENSE_VERBS.has(w) && words[i + 1] === 'like') || (RELATIVE_SUBJECTS.has(w) && MODALS.has(words[i + 1] ?? ''))) && words.slice(0, i).some((x) => content.includes(x)));
  const before = end < 0 ? words : words.slice(0, end);
  let at = before.length - 1;
  while (at >= 0 && !content.includes(before[at]!)) at--;
  if (at < 0) return { phrase: content.length ? [content.at(-1)!] : [], start: -1, end: -1 };
  let start = at;
  while (start > 0 && content.includes(before[start - 1]!)) start--;
  // After a preposition an -ing word is a verb taking the phrase as its object ("for cleaning glassware").
  if (start > 0 && start < at && HEAD_ENDS.has(before[start - 1]!) && before[start]!.endsWith('ing')) start++;
  return { phrase: before.slice(start, at + 1), start, end: at };
}

/**
 * How the clause asks for the thing its noun phrase names, when it does, with at most a short tail saying which one:
 * "i need a kayak", "do you carry wetsuits for cold water", "surfboard around 8 ft". Before the phrase only request
 * words ("we have mice in the garage" says what is there; "something to spray water" asks for what sprays, not for
 * water); after it nothing, or up to five words that start with a preposition, "that", a number or a size and hold
 * no verb ("the water pressure in my shower is pathetic" is a sentence). `counted`: the thing is asked for as a
 * countable one ("a kayak", "kayaks"), not as a material or a kind said on its own ("i want charcoal").
 */
function requestForPhrase(words: readonly string[], content: readonly string[], start: number, end: number, tags: Record<string, string[] | undefined>, namesKinds: (word: string) => boolean): { counted: boolean; purposeTail?: boolean } | undefined {
  if (start < 0) return undefined;
  // "hes getting wobbly" is a sentence about someone, not the name of a thing.
  if (words.slice(0, end + 1).some((w) => SUBJECT_PRONOUNS.has(w))) return undefined;
  const before = words.slice(0, start);
  // ("a box of bandaids": the quantity and its "of" lead to the thing, as "a" does.)
  if (before.some((w, i) => !REQUEST_LEADS.has(w) && !(QUANTITY_NOUNS.has(w) && before[i + 1] === 'of') && !(w === 'of' && QUANTITY_NOUNS.has(before[i - 1] ?? '')))) return undefined;
  // "have", "got", "carry" ask only of the shop: "do you have", "got any", not "we have".
  if (before.some((w) => ASKED_OF_THE_SHOP.has(w)) && !before.includes('you') && !before.includes('any') && !before.includes('u')) return undefined;
  const head = words[end]!;
  const headTag = tags[head]?.[0];
  // After an article the word is a noun, whatever else the lexicon says it can be ("a cain for my dad").
  const determined = start === end && ['a', 'an', 'the', 'some', 'any'].includes(before.at(-1) ?? '');
  // (So is a word that can be a noun and that the catalog's category names end on, "a field hockey stick": Hockey
  // Sticks name things by it.)
  if (headTag !== undefined && !headTag.startsWith('NN') && !determined && !namesKinds(head)) return undefined;
  const tail = words.slice(end + 1);
  if (tail.length > 0) {
    const next = tail[0]!;
    const opens = HEAD_ENDS.has(next) || TAIL_STARTS.has(next) || /^\d/.test(next) || tags[next]?.[0] === 'IN' || tags[next]?.[0] === 'WDT';
    // A relative clause says which one ("a diaper pail that keeps the smell in"); a verb elsewhere makes a sentence.
    const relative = next === 'that' || next === 'which';
    // (After "my", "the" and such a word is a noun: "electric scooter for my commute".)
    // (So is a word after an adjective: "a headlamp for early starts".)
    // ("looking for a drone to get aerial shots of the site": what the thing named is for, said after it.)
    // ("meat grinder so i can make my own burger blend": "so" and someone who can do something says the same.)
    const purpose = ((next === 'to' && (tags[tail[1] ?? '']?.[0] ?? '') === 'VB') || (next === 'so' && PURPOSE_DOERS.has(tail[1] ?? '') && PURPOSE_MODALS.has(tail[2] ?? ''))) && tail.length <= 9;
    if (purpose) return { counted: ['a', 'an', 'another'].includes(before.at(-1) ?? ''), purposeTail: true };
    const verb = !relative && tail.some((w, i) => (/^(?:VB[DPZ]?|MD)$/.test(tags[w]?.[0] ?? '') && !NOUN_LEADS.has(tail[i - 1] ?? '') && !(tags[tail[i - 1] ?? '']?.[0] ?? '').startsWith('JJ')) || w === 'is' || w === 'are');
    if (!opens || verb || tail.length > (relative ? 8 : 5)) return undefined;
  }
  // Asked of the shop outright ("do you have formula", "do you sell kayaks"), a thing is asked for as one too.
  const ofTheShop = before.includes('you') && before.some((w) => ASKED_OF_THE_SHOP.has(w) || w === 'sell' || w === 'stock');
  const counted = ofTheShop || ['a', 'an', 'another'].includes(before.at(-1) ?? '') || (/[^s]s$/.test(head) && content.includes(head));
  return { counted };
}

/** Days said alone as times ("today", "tonight"): no name of a thing. */
const DAYS_SAID = new Set(['today', 'tonight', 'tomorrow', 'tmrw', 'yesterday', 'rn', 'atm']);

/** Who may do, and how, what a thing is for, after "so": "so i can", "so we could", "so it wont". */
const PURPOSE_DOERS = new Set(['i', 'we', 'you', 'u', 'he', 'she', 'they', 'it']);
const PURPOSE_MODALS = new Set(['can', 'could', 'will', 'would', 'dont', 'wont', 'cant', 'doesnt', 'stay', 'stays', 'keep', 'keeps']);

/** Words after which a word is a noun, whatever else the lexicon says it can be ("my commute", "the drive"). */
const NOUN_LEADS = new Set(['my', 'your', 'his', 'her', 'our', 'their', 'the', 'a', 'an', 'this', 'that', 'these', 'those']);

/** Of two readings of one message, the one whose last steer is surer (the first on a tie or with no steer in either). */
function surerSteer<R extends { clauses: ClauseIntent[] }>(first: R, second: R): R {
  const sureness = (r: R) => r.clauses.filter((c): c is Extract<ClauseIntent, { kind: 'steer' }> => c.kind === 'steer').at(-1)?.confidence ?? -1;
  return sureness(second) > sureness(first) ? second : first;
}

/** The last clause read that names a kind: a steer, an exclusion or a kind one owns. */
function lastKindSaid(said: readonly ClauseIntent[]): Extract<ClauseIntent, { kind: 'steer' | 'exclude' | 'ownKind' }> | undefined {
  return [...said].reverse().find((c): c is Extract<ClauseIntent, { kind: 'steer' | 'exclude' | 'ownKind' }> => c.kind === 'steer' || c.kind === 'exclude' || c.kind === 'ownKind');
}

/** Words that ask for another kind than the one named before ("the rubber kind instead", "a different type"). */
const OTHER_KIND = new Set(['instead', 'different', 'another', 'other']);

/** Words standing in for a kind described by the word before them ("the lever kind", "the zip up type"). */
const KIND_STAND_INS = new Set(['kind', 'type', 'style', 'sort']);

/** Words that may come before the thing asked for: request verbs, articles, politeness. */
const REQUEST_LEADS = new Set([
  'i', 'we', 'im', 'id', 'ill', 'need', 'needs', 'want', 'wanna', 'looking', 'look', 'for', 'do', 'does', 'you', 'u', 'guys', 'carry', 'sell', 'stock',
  'have', 'got', 'get', 'any', 'a', 'an', 'another', 'the', 'some', 'me', 'show', 'find', 'buy', 'please', 'pls', 'can', 'could', 'would', 'like',
  'searching', 'after', 'hey', 'hi', 'ok', 'okay', 'so', 'now', 'also', 'just', 'and', 'yo', 'new', 'to',
  // "whats a good tv for the kitchen", "what's the best kettle": asking for a recommendation of a thing.
  'whats', 'good', 'best', 'decent', 'recommend',
]);
/** Verbs that ask the shop only with "you" or "any" before them (clauses.ts's OWNING is saying what one has). */
const ASKED_OF_THE_SHOP = new Set(['have', 'got', 'carry']);

/** Verbs of how something seems ("tastes like", "smells like"): before "like", never the head of a thing's name. */
const SENSE_VERBS = new Set(['tastes', 'smells', 'looks', 'feels', 'sounds', 'seems', 'tasted', 'smelled', 'looked', 'felt', 'sounded', 'seemed']);

/** When, not what: "last spring", "this weekend", "every night". */
/** Words that open what happens around a need ("after running the planer", "while im at work", "before i paint"). */
const CIRCUMSTANCE_LEADS = new Set(['while', 'when', 'whenever', 'after', 'before', 'until', 'till', 'during']);

/**
 * "my ears are ringing after running the planer", "somewhere to put my feet up while watching tv", "something for fine
 * sanding before stain": what follows a word of time is the circumstance of the need, not the thing asked for (no
 * Thickness Planers, TV Stands or Wood Stains). The clause is read up to it when something is said before it; the
 * whole clause is still read as a situation.
 */
function circumstanceCut(read: readonly string[], known: UnderstandingWords, catalogWord: (w: string) => boolean): readonly string[] {
  const at = read.findIndex((w, i) => i > 0 && i < read.length - 1 && CIRCUMSTANCE_LEADS.has(w) && !(w === 'after' && SEEKING_BEFORE_AFTER.has(read[i - 1]!)) && contentWords(read.slice(0, i), known).some(catalogWord));
  if (at < 0) return read;
  // ("my legs are so tight after runs i need something to roll them out on": the circumstance ends where a request starts.)
  const resumes = read.findIndex((w, i) => i > at && REQUEST_STARTS.has(w));
  return resumes < 0 ? read.slice(0, at) : [...read.slice(0, at), ...read.slice(resumes)];
}

/** "im really after a full set": after what is sought, not after a time. */
const SEEKING_BEFORE_AFTER = new Set(['im', 'am', 'are', 'were', 'is', 'really', 'just', 'what', 'mainly', 'mostly', 'only', 'actually']);
/** Words with which a request starts again after a circumstance. */
const REQUEST_STARTS = new Set(['need', 'needs', 'want', 'wants', 'wanna', 'looking', 'gotta', 'prefer']);

const TIME_LEADS = new Set(['last', 'next', 'this', 'every', 'each', 'all', 'that']);

/** A subject and a modal after a thing named start a clause about it ("a snake i can feed ...", "one we could ..."). */
const RELATIVE_SUBJECTS = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'my', 'our']);
const MODALS = new Set(['can', 'could', 'will', 'would', 'might', 'should', 'cn', 'cant', 'wont', 'couldnt']);

/** After "made", what a thing is made of: "made of foam", "made from bamboo", "made out of steel". */
const MADE_OF = new Set(['of', 'from', 'out', 'with', 'in']);
/** Words that start a tail saying which one of the thing named ("size 10", "around 8 ft", "under 30 dollars"). */
const TAIL_STARTS = new Set(['size', 'sized', 'around', 'about', 'under', 'over', 'below', 'above', 'like', 'in', 'x']);

/** Words before a verb ("to roll", "that bounces", "can carry") and after one ("carry him", "mow it", "print a ton"). */
const VERB_BEFORE = new Set(['to', 'that', 'which', 'who', 'can', 'could', 'will', 'would', 'i', 'we', 'you', 'it', 'she', 'he', 'they', 'lets', 'cant', 'wont', 'dont']);
const VERB_OBJECT = new Set(['him', 'her', 'it', 'them', 'me', 'us', 'my', 'your', 'our', 'his', 'their', 'a', 'an', 'the', 'some', 'this', 'that', 'these', 'those']);

/** Agent nouns a verb may have ("roll" roller, "carry" carrier, "bounces" bouncer, "trim" trimmer, "mow" mower). */
function agentNouns(verb: string): string[] {
  const bases = new Set([verb]);
  if (/ies$/.test(verb)) bases.add(verb.slice(0, -3) + 'y');
  else if (/(?:ch|sh|x|ss)es$/.test(verb)) bases.add(verb.slice(0, -2));
  else if (/[^s]s$/.test(verb)) bases.add(verb.slice(0, -1));
  if (/ing$/.test(verb)) bases.add(verb.slice(0, -3)).add(verb.slice(0, -3) + 'e');
  if (/ed$/.test(verb)) bases.add(verb.slice(0, -2)).add(verb.slice(0, -1));
  const out: string[] = [];
  for (const b of bases) {
    if (b.length < 3) continue;
    if (b.endsWith('e')) out.push(b + 'r');
    else if (/[^aeiou]y$/.test(b)) out.push(b.slice(0, -1) + 'ier');
    else out.push(b + 'er');
    if (/[^aeiou][aeiou][bdgmnpt]$/.test(b)) out.push(b + b.at(-1)! + 'er');
  }
  return out;
}

/** Verbs that say what something is like. */
const COPULAS = new Set(['is', 'are', 'was', 'were', 'its', 'thats', 'look', 'looks', 'seem', 'seems', 'sound', 'sounds', 'feel', 'feels']);

/** Words that ask for something in a clause ("i need", "show me", "mesh instead", "actually"). */
/** Words with which someone asks for a thing ("i need", "we want", "looking for"). */
const REQUESTING = new Set(['need', 'needs', 'want', 'wanna', 'looking']);
const ASKING = new Set(['need', 'needs', 'want', 'wanna', 'looking', 'show', 'instead', 'actually', 'prefer', 'rather', 'buy', 'find', 'get', 'gimme', 'give', 'recommend', 'suggest', 'searching', 'interested', 'switch', 'try', 'order']);

/** Words that stand for the kind just named: "a basic one", "the infant kind", "the wireless type". */
/** How many of a negated clause's best candidates are weighed for the broadest kind its one word names. */
const BROADEST_LOOKAHEAD = 6;

/** Words that open a yes-or-no question ("is the 4th one fragrance free", "does #2 come in black"). */
const YES_NO_OPENERS = new Set(['is', 'are', 'does', 'do', 'has', 'have', 'can', 'will', 'would', 'was', 'isnt', 'doesnt']);

/**
 * Pronouns (and their contractions, apostrophes dropped) that make a clause a sentence about someone. Not those that
 * spell a thing too ("shed", "shell", "well").
 */
const SUBJECT_PRONOUNS = new Set(['he', 'hes', 'she', 'shes', 'they', 'theyre', 'im', 'ive', 'youre', 'weve', 'hed', 'theyve', 'itll']);

/** What may follow "one" or "the kind" asked for to say which ("one that plugs in", "one for the car"). */
const ONE_TAILS = new Set(['that', 'which', 'for', 'with', 'without', 'to']);
const STAND_INS = new Set(['one', 'ones', 'kind', 'kinds', 'type', 'types', 'version', 'variety']);

/** Words before "one" that pick rather than describe ("which one", "the first one", "no one", "every one"). */
const NOT_DESCRIBING = new Set(['which', 'first', 'second', 'third', 'fourth', 'fifth', 'last', 'top', 'next', 'other', 'another', 'every', 'each', 'no', 'any', 'same', 'only', 'just', 'that', 'this', 'like', 'want', 'need', 'get', 'take', 'pick', 'choose', 'love', 'prefer', 'buy', 'have', 'got']);

/** "bottles are sorted", "monitors sorted", "tent is taken care of": settled, nothing asked. */
function isSettled(words: readonly string[]): boolean {
  const text = words.join(' ');
  const settled = /\b(?:sorted|covered|taken care of|handled|squared away|all set|can wait|(?<=\b(?:are|is|were|was|all) )done)\b/.exec(text);
  if (!settled) return false;
  const before = text.slice(0, settled.index).split(' ').filter(Boolean).length;
  const after = text.slice(settled.index + settled[0].length).trim();
  // What may follow: why it is settled ("bottles are sorted we have like 20 of them"), not a thing ("a covered litter box").
  return before <= 5 && (after === '' || /^(?:already|now|for now|thanks|thx|we|i|weve|ive|since|as|because|cause|cuz|got)\b/.test(after));
}

/** "<a kind> is/are/looks fine|ok|cool|nice|great|good [and all]": something granted, before what is really wanted. */
function isConcession(words: readonly string[]): boolean {
  const verb = words.findIndex((w) => w === 'is' || w === 'are' || w === 'look' || w === 'looks' || w === 'seem' || w === 'seems');
  if (verb < 1 || verb > 5) return false;
  const rest = words.slice(verb + 1).filter((w) => w !== 'pretty' && w !== 'really' && w !== 'all' && w !== 'and' && w !== 'super');
  return rest.length === 1 && GRANTED.has(rest[0]!) && !words.slice(0, verb).some((w) => w === 'it' || w === 'that' || w === 'this' || w === 'they' || w === 'these' || w === 'those');
}

/** "<a kind> is/are too <something>", "<a kind> are useless|overkill|overpriced": a kind complained of. */
function isComplaint(words: readonly string[]): boolean {
  const verb = words.findIndex((w) => w === 'is' || w === 'are' || w === 'look' || w === 'looks' || w === 'seem' || w === 'seems');
  if (verb < 1 || verb > 5) return false;
  // (Of a thing, not of someone's own: "my 5 yo is too big for his harness seat" says why.)
  if (words.slice(0, verb).some((w) => w === 'it' || w === 'that' || w === 'this' || w === 'they' || w === 'these' || w === 'those' || w === 'i' || w === 'we' || w === 'im' || w === 'my' || w === 'our' || w === 'his' || w === 'her' || w === 'their')) return false;
  const rest = words.slice(verb + 1).filter((w) => w !== 'just' && w !== 'really' && w !== 'kinda' && w !== 'way' && w !== 'so' && w !== 'pretty' && w !== 'all');
  if (rest[0] === 'too') return rest.length >= 2 && rest.length <= 6;
  // ("the plastic plants look so fake": a word of poor valence, as AFINN has it, complains too.)
  return rest.length >= 1 && rest.length <= 3 && (COMPLAINTS.has(rest[0]!) || valence([rest[0]!]) < 0);
}

/** Someone one shops for, and what they have: "she has", "my son already has", "my wife got". */
const OTHERS_HAVE = /^(?:he|she|they|(?:my|our)\s+(?:(?:little|older|younger|oldest|youngest|big)\s+)?(?:son|sons|daughter|daughters|kid|kids|boy|girl|wife|husband|partner|boyfriend|girlfriend|dad|mom|mum|father|mother|brother|sister|grandson|granddaughter|friend|buddy|roommate))\s+(?:(already|also|just|recently)\s+)?(has|have|owns|own|got|bought)\b/;
const OWN_VERB: Record<string, string> = { has: 'have', owns: 'own' };

/** Who has a thing, said or not, and the verbs of having it ("we", "ive"; "got", "picked up"). */
/** "we already got a ring doorbell", "just got a new king bed", "already bought the purifier": had already (what follows). */
const HAD_ALREADY = new RegExp(String.raw`${HAVER}(?:already|just)\s+(?:${HAVING_VERBS})\s+(.+)$`);
/** "got a halligan" before a clause that says what is needed "now": had, with no "already" said (nor "own"). */
const GOT_BEFORE_NOW = new RegExp(String.raw`${HAVER}(?:finally\s+)?(?:${HAVING_VERBS.replace('own|', '')})\s+(.+)$`);
/** "got the bow already", "i have a tent already": the same, "already" said last. */
const HAD_ALREADY_LAST = new RegExp(String.raw`${HAVER}(?:${HAVING_VERBS})\s+(.+?)\s+already$`);
/** "bought mealworms last week already", "got the katapult ones already": had (what follows the verb), said before "already". */
const HAD_BEFORE = new RegExp(String.raw`${HAVER}(?:${HAVING_VERBS.replace('|picked up', '')})\s+(.+?)\s+(?:(?:last|a|this)\s+\w+\s+(?:ago\s+)?)?already\b`);
/** The list told to lose what was named: "take it off", "drop those", "remove them". */
const TAKE_OFF = /\b(?:(?:take|get)\s+(?:it|that|them|those|em|these)\s+off|(?:drop|remove|nix|ditch)\s+(?:it|that|them|those|em|these))\b/;

/**
 * The one shown item whose title and brand hold the most of these words (of four letters or more, each said by no
 * other shown item's title), or none when no such word is said or two items tie.
 */
function pickedByWords(words: readonly string[], shown: readonly ShownItem[]): number[] | undefined {
  const said = new Set(words.filter((w) => w.length >= 4 && !isStopword(w)).flatMap((w) => [w, singular(w)]));
  const own = shown.map((s) => new Set(tokens(`${s.brand ?? ''} ${s.title}`).flatMap((w) => [w, singular(w)])));
  const counts = own.map((set, k) => [...said].filter((w) => set.has(w) && own.every((other, j) => j === k || !other.has(w))).length);
  const best = Math.max(0, ...counts);
  return best > 0 && counts.filter((c) => c === best).length === 1 ? [shown[counts.indexOf(best)]!.rank] : undefined;
}

/** Laughs that open a message of chat ("lol", "haha", "lmao"), or end one. */
const LAUGHS = new Set(['lol', 'lmao', 'haha', 'hahaha', 'hehe', 'rofl', 'lolol']);
const TRAILING_LAUGHS = new RegExp(`(?:[\\s,.!]+(?:${[...LAUGHS].join('|')}))+[\\s.!]*$`, 'i');

/** Nouns for a person who likes the kind of thing named before them ("a messenger guy", "more of a boots person"). */
const FANCIERS = new Set(['guy', 'gal', 'person']);

/** Ways a thing keeps failing, said after "keeps" or "is" ("keeps tearing", "is shedding"). */
const FAILING = new Set(['tipping', 'tearing', 'ripping', 'breaking', 'snapping', 'cracking', 'kinking', 'jamming', 'clogging', 'leaking', 'slipping', 'fogging', 'rusting', 'shedding', 'failing', 'sagging', 'tangling', 'fraying', 'peeling', 'chipping', 'warping', 'bending', 'melting', 'wobbling', 'squeaking', 'fading', 'pilling']);
const KEEPS = new Set(['keeps', 'keep', 'kept', 'always', 'constantly', 'still']);

/**
 * "parchment keeps tearing on me", "my old wire brush is shedding": a thing that keeps failing, one's own or not. Turned
 * away from only where what follows asks for another kind ("id rather", "instead"): "the laces keep snapping, need new
 * ones" wants the same again.
 */
/** "tried kinesiology tape and it was useless", "had a duffle and hated carrying it": a kind had or tried, then found wanting. */
function triedAndFailed(words: readonly string[]): boolean {
  const joined = words.findIndex((w) => w === 'and' || w === 'but');
  if (!TRIED.has(words[0] === 'i' || words[0] === 'we' ? words[1] ?? '' : words[0]!) || joined < 2) return false;
  const after = words.slice(joined + 1);
  return after.some((w) => w === 'hated' || COMPLAINTS.has(w)) || valence(after) < 0;
}
const TRIED = new Set(['tried', 'had', 'used']);
/** Words that ask for the same kind again: "need new ones", "another one", "a replacement". */
const AGAIN = new Set(['new', 'another', 'replacement', 'replacements', 'spare', 'fresh', 'more', 'same']);

function keepsFailing(words: readonly string[]): boolean {
  return words.some((w, i) => FAILING.has(w) && (KEEPS.has(words[i - 1] ?? '') || words[i - 1] === 'is' || words[i - 1] === 'are'));
}
/** Words of a later clause that ask for another kind than the one before ("id rather", "instead", "upgrade to"). */
const TURNING = new Set(['rather', 'instead', 'different', 'switch', 'switching', 'upgrade', 'alternative']);

const COMPLAINTS = new Set(['useless', 'overkill', 'overpriced', 'pricey', 'ugly', 'boring', 'meh', 'flimsy', 'tacky', 'bulky', 'junk', 'garbage', 'trash', 'awful', 'terrible', 'annoying', 'pointless', 'worthless', 'lame']);

const GRANTED = new Set(['fine', 'ok', 'okay', 'alright', 'cool', 'nice', 'great', 'good', 'lovely', 'cute', 'decent', 'tempting', 'covered', 'sorted', 'handled', 'set']);

/**
 * One reference for the items a message names with the same action in a row ("nah not 2 or 4", "not the first, not
 * the third"): the list split at "or" or a comma is still one choice.
 */
function mergeReferences(clauses: ClauseIntent[]): void {
  for (let i = clauses.length - 1; i > 0; i--) {
    const [a, b] = [clauses[i - 1]!, clauses[i]!];
    if (a.kind === 'refer' && b.kind === 'refer' && a.action === b.action) {
      clauses[i - 1] = { ...a, ranks: [...new Set([...a.ranks, ...b.ranks])], evidence: `${a.evidence}, ${b.evidence}` };
      clauses.splice(i, 1);
    } else if (a.kind === 'refer' && b.kind === 'refer' && a.action === 'like' && b.action === 'moreLike' && a.ranks.join() === b.ranks.join()) {
      // "the stokke chair, got any more like that?": more like it, not a like and then more.
      clauses.splice(i - 1, 1);
    }
  }
}

/** Interprets one message with an understanding built for the catalog (keep one per catalog: building it is the cost). */
export async function interpretMessage(text: string, context: InterpretContext, understanding: MessageUnderstanding): Promise<Interpretation> {
  return understanding.interpret(text, context);
}

/** What a candidate sharing the parent of a kind turned away from gains in score (log-odds; half for the grandparent). */
const NEIGHBOUR_BONUS = 2;

/**
 * "forget toasters, i want something that can do a whole frozen pizza too", "no pitchers please, i want something
 * that gets installed under the kitchen sink", "laptop sleeves are nice but i need something with straps": what is
 * asked for after turning a kind down is most often its neighbour in the catalog (Toaster Ovens, Under-Sink Water
 * Filters, Laptop Backpacks). Candidates sharing that kind's parent (or, less, its grandparent below the department)
 * gain in score. Not when the request names a category, a brand or a thing the catalog lacks.
 */
function preferNeighbours(match: ClauseMatch, turnedFrom: readonly string[], tree: CategoryTree): void {
  if (turnedFrom.length === 0 || match.branded || match.unsaid !== undefined || match.candidates.length < 2) return;
  const levels = turnedFrom.map((p) => p.split(' - '));
  const kinship = (path: string) => {
    const own = path.split(' - ');
    let best = 0;
    for (const from of levels) {
      let common = 0;
      while (common < Math.min(own.length, from.length) && own[common] === from[common]) common++;
      if (common === from.length) continue;
      if (common >= from.length - 1 && common >= 2) best = Math.max(best, 1);
      else if (common >= from.length - 2 && common >= 2) best = Math.max(best, 0.5);
    }
    return best;
  };
  // A kind named by its bare noun ("i dont need a whole dining set, just chairs") is that kind among the neighbours of
  // what was turned down (Dining Chairs), when one of the next few is named by the same noun.
  if (match.named) {
    const head = (c: Candidate) => tokens(tree.nodes[c.node]!.name).at(-1);
    const best = match.candidates[0]!;
    // (Only for a name that is the bare noun itself, "Chairs": "Lip Balms" named outright stays.)
    if (kinship(tree.nodes[best.node]!.path) > 0 || tokens(tree.nodes[best.node]!.name).length > 1) return;
    const kinOne = match.candidates.slice(1, NAMED_KIN_LOOKAHEAD).findIndex((c) => head(c) === head(best) && kinship(tree.nodes[c.node]!.path) > 0);
    if (kinOne >= 0) moveToFront(match.candidates, kinOne + 1);
    return;
  }
  // The first candidate keeps its place (rules before may have put it there) unless a nearer neighbour outscores it.
  const kin = match.candidates.map((c) => kinship(tree.nodes[c.node]!.path));
  let best = 0;
  for (const [i, c] of match.candidates.entries()) {
    c.score += NEIGHBOUR_BONUS * kin[i]!;
    if (kin[i]! > kin[0]! && c.score > match.candidates[best]!.score) best = i;
  }
  moveToFront(match.candidates, best);
}

/** Words by which a request points back at a thing said before it: "bits for it", "somewhere to hang mine". */
const REFERRING_BACK = new Set(['it', 'mine', 'them']);
/** Of the best candidates, how many are looked at for one that goes with what "it" points at, and how far behind. */
const GOING_WITH_LOOKAHEAD = 6;
const GOING_WITH_MARGIN = 3;

/**
 * "the stainless one with the heat shield": a value (material, colour) the title of the item a clause names by its
 * words already has is part of that name, not a change asked of the item.
 */
function namesTheItem(attribute: { value?: string; direction?: unknown }, reference: Reference | undefined, shown: readonly ShownItem[]): boolean {
  if (attribute.value === undefined || attribute.direction !== undefined || reference?.by !== 'name') return false;
  const titles = shown.filter((s) => reference.ranks.includes(s.rank)).map((s) => new Set(tokens(s.title)));
  return titles.length > 0 && titles.every((t) => tokens(attribute.value!).every((v) => t.has(v)));
}

/** How far behind the best a candidate named by the request's head may be and still come first ("for" follows it). */
const HEAD_FOR_MARGIN = 1.5;
/** Words after a request's noun phrase that go on to say what the thing is for or does ("for", "that", "which", "to"). */
const HEAD_TAILS = new Set(['for', 'that', 'which', 'thats', 'to']);

/**
 * "liquid dip cleaner for gold and diamond rings": what comes after "for" is what the thing is for, so of the best few
 * a category whose name holds the head of the request (Jewelry Cleaners) comes before one named by what it is for
 * (Engagement Rings), when close behind it.
 */
function preferNamedHead(match: ClauseMatch): void {
  const best = match.candidates[0];
  if (!best || best.features[FEATURE_INDEX.headCover] === 1 || match.branded) return;
  const at = match.candidates.slice(1, 3).findIndex((c) => c.features[FEATURE_INDEX.headCover] === 1 && c.features[FEATURE_INDEX.nameCover]! > 0 && best.score - c.score < HEAD_FOR_MARGIN);
  if (at >= 0) moveToFront(match.candidates, at + 1);
}

/**
 * Everything at once ("everything to get started", "all the protective stuff in one go", "a full set"): the kind sold
 * as a kit, set or bundle nearest the best reading (under it, else under its parent, its grandparent...), the starter
 * or beginner one of those when the message says it is starting out; of several, the one the evidence ranks highest.
 */
function preferBundle(match: ClauseMatch, message: string, tree: CategoryTree): void {
  const best = match.candidates[0];
  if (best === undefined || match.branded || !BUNDLE_CUES.test(message)) return;
  const name = (n: number) => tokens(tree.nodes[n]!.name);
  const bundle = (n: number) => BUNDLE_NOUNS.has(singular(name(n).at(-1) ?? ''));
  const starting = STARTING_OUT.test(message);
  const starter = (n: number) => name(n).some((w) => STARTER_NAMES.has(w));
  if (bundle(best.node) && (!starting || starter(best.node))) return;
  // The bundles nearest the best reading: under it (a group of kinds), else under its parent, its grandparent...,
  // below the catalog's root.
  const first = tree.nodes[best.node]!.children.length > 0 ? best.node : tree.nodes[best.node]!.parent;
  for (let at = first; at !== undefined && tree.nodes[at]!.levels.length >= 2; at = tree.nodes[at]!.parent) {
    // (Bundles of one kind over a group of them: Sparring Gear Sets over the Gear Bundles they are in.)
    const all = tree.descendants(at).filter(bundle);
    if (all.length === 0) continue;
    const bundles = all.some((n) => tree.nodes[n]!.children.length === 0) ? all.filter((n) => tree.nodes[n]!.children.length === 0) : all;
    const fitting = starting && bundles.some(starter) ? bundles.filter(starter) : bundles;
    // (The one the evidence ranks highest, of those.)
    const rank = (n: number) => {
      const i = match.candidates.findIndex((c) => c.node === n);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const chosen = fitting.reduce((a, b) => (rank(b) < rank(a) ? b : a));
    if (chosen === best.node) return;
    const i = match.candidates.findIndex((c) => c.node === chosen);
    if (i > 0) moveToFront(match.candidates, i);
    else match.candidates.unshift({ ...best, node: chosen });
    return;
  }
}

/** A message asking for everything at once. */
const BUNDLE_CUES = /\b(?:everything (?:in (?:one|a|the) (?:box|package|kit|set)|to (?:get )?start(?:ed)?|i need to (?:get )?start(?:ed)?|you need)|in one (?:box|go|package|kit|shot)|all in one|(?:a )?(?:full|complete|whole) set|all the (?:[a-z]+ )?(?:stuff|gear|things|equipment|basics|pieces)|(?:have|has|got) (?:literally |absolutely )?nothing(?! to))\b/;
/** Names of things sold together. */
const BUNDLE_NOUNS = new Set(['kit', 'set', 'bundle', 'package', 'combo', 'pack']);
/** Starting out: a beginner's bundle over another. */
const STARTING_OUT = /\b(?:start|started|starting|beginner|beginners|new to|first|never|nothing|newbie|noob)\b/;
const STARTER_NAMES = new Set(['starter', 'beginner', 'beginners', 'complete', 'basic', 'essentials', 'first', 'learn']);

/** A child the thing is for: "for my 5 yr old", "my son", "she's 6" (with a child word), "the kids". */
const FOR_A_CHILD = /\b(?:kids?|kiddos?|child|children|childs|toddlers?|son|sons|daughters?|boy|girls?|grandkids?|grandsons?|granddaughters?|nephews?|niece|nieces|(?:[1-9]|1[0-2]) ?(?:yo|y\/o|yrs?|years?)(?: old)?)\b/;
/** Of the best candidates, how many are looked at for the children's kind of the best one. */
const CHILD_LOOKAHEAD = 6;

/**
 * "bycicle helmit for my 5 yr old", "she needs a helmet for her new bike" (of a 4 yo): where the best category has a
 * children's kind among the next best, headed by the same word ("Kids' Helmets" beside "Road Helmets"), the child the
 * message names asks for it.
 */
function preferForAChild(match: ClauseMatch, message: string, tree: CategoryTree): void {
  const best = match.candidates[0];
  if (!best || match.branded || !FOR_A_CHILD.test(message)) return;
  const name = (c: Candidate) => tokens(tree.nodes[c.node]!.name);
  // (Already a children's kind, by its name or a parent's: Kids' Bikes - Balance Bikes.)
  if (CHILD_NAMES.test(tokens(tree.nodes[best.node]!.path).join(' '))) return;
  const head = name(best).at(-1);
  const kid = match.candidates.slice(1, CHILD_LOOKAHEAD).findIndex((c) => CHILD_NAMES.test(name(c).join(' ')) && name(c).at(-1) === head);
  if (kid >= 0) moveToFront(match.candidates, kid + 1);
}

/** Of the best candidates, how many may be the same kind in the quality the clause describes. */
const QUALITY_LOOKAHEAD = 5;
/** How much less sure of a candidate of the quality said than of the best one the evidence may be. */
const QUALITY_MARGIN = 3;

/** Of the candidates after a named one, how many may be the same kind among the neighbours of what was turned down. */
const NAMED_KIN_LOOKAHEAD = 6;

/** Of the candidates looked at for an exclusion, how many may be the one in force. */
const IN_FORCE_LOOKAHEAD = 5;

/**
 * An exclusion said while a critique is in force names what is being looked at. "no more signs" on Safety Signs &
 * Signals leaves out its Signs; "no magnets please" on Industrial Magnets - Rare Earth Magnets leaves out Industrial
 * Magnets, not Science Education - Magnets. So when one of the best few candidates whose own name says every word of
 * the request is the critique in force, inside it or above it, that kind comes first: one named exactly by the
 * request, otherwise the broadest.
 */
function preferInForce(match: ClauseMatch, currentPath: string, tree: CategoryTree): void {
  const depth = (c: Candidate) => tree.nodes[c.node]!.levels.length;
  const related = (c: Candidate) => {
    const path = tree.nodes[c.node]!.path;
    const sameTree = currentPath === path || currentPath.startsWith(path + ' - ') || path.startsWith(currentPath + ' - ');
    return c.features[FEATURE_INDEX.nameCover]! === 1 && sameTree;
  };
  if (!match.candidates.slice(0, IN_FORCE_LOOKAHEAD).some(related)) return;
  const exact = (c: Candidate) => c.features[FEATURE_INDEX.nameFull]! === 1;
  let index = -1;
  for (let i = 0; i < match.candidates.length; i++) {
    const c = match.candidates[i]!;
    if (!related(c)) continue;
    const b = match.candidates[index];
    if (!b || (exact(c) && !exact(b)) || (exact(c) === exact(b) && depth(c) < depth(b))) index = i;
  }
  moveToFront(match.candidates, index);
}
