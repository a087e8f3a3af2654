import type { Catalog } from '../model/catalog.js';
import { CategoryView } from './category-view.js';
import type { ConversationHandler, Reply, Turn } from './conversation-types.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, settlesWithin } from './deadline.js';
import { InFlight } from './in-flight.js';
import { safeReply, withoutDisplayControls } from './text-safety.js';
import { userIdProblem, UserIdError } from './user-id.js';
import { formatPrice, formatSize, sizeOf, sizeTextsInTitle, titleMentions } from './item-attributes.js';
import { MAX_CLAUSES_PER_MESSAGE, MESSAGE_LIMIT, messagePieces, sanitizeMessage, yieldToOtherTurns } from './message-budget.js';
import { loadTemplates, render, type Templates } from './prompts.js';
import { displayTitle, exclusionsOf, positiveCritique, RecommendationLists, upgradeState } from './recommendation-list.js';
import type { Recommender } from './recommender.js';
import { emptyState, type SessionStore, type TitleFilters, type UserState } from './session-store.js';
import { CategoryTree, loadUnderstandingWords, MessageUnderstanding, type CategoryCandidate, type ClauseIntent, type InterpretContext, type Interpretation, type ShownItem, type UnderstandingWords } from './understanding/index.js';

export { MESSAGE_LIMIT } from './message-budget.js';
export { PAGE_SIZE } from './recommendation-list.js';

export interface EngineOptions {
  recommender: Recommender;
  store: SessionStore;
  templates?: Templates;
  /**
   * Whether the bot lists the items inside the critiqued category first (default true, the shipped bot). False ranks
   * by the recommender's scores alone: the conversation experiment's "model steering only" system.
   */
  rankCritiqueFirst?: boolean;
  /** How long close() waits for turns in flight before closing the store anyway (default 10 s). */
  shutdownGraceMs?: number;
  /** Free text to requests; by default a MessageUnderstanding of the recommender's catalog (whoever passes one closes it). */
  understanding?: MessageInterpreter;
}

/** What the engine needs of understanding (bot/understanding/): a message and what the person sees, to requests. */
export interface MessageInterpreter {
  interpret(text: string, context: InterpretContext): Promise<Interpretation>;
  /** The catalog's category tree it reads categories from; the engine builds one when it has none. */
  readonly tree?: CategoryTree;
}

/** What the requests of one message add up to, before the reply is written. */
interface TurnOutcome {
  notes: string[];
  /** The list to show after all requests: a fresh one, or the next page. */
  list?: 'fresh' | 'more';
  choices?: { label: string; value: string }[];
  /** The critique this turn set last: a steer, or an exclusion (negated), so the person can correct it. */
  critique?: NonNullable<Reply['critique']>;
  deleted?: boolean;
}

type EngineReply = Reply & { deleted?: boolean };

/** The platform-free conversation engine: one turn in, one reply out, state saved before the reply is returned. */
export class ConversationEngine implements ConversationHandler {
  private readonly catalog: Catalog;
  private readonly understanding: MessageInterpreter;
  /** Colour and material words, to answer what a title says of them. */
  private readonly words: UnderstandingWords = loadUnderstandingWords();
  private readonly tree: CategoryView;
  private readonly lists: RecommendationLists;
  private readonly t: Templates;
  private readonly inFlight = new InFlight();
  private readonly userLocks = new Map<string, Promise<unknown>>();
  /** Every word of the category names (lower case), built the first time a brand is checked. */
  private categoryWords?: Set<string>;
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.catalog = options.recommender.catalog;
    this.understanding = options.understanding ?? new MessageUnderstanding(this.catalog);
    this.t = options.templates ?? loadTemplates();
    this.tree = new CategoryView(this.understanding.tree ?? new CategoryTree(this.catalog));
    this.lists = new RecommendationLists(options.recommender, this.tree, (key, values) => this.say(key, values), { rankCritiqueFirst: options.rankCritiqueFirst !== false });
  }

  /** Turns of one user run one at a time, so two quick messages never interleave their state writes. */
  handle(turn: Turn): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('the conversation engine is shutting down'));
    const badUserId = userIdProblem(turn.userId);
    if (badUserId) return Promise.reject(new UserIdError(`the user id ${badUserId}`));
    const previous = this.userLocks.get(turn.userId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.handleNow(turn));
    this.userLocks.set(turn.userId, run);
    this.inFlight.track(run);
    void run.finally(() => {
      if (this.userLocks.get(turn.userId) === run) this.userLocks.delete(turn.userId);
    }).catch(() => {});
    return run;
  }

  /** Finishes turns in flight and closes the store; the recommender belongs to whoever created it. */
  async close(): Promise<void> {
    this.closed = true;
    // Bounded: a turn stuck on a model or store that never answers must not keep the process alive. A turn cut
    // off here fails to save once the store is closed, so it is never acknowledged (nothing acknowledged is lost).
    await settlesWithin(this.inFlight.settled(), this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
    await this.options.store.close();
  }

  private say(key: string, values?: Record<string, string | number>): string {
    return render(this.t, key, values);
  }

  /**
   * One turn as one atomic state change: if another process saved this user meanwhile, the store runs the turn again
   * on the newer state, so the reply returned always describes the state that was saved (a turn's only side effects
   * are model queries, which are safe to repeat).
   */
  private handleNow(turn: Turn): Promise<Reply> {
    return this.options.store.change(turn.userId, async (state) => {
      // Display controls (C1, bidi overrides) neither reach the turn nor leave in the reply.
      const { deleted, ...reply } = turn.kind === 'action' ? await this.onAction(state, turn) : await this.onText(state, withoutDisplayControls(turn.text));
      return { state: deleted ? undefined : state, value: safeReply(reply) };
    });
  }

  private async onAction(state: UserState, turn: Extract<Turn, { kind: 'action' }>): Promise<EngineReply> {
    upgradeState(state);
    const outcome: TurnOutcome = { notes: [] };
    if (turn.action === 'more') outcome.list = 'more';
    else if (turn.action === 'refine') {
      if (turn.value && this.tree.node(turn.value)) this.steer(state, turn.value, this.say('reasonMenu'), outcome);
      else outcome.list = 'fresh';
    } else {
      if (!state.lastList || state.lastList.id !== turn.listId) return { text: this.say('listExpired') };
      const id = turn.itemIndex !== undefined ? this.catalog.items[turn.itemIndex]?.id : undefined;
      if (!id || !state.lastList.items.includes(id)) return { text: this.say('notOnList', { number: '?', count: state.lastList.items.length }) };
      const rank = state.lastList.items.indexOf(id) + 1;
      this.refer(state, turn.action === 'like' ? 'like' : turn.action === 'dismiss' ? 'dismiss' : 'moreLike', rank, outcome);
    }
    return this.finish(state, outcome);
  }

  /** Sanitize and bound the message, understand it against what the person sees, then act on each request in order. */
  private async onText(state: UserState, raw: string): Promise<EngineReply> {
    const { text, truncated } = sanitizeMessage(raw);
    if (!text) return { text: this.say('empty') };
    upgradeState(state);
    const clauses = await this.understand(text, this.contextOf(state));
    const outcome: TurnOutcome = { notes: truncated ? [this.say('tooLong', { limit: MESSAGE_LIMIT })] : [] };
    if (clauses.length === 0) outcome.notes.push(this.say('noMatch', { text: clip(text, 80), examples: this.exampleCategories() }));
    for (const clause of oneQuestion(withComparisons(clauses)).slice(0, MAX_CLAUSES_PER_MESSAGE)) this.act(state, clause, outcome, text);
    if (clauses.length > MAX_CLAUSES_PER_MESSAGE) outcome.notes.push(this.say('tooManyRequests', { count: MAX_CLAUSES_PER_MESSAGE }));
    return this.finish(state, outcome);
  }

  /** A long message is understood piece by piece, handing the event loop back in between, so it never holds up others. */
  private async understand(text: string, context: InterpretContext): Promise<ClauseIntent[]> {
    const clauses: ClauseIntent[] = [];
    for (const [i, piece] of messagePieces(text).entries()) {
      if (i > 0) await yieldToOtherTurns();
      clauses.push(...(await this.understanding.interpret(piece, context)).clauses);
      if (clauses.length > MAX_CLAUSES_PER_MESSAGE) break;
    }
    return clauses;
  }

  /** What the person sees: the last list (unless choices were asked after it), the critique in force, the choices. */
  private contextOf(state: UserState): InterpretContext {
    const onScreen = choicesOnScreen(state) ? [] : (state.lastList?.items ?? []);
    const shown: ShownItem[] = onScreen.flatMap((id, i) => {
      const index = this.catalog.indexOf(id);
      if (index === undefined) return [];
      const item = this.catalog.item(index);
      return [{ rank: i + 1, index, title: item.title, brand: this.makerOf(item.brand), categories: item.categories, price: item.price }];
    });
    return { shown, currentPath: positiveCritique(state), pendingChoices: state.pendingChoices };
  }

  /**
   * A brand as a person would name it, or undefined when it is only words the catalog files things under (the brand
   * "Pipettes" names no maker: passed on, "no more pipettes" would read as that one item).
   */
  private makerOf(brand: string | undefined): string | undefined {
    if (!brand) return undefined;
    this.categoryWords ??= new Set(this.tree.tree.nodes.flatMap((n) => wordsOf(n.name)));
    const words = wordsOf(brand);
    return words.length > 0 && words.every((w) => this.categoryWords!.has(w) || this.categoryWords!.has(w.replace(/e?s$/, ''))) ? undefined : brand;
  }

  private act(state: UserState, clause: EngineClause, outcome: TurnOutcome, message: string): void {
    const note = (key: string, values?: Record<string, string | number>) => outcome.notes.push(this.say(key, values));
    // Replies quote the person's own words: the clause's evidence when it is a span of the message, else the message.
    const quoted = (evidence: string) => clip(message.toLowerCase().includes(evidence.toLowerCase()) ? evidence : message, 80);
    switch (clause.kind) {
      case 'greeting':
        return void note('greeting', { catalog: this.catalogName(), items: this.catalog.size });
      case 'help':
        return void note('help');
      case 'smallTalk':
        note('smallTalk', { catalog: this.catalogName() });
        return void note('help');
      case 'recommend':
        outcome.list ??= 'fresh';
        return;
      case 'more':
        outcome.list ??= 'more';
        return;
      case 'broader':
        return this.broader(state, outcome);
      case 'narrower':
        return this.narrower(state, outcome);
      case 'history':
        return void outcome.notes.push(this.history(state));
      case 'why':
        return void outcome.notes.push(this.why(state));
      case 'reset':
        Object.assign(state, { ...emptyState(), history: state.history });
        delete state.exclusions;
        delete state.filters;
        outcome.list = undefined;
        return void note('reset');
      case 'forgetMe':
        outcome.deleted = true;
        return void note('forgotMe');
      case 'export':
        return void outcome.notes.push(JSON.stringify(state, null, 2));
      case 'steer': {
        if (!this.tree.node(clause.path)) return void note('noMatch', { text: quoted(clause.evidence), examples: this.exampleCategories() });
        const choice = this.offeredAlternative(state, clause);
        if (choice) return this.steer(state, choice, this.say('reasonChoice'), outcome);
        return this.steer(state, clause.path, clause.evidence, outcome, clause.confidence);
      }
      case 'exclude':
        return this.exclude(state, clause.path, outcome, clause.confidence, clause.evidence);
      case 'ask':
        return this.offer(state, 'askBack', { text: quoted(clause.evidence) }, clause.choices, outcome);
      case 'notInCatalog':
        // Without near categories from understanding, the largest ones are offered, and called that.
        if (clause.nearest.length === 0) return this.offer(state, 'notInCatalogLargest', { query: clip(clause.query, 80) }, this.largestCategories(), outcome);
        return this.offer(state, 'notInCatalog', { query: clip(clause.query, 80) }, clause.nearest, outcome);
      case 'refer':
        // With choices the last thing on screen, "the second one" / "like 2" answers the question asked.
        if (choicesOnScreen(state) && (clause.action === 'like' || clause.action === 'moreLike') && clause.ranks.length === 1) return this.choose(state, clause.ranks[0]!, outcome);
        for (const rank of clause.ranks) this.refer(state, clause.action, rank, outcome);
        return;
      case 'compare':
        return this.compare(state, clause, outcome);
      case 'ownItem': {
        if (clause.itemIndex < 0 || clause.itemIndex >= this.catalog.size) return void note('noMatch', { text: quoted(clause.evidence), examples: this.exampleCategories() });
        this.addToHistory(state, this.catalog.item(clause.itemIndex).id);
        return void note('named', { title: displayTitle(this.catalog, clause.itemIndex) });
      }
      case 'ownKind':
        return void note('ownKind', { text: quoted(clause.text) });
      case 'forgetItem': {
        // ("forget the pedals" when no pedals are in the history: the kind is left out instead.)
        const forgotten = this.forget(state, clause.text, clause.orExclude !== undefined);
        if (forgotten !== undefined) return void outcome.notes.push(forgotten);
        return this.exclude(state, clause.orExclude!, outcome);
      }
      case 'choose':
        return this.choose(state, clause.choice, outcome);
      case 'attribute':
        return this.attribute(state, clause, outcome);
    }
  }

  private choose(state: UserState, choice: number, outcome: TurnOutcome): void {
    const path = state.pendingChoices?.[choice - 1];
    if (!path || !this.tree.node(path)) return void outcome.notes.push(this.say('noSuchChoice', { number: choice, count: state.pendingChoices?.length ?? 0 }));
    this.steer(state, path, this.say('reasonChoice'), outcome);
  }

  /**
   * While choices are pending, a request that names none of them but whose close alternative is one answers the
   * question asked ("the flexible ones" after Industrial Magnets' choices: Flexible Magnets, not Flexible Couplings).
   */
  private offeredAlternative(state: UserState, clause: Extract<ClauseIntent, { kind: 'steer' }>): string | undefined {
    const offered = state.pendingChoices ?? [];
    const related = (path: string) => offered.some((choice) => CategoryView.within(path, choice) || CategoryView.within(choice, path));
    if (offered.length === 0 || related(clause.path)) return undefined;
    const alternative = clause.alternatives.find((a) => a.confidence >= clause.confidence / 2 && offered.some((choice) => CategoryView.within(a.path, choice)));
    return alternative && this.tree.node(alternative.path) ? alternative.path : undefined;
  }

  /** Steer to a category: it is no longer left out, and title filters asked for elsewhere in the tree no longer apply. */
  private steer(state: UserState, path: string, reason: string, outcome: TurnOutcome, confidence = 1): void {
    const previous = positiveCritique(state);
    state.critique = { path, negated: false, confidence, reason };
    state.exclusions = exclusionsOf(state).filter((excluded) => !CategoryView.within(path, excluded));
    if (previous && !CategoryView.within(path, previous) && !CategoryView.within(previous, path)) {
      delete state.filters;
      state.maxPrice = undefined;
    }
    state.pendingChoices = undefined;
    outcome.notes.push(this.say('critiqueChosen', { category: this.tree.label(path), reason }));
    outcome.list = 'fresh';
    outcome.critique = { path, confidence, reason, negated: false };
  }

  private exclude(state: UserState, path: string, outcome: TurnOutcome, confidence = 1, reason = ''): void {
    if (!this.tree.node(path)) return void outcome.notes.push(this.say('noMatch', { text: clip(path, 80), examples: this.exampleCategories() }));
    state.exclusions = [...new Set([...exclusionsOf(state), path])];
    const positive = positiveCritique(state);
    if (positive && CategoryView.within(positive, path)) {
      const dropped = positive === path ? 'critiqueNegatedSame' : 'critiqueNegatedDropped';
      // Steering into a category that is left out would list nothing: the exclusion wins, said out loud.
      state.critique = undefined;
      delete state.filters;
      outcome.notes.push(this.say(dropped, { category: this.tree.label(path), previous: this.tree.label(positive) }));
    } else outcome.notes.push(this.say('critiqueNegated', { category: this.tree.label(path) }));
    state.pendingChoices = undefined;
    outcome.list = 'fresh';
    outcome.critique = { path, confidence, reason, negated: true };
  }

  /** "broader" moves up from the positive critique, never from an exclusion. */
  private broader(state: UserState, outcome: TurnOutcome): void {
    const positive = positiveCritique(state);
    if (!positive) return void outcome.notes.push(this.say('noCritique'));
    const parent = this.tree.widerParent(positive);
    if (!parent) return void outcome.notes.push(this.say('broaderTop', { category: this.tree.label(positive) }));
    this.steer(state, parent.path, this.say('reasonBroader', { category: this.tree.label(positive) }), outcome);
  }

  /** "more specific" offers the categories that exist one level down (one alone is taken directly). */
  private narrower(state: UserState, outcome: TurnOutcome): void {
    const positive = positiveCritique(state);
    if (!positive) return void outcome.notes.push(this.say('noCritique'));
    const children = this.tree.children(positive);
    if (children.length === 0) return void outcome.notes.push(this.say('narrowerNone', { category: this.tree.label(positive) }));
    if (children.length === 1) return this.steer(state, children[0]!.path, this.say('reasonNarrower'), outcome);
    const offered = children.slice(0, 10).map((c) => ({ path: c.path, node: c.name, confidence: 1 }));
    this.offer(state, 'narrowerChoices', { category: this.tree.label(positive) }, offered, outcome);
  }

  /** Asks back with categories to pick from: numbered in the text, buttons on rich platforms, a number picks one. */
  private offer(state: UserState, key: string, values: Record<string, string>, candidates: readonly CategoryCandidate[], outcome: TurnOutcome): void {
    const valid = candidates.filter((c) => this.tree.node(c.path)).slice(0, 10);
    state.pendingChoices = valid.map((c) => c.path);
    const lines = valid.map((c, i) => `  ${i + 1}. ${this.tree.label(c.path)} (${this.say('itemCount', { count: this.tree.node(c.path)!.items.length })})`).join('\n');
    outcome.notes.push(this.say(key, { ...values, choices: lines }));
    if (valid.length > 0) outcome.notes.push(this.say('pickOne'));
    outcome.choices = valid.map((c) => ({ label: this.tree.label(c.path), value: c.path }));
  }

  /** Like, dismiss, more-like-this or remove item `rank` of the list on screen. */
  private refer(state: UserState, action: 'like' | 'dismiss' | 'moreLike' | 'remove', rank: number, outcome: TurnOutcome): void {
    const id = this.shownId(state, rank, outcome);
    if (id === undefined) return;
    const index = this.catalog.indexOf(id)!;
    const title = displayTitle(this.catalog, index);
    if (action === 'like') {
      this.addToHistory(state, id);
      outcome.notes.push(this.say('liked', { title }));
    } else if (action === 'moreLike') {
      this.steer(state, this.tree.itemPath(index), this.say('reasonMoreLike', { title }), outcome);
    } else {
      if (!state.dismissed.includes(id)) state.dismissed.push(id);
      const owned = state.history.includes(id);
      state.history = state.history.filter((h) => h !== id);
      outcome.notes.push(this.say(owned ? 'removedAndDismissed' : 'dismissed', { title }));
    }
  }

  private shownId(state: UserState, rank: number, outcome: TurnOutcome): string | undefined {
    if (!state.lastList) return void outcome.notes.push(this.say('noList'));
    const id = state.lastList.items[rank - 1];
    if (!id || this.catalog.indexOf(id) === undefined) return void outcome.notes.push(this.say('notOnList', { number: rank, count: state.lastList.items.length }));
    return id;
  }

  /** Comparisons and attributes, answered from what the catalog has (prices; sizes and words in titles) or said plainly. */
  private attribute(state: UserState, clause: Extract<ClauseIntent, { kind: 'attribute' }>, outcome: TurnOutcome): void {
    const note = (key: string, values?: Record<string, string | number>) => void outcome.notes.push(this.say(key, values));
    if (clause.question) return this.answerAbout(state, clause, outcome);
    if (clause.attribute === 'price') return this.price(state, clause, outcome);
    if (clause.attribute === 'other') return note('attributeUnknown', { what: clip(clause.evidence, 80) });
    // "like #2 but in black" / "like #3 but bigger": first to #N's category, then the attribute.
    const reference = clause.relativeTo ?? (clause.attribute === 'size' ? 1 : undefined);
    let referenceIndex: number | undefined;
    if (reference !== undefined) {
      const id = this.shownId(state, reference, outcome);
      if (id === undefined) return;
      referenceIndex = this.catalog.indexOf(id)!;
    }
    const path = clause.relativeTo !== undefined ? this.tree.itemPath(referenceIndex!) : positiveCritique(state);
    const where = path ? this.tree.label(path) : this.catalogName();
    let filters: TitleFilters;
    let applied: string;
    if (clause.attribute === 'size') {
      const size = sizeOf(this.catalog.item(referenceIndex!).title);
      if (!size) return note('sizeUnknown', { rank: reference!, title: displayTitle(this.catalog, referenceIndex!) });
      const direction = clause.direction ?? 'more';
      filters = { words: state.filters?.words, size: { dimension: size.dimension, direction, than: size.value } };
      applied = this.say(direction === 'more' ? 'filterBigger' : 'filterSmaller', { size: formatSize(size) });
      if (this.lists.available(state, path, filters) === 0) return note('sizeNone', { category: where, filter: applied, rank: reference! });
    } else {
      const word = clause.value?.trim().toLowerCase();
      if (!word) return note('attributeNeedsValue', { what: clause.attribute === 'colour' ? this.say('colour') : this.say('material') });
      filters = { ...state.filters, words: [...new Set([...(state.filters?.words ?? []), word])] };
      applied = this.say('filterWord', { word });
      if (this.lists.available(state, path, filters) === 0) return note('wordNone', { category: where, word });
    }
    if (path && path !== positiveCritique(state)) this.steer(state, path, this.say('reasonLike', { rank: reference! }), outcome);
    state.filters = filters;
    note('filterApplied', { filter: applied });
    outcome.list = 'fresh';
  }

  /**
   * "which one is cheaper, 1 or 2?": the shown items compared on what the catalog records of them (their prices, the
   * sizes their titles give), or said plainly what it does not record. Nothing is liked or steered.
   */
  private compare(state: UserState, clause: Comparison, outcome: TurnOutcome): void {
    const note = (key: string, values?: Record<string, string | number>) => void outcome.notes.push(this.say(key, values));
    if (clause.attribute === 'price' && !this.lists.hasPrices) return note('noPrices');
    const items: { rank: number; index: number; value: number; shown: string }[] = [];
    let dimension: string | undefined;
    for (const rank of clause.ranks) {
      const id = this.shownId(state, rank, outcome);
      if (id === undefined) return;
      const index = this.catalog.indexOf(id)!;
      const title = displayTitle(this.catalog, index);
      if (clause.attribute === 'price') {
        const price = this.catalog.item(index).price;
        if (price === undefined) return note('priceUnknown', { rank, title });
        items.push({ rank, index, value: price, shown: formatPrice(price) });
      } else {
        const size = sizeOf(this.catalog.item(index).title);
        if (!size) return note('sizeUnknown', { rank, title });
        if (dimension !== undefined && size.dimension !== dimension) return note('compareSizesDiffer', { ranks: clause.ranks.map((r) => `#${r}`).join(' and ') });
        dimension = size.dimension;
        items.push({ rank, index, value: size.value, shown: formatSize(size) });
      }
    }
    for (const item of items) note('compareItem', { rank: item.rank, title: displayTitle(this.catalog, item.index), value: item.shown });
    const values = items.map((i) => i.value);
    if (values.every((v) => v === values[0])) return note(clause.attribute === 'price' ? 'compareSamePrice' : 'compareSameSize');
    const best = items.reduce((a, b) => ((clause.direction === 'less' ? b.value < a.value : b.value > a.value) ? b : a));
    const key = clause.attribute === 'price' ? (clause.direction === 'less' ? 'compareCheaper' : 'compareDearer') : clause.direction === 'less' ? 'compareSmaller' : 'compareBigger';
    note(key, { rank: best.rank });
  }

  /**
   * "how much is #2", "how big is it", "what colour is the first one": the item asked about (the first shown when none
   * is named) with what the catalog records of it: its price, the size its title gives, the colours or materials its
   * title names; or said plainly that the catalog does not record it. Nothing is liked, steered or filtered.
   */
  private answerAbout(state: UserState, clause: Extract<ClauseIntent, { kind: 'attribute' }>, outcome: TurnOutcome): void {
    const note = (key: string, values?: Record<string, string | number>) => void outcome.notes.push(this.say(key, values));
    if (clause.attribute === 'price' && !this.lists.hasPrices) return note('noPrices');
    const rank = clause.relativeTo ?? 1;
    const id = this.shownId(state, rank, outcome);
    if (id === undefined) return;
    const index = this.catalog.indexOf(id)!;
    const item = this.catalog.item(index);
    const title = displayTitle(this.catalog, index);
    let value: string | undefined;
    if (clause.attribute === 'price') value = item.price === undefined ? undefined : formatPrice(item.price);
    else if (clause.attribute === 'size') value = sizeTextsInTitle(item.title).join(', ') || undefined; else if (clause.attribute === 'colour' || clause.attribute === 'material') {
      const words = clause.attribute === 'colour' ? this.words.colours : this.words.materials;
      const named = words.filter((w) => titleMentions(item.title, w));
      // "stainless steel" names steel too: keep the longest.
      value = named.filter((w) => !named.some((o) => o !== w && o.includes(w))).join(', ') || undefined;
    }
    if (clause.attribute === 'other') return note('attributeOtherNotRecorded', { rank, title });
    if (value === undefined) return note('attributeNotRecorded', { rank, title, attribute: this.say(clause.attribute) });
    note('compareItem', { rank, title, value });
  }

  private price(state: UserState, clause: Extract<ClauseIntent, { kind: 'attribute' }>, outcome: TurnOutcome): void {
    if (!this.lists.hasPrices) return void outcome.notes.push(this.say('noPrices'));
    const rank = clause.relativeTo ?? 1;
    const id = this.shownId(state, rank, outcome);
    if (id === undefined) return;
    const index = this.catalog.indexOf(id)!;
    const item = this.catalog.item(index);
    if (item.price === undefined) return void outcome.notes.push(this.say('priceUnknown', { rank, title: displayTitle(this.catalog, index) }));
    if (clause.direction === 'more') return void outcome.notes.push(this.say('priceHigherUnsupported'));
    const path = this.tree.itemPath(index);
    if (path !== positiveCritique(state)) this.steer(state, path, this.say('reasonLike', { rank }), outcome);
    state.maxPrice = item.price;
    outcome.notes.push(this.say('cheaper', { rank, price: formatPrice(item.price) }));
    outcome.list = 'fresh';
  }

  /** The reply: every request's note in order, then the one list they lead to. */
  private async finish(state: UserState, outcome: TurnOutcome): Promise<EngineReply> {
    if (outcome.deleted) return { text: outcome.notes.join('\n'), deleted: true };
    const reply: EngineReply = { text: outcome.notes.join('\n') };
    if (outcome.list) {
      const list = await this.lists.build(state, outcome.list === 'more');
      Object.assign(reply, list, { text: [...outcome.notes, list.text].join('\n') });
      // A list shown without choices ends the question: a number refers to the list again.
      if (!outcome.choices) state.pendingChoices = undefined;
    } else if (outcome.choices?.length && state.lastList) state.lastList.behindChoices = true;
    if (outcome.choices) reply.choices = outcome.choices;
    if (outcome.critique) reply.critique = outcome.critique;
    return reply;
  }

  private catalogName(): string {
    return this.catalog.items.find((item) => item.categories.length > 0)?.categories[0] ?? 'shop';
  }

  private largestCategories(): CategoryCandidate[] {
    return this.tree.top().slice(0, 3).map((n) => ({ path: n.path, node: n.name, confidence: 0 }));
  }

  private exampleCategories(): string {
    return this.largestCategories().map((c) => `"${c.node.toLowerCase()}"`).join(', ');
  }

  private addToHistory(state: UserState, id: string): void {
    state.history = [...state.history.filter((h) => h !== id), id];
    state.dismissed = state.dismissed.filter((d) => d !== id);
  }

  private titleOf(id: string): string {
    const index = this.catalog.indexOf(id);
    return index === undefined ? id : displayTitle(this.catalog, index);
  }

  private why(state: UserState): string {
    if (!state.lastList) return this.say('whyNone');
    const titles = state.history.slice(-3).map((id) => `"${this.titleOf(id)}"`);
    const parts: string[] = [];
    if (state.lastList.critique) parts.push(this.say('whyCritique', { category: this.tree.label(state.lastList.critique) }));
    const excluded = exclusionsOf(state);
    if (excluded.length > 0) parts.push(this.say('whyExclusions', { categories: excluded.map((p) => this.tree.label(p)).join(', ') }));
    const filters = this.lists.describeFilters(state.filters);
    if (filters) parts.push(this.say('whyFilters', { filters }));
    return this.say('why', { history: titles.length ? titles.join(', ') : this.say('whyNoHistory'), critique: parts.map((p) => `; ${p}`).join('') });
  }

  private history(state: UserState): string {
    if (state.history.length === 0) return this.say('historyEmpty');
    return [this.say('historyHeader'), ...state.history.map((id, i) => `  ${i + 1}. ${this.titleOf(id)}`)].join('\n');
  }

  /**
   * Removes an item from the history, named by its number in the history or by words of its title ("the toggler
   * anchor"): the item whose title holds more than half of the words, the most recent one on a tie.
   */
  /** Takes the history item the text names out of the history; when none is and `quiet`, says nothing (undefined). */
  private forget(state: UserState, text: string, quiet = false): string | undefined {
    const byNumber = /^#?(\d+)$/.exec(text.trim());
    let id: string | undefined;
    if (byNumber) id = state.history[Number(byNumber[1]) - 1];
    else {
      const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
      const wanted = words(text).filter((w) => !FORGET_FILLERS.has(w));
      let best = { id: undefined as string | undefined, score: 0 };
      for (const h of state.history) {
        const title = this.titleOf(h);
        // "pipettes" names a "Pipette Pump", "anchors" an "Anchor": singular forms count too.
        const named = (w: string) => [w, w.replace(/s$/, ''), w.replace(/es$/, '')].some((form) => form.length > 1 && titleMentions(title, form));
        const score = wanted.length === 0 ? 0 : wanted.filter(named).length / wanted.length;
        if (score >= best.score && score > 0) best = { id: h, score };
      }
      // Most of the words must name it: "the mitutoyo micrometer" is not the Mitutoyo caliper.
      if (best.score > 0.5) id = best.id;
    }
    if (!id) return quiet ? undefined : this.say('forgetUnknown', { text: clip(text, 80) });
    state.history = state.history.filter((h) => h !== id);
    return this.say('forgot', { title: this.titleOf(id) });
  }
}

/** At most `length` characters of `text`, never cutting a character in half (emoji, other scripts). */
function clip(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length <= length ? text : characters.slice(0, length).join('');
}

/** Words that name no item: "forget the one", "forget that item". */
const FORGET_FILLERS = new Set(['the', 'a', 'an', 'my', 'that', 'this', 'those', 'these', 'one', 'ones', 'item', 'items', 'please', 'it', 'from', 'history', 'list']);

/** A comparison of shown items the engine answers itself: "which one is cheaper, 1 or 2?". */
interface Comparison {
  kind: 'compare';
  attribute: 'price' | 'size';
  direction: 'less' | 'more';
  ranks: number[];
}

type EngineClause = ClauseIntent | Comparison;

/**
 * A comparative ("cheaper", "bigger") next to a reference to two or more shown items is one question about those
 * items ("which one is cheaper, 1 or 2?", "1 or 3, which is bigger?"), not a like of each and a filter.
 */
export function withComparisons(clauses: readonly ClauseIntent[]): EngineClause[] {
  const out: EngineClause[] = [];
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    const next = clauses[i + 1];
    const pair = next && (comparisonOf(clause, next) ?? comparisonOf(next, clause));
    if (pair) {
      out.push(pair);
      i++;
    } else out.push(clause);
  }
  return out;
}

/**
 * One reply asks at most one question with choices ("did you mean", "we don't carry that: the nearest are") and
 * answers small talk once: a long message of unknown words is read as one "nothing like" per piece, and only the
 * last question's choices could be picked anyway.
 */
export function oneQuestion(clauses: readonly EngineClause[]): EngineClause[] {
  let asked = false;
  let chatted = false;
  return clauses.filter((clause) => {
    if (clause.kind === 'ask' || clause.kind === 'notInCatalog') return asked ? false : (asked = true);
    if (clause.kind === 'smallTalk') return chatted ? false : (chatted = true);
    return true;
  });
}

function comparisonOf(attribute: ClauseIntent, reference: ClauseIntent): Comparison | undefined {
  if (attribute.kind !== 'attribute' || reference.kind !== 'refer' || reference.action !== 'like' || reference.ranks.length < 2) return undefined;
  if ((attribute.attribute !== 'price' && attribute.attribute !== 'size') || attribute.direction === undefined) return undefined;
  if (attribute.relativeTo !== undefined && !reference.ranks.includes(attribute.relativeTo)) return undefined;
  return { kind: 'compare', attribute: attribute.attribute, direction: attribute.direction, ranks: reference.ranks };
}

/** Whether the last thing the person saw is a question with choices (asked after any list). */
function choicesOnScreen(state: UserState): boolean {
  return (state.pendingChoices?.length ?? 0) > 0 && (state.lastList === undefined || state.lastList.behindChoices === true);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
