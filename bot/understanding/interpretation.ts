/**
 * The contract between understanding (free text -> what the person asked for, clause by clause) and the conversation
 * engine (acting on it). `interpretMessage` in this folder produces an Interpretation; `bot/engine.ts` acts on it.
 * Understanding never touches user state; the engine never parses text.
 */

/** An item on the list the person is looking at, so "the second one", "#3" or "the mitutoyo" can be resolved. */
export interface ShownItem {
  /** 1-based position on the shown list. */
  rank: number;
  /** Catalog index. */
  index: number;
  title: string;
  brand?: string;
  categories: readonly string[];
  price?: number;
}

export interface InterpretContext {
  /** The list on screen (empty when none). */
  shown: readonly ShownItem[];
  /** The positive critique in force (a category path as the catalog writes it), if any. */
  currentPath?: string;
  /** Categories the bot offered when it asked back: a bare number or a choice's name picks one. */
  pendingChoices?: readonly string[];
}

/** A category of the catalog's tree with the understanding's calibrated confidence (0..1) that it is meant. */
export interface CategoryCandidate {
  path: string;
  /** The node's own name (the path's last level). */
  node: string;
  confidence: number;
}

export type Attribute = 'price' | 'size' | 'colour' | 'material' | 'other';

/** One thing a clause asks for. A message gives one or more, in the order they were said. */
export type ClauseIntent =
  /** Only when the whole message is a greeting ("hi", "hello there"), never "hi-vis vests". */
  | { kind: 'greeting' }
  | { kind: 'help' }
  /** Small talk or off-topic text ("what's the weather"): a short answer and the help, no category questions. */
  | { kind: 'smallTalk' }
  | { kind: 'recommend' }
  | { kind: 'more' }
  /** Move from the positive critique in force, never from an exclusion. */
  | { kind: 'broader' }
  | { kind: 'narrower' }
  | { kind: 'history' }
  | { kind: 'why' }
  | { kind: 'reset' }
  | { kind: 'forgetMe' }
  | { kind: 'export' }
  /** Steer toward a category ("staples instead", "I need pipette tips"). */
  | { kind: 'steer'; path: string; confidence: number; alternatives: CategoryCandidate[]; evidence: string }
  /** Exclude a category ("no more gloves"); negation scoped to its own clause. */
  | { kind: 'exclude'; path: string; confidence: number; evidence: string }
  /** Unsure between categories: ask back with these. */
  | { kind: 'ask'; choices: CategoryCandidate[]; evidence: string }
  /** Nothing in the catalog is close ("goggles" in a catalog without them): say so, offer the nearest. */
  | { kind: 'notInCatalog'; query: string; nearest: CategoryCandidate[] }
  /** Items on the shown list, by number, ordinal, brand or part of the title. */
  | { kind: 'refer'; action: 'like' | 'dismiss' | 'moreLike' | 'remove'; ranks: number[]; evidence: string }
  /** An item of the catalog the person says they have or want, named by title (not on the shown list). */
  | { kind: 'ownItem'; itemIndex: number; evidence: string }
  /** "i have a drill": one of a kind the catalog sells, named by no title; asked which one (context beside a request). */
  | { kind: 'ownKind'; text: string }
  /**
   * Remove an item from the history ("forget the toggler anchor"). `orExclude`: the category the words name as a kind
   * ("forget the pedals"), left out instead when nothing in the history is called so.
   */
  | { kind: 'forgetItem'; text: string; orExclude?: string }
  /** Picks one of `pendingChoices` (1-based). */
  | { kind: 'choose'; choice: number }
  /**
   * A comparison or attribute ("cheaper", "bigger", "in black", "carbide only"), optionally relative to a shown item
   * (`relativeTo` rank, as in "like #2 but cheaper"). `question`: asked about a shown item ("how much is #2", "how big
   * is it": the first when none is named), answered from what the catalog records of it.
   */
  | { kind: 'attribute'; attribute: Attribute; direction?: 'less' | 'more'; value?: string; relativeTo?: number; question?: boolean; evidence: string };

export interface Interpretation {
  clauses: ClauseIntent[];
}
