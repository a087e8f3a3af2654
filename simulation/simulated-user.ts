import type { ConversationHandler, Reply } from '../bot/conversation-types.js';
import { titleKey } from '../bot/recommendation-list.js';
import type { Recommender } from '../bot/recommender.js';
import type { RecommendQuery, RecommendResult } from '../model/recommendation.js';
import { splitCategoryPath, type Catalog } from '../model/catalog.js';
import { CRITIQUE_LEVELS } from '../model/critique.js';
import type { Phrase, PhraseKind } from './phrases.js';

/** A test user of the leave-one-out split: its history, the held-out item it wants, and what it will say. */
export interface SimulatedUser {
  /** Index of the user in the dataset. */
  user: number;
  history: ArrayLike<number>;
  target: number;
  phrases: Phrase[];
}

/** What the user's step of a turn was. */
export type StepKind = 'recommend' | 'more' | 'choice' | PhraseKind;

export interface TurnRecord {
  turn: number;
  kind: StepKind;
  /** Every message the user sent this turn, the last one being the step (an earlier one dismisses a shown item). */
  messages: string[];
  /** Catalog indices the bot showed this turn (empty when it asked back or found nothing). */
  shown: number[];
  targetShown: boolean;
  /** The target's 1-based place in the order the bot pages through this turn; undefined when it cannot be shown. */
  targetRank?: number;
  /** Whether the bot's own page agreed with the order the rank was read from (a check on `targetRank`). */
  rankAgreesWithPage?: boolean;
  /** What the bot made of a critique step: the category it steered to, an ask-back, or anything else. */
  understood?: { outcome: 'category' | 'ask' | 'other'; path?: string; containsTarget: boolean };
}

export interface ConversationRecord {
  user: number;
  target: number;
  /** First turn whose list held the target; undefined when no turn did. */
  successTurn?: number;
  turns: TurnRecord[];
}

/** Keeps the last request and ranking the engine asked for, to read the target's rank from it. */
export class RecordingRecommender implements Recommender {
  private last?: { request: RecommendQuery; response: RecommendResult };

  /** The last request and its ranking since the previous call, if the engine asked the model at all. */
  takeLast(): { request: RecommendQuery; response: RecommendResult } | undefined {
    const last = this.last;
    this.last = undefined;
    return last;
  }

  constructor(private readonly inner: Recommender) {}

  get catalog(): Catalog {
    return this.inner.catalog;
  }

  get description(): string {
    return this.inner.description;
  }

  /**
   * The engine asks for the head of the ranking first (and for all of it only when a page needs more); the target's
   * rank is read from the whole ranking, so it is asked for whole and the engine gets the head it asked for.
   */
  async recommend(request: RecommendQuery): Promise<RecommendResult> {
    const response = await this.inner.recommend({ ...request, k: this.catalog.size });
    this.last = { request, response };
    return { ...response, items: response.items.slice(0, request.k) };
  }
}

/** Whether `path` ("A - B") is the target's category or one of its ancestors. */
export function pathContains(path: string, categories: readonly string[]): boolean {
  const levels = splitCategoryPath(path);
  return levels.length > 0 && levels.length <= categories.length && levels.every((l, i) => categories[i] === l);
}

/**
 * The order the bot pages through, rebuilt from the model's ranking the way the engine builds it: with
 * critique-first ranking the items inside the critiqued category first, each part in the model's order; then each
 * title once, titles of the user's own items left out. `rankAgreesWithPage` checks it against the page shown.
 */
export function botOrder(ranking: readonly number[], inCritique: ReadonlySet<number> | undefined, titles: readonly string[], history: ArrayLike<number>): number[] {
  const ordered = inCritique ? [...ranking.filter((i) => inCritique.has(i)), ...ranking.filter((i) => !inCritique.has(i))] : ranking;
  const seen = new Set(Array.from(history, (i) => titles[i]!));
  return ordered.filter((i) => (seen.has(titles[i]!) ? false : (seen.add(titles[i]!), true)));
}

/** What the rank read-out needs of a catalog, built once: the items under each category path, titles as lists compare them. */
export class CatalogLookups {
  private readonly members = new Map<string, Set<number>>();
  readonly titles: readonly string[];

  constructor(catalog: Catalog) {
    for (const [path, items] of catalog.categoryIndex()) this.members.set(path, new Set(items));
    this.titles = catalog.items.map(titleKey);
  }

  itemsUnder(path: string): ReadonlySet<number> {
    return this.members.get(path) ?? new Set();
  }
}

export interface ConversationSetup {
  engine: ConversationHandler;
  recorder: RecordingRecommender;
  /** Reads the user's page offset after a turn (for the rank check). */
  offsetOf(userId: string): Promise<number>;
  /** Whether the user critiques at all (false: "more" after the first list, the no-critique system). */
  critiques: boolean;
  critiqueFirst: boolean;
  lookups: CatalogLookups;
}

const CRITIQUE_STEPS: ReadonlySet<StepKind> = new Set(['broad', 'precise', 'title', 'choice']);

/**
 * One simulated conversation of up to `turns` turns. Turn 1 is "recommend"; while the target has not been shown,
 * the user answers an ask-back with the offered category that holds its target; says "more" when the bot already
 * steers to a category holding its target at the precise level (it reads the category off the bot's reply, as a
 * person would); else says its next phrase (dismissing the top item of the list it just saw first, since a new
 * critique starts the list over); and says "more" when its phrases are used up. It stops at the first list holding
 * the target.
 */
export async function converse(setup: ConversationSetup, user: SimulatedUser, userId: string, turns: number): Promise<ConversationRecord> {
  const catalog = setup.recorder.catalog;
  const targetCategories = catalog.item(user.target).categories;
  const record: ConversationRecord = { user: user.user, target: user.target, turns: [] };
  // Deep enough: the category the bot steers to holds the target at the precise level (or deeper).
  const preciseDepth = Math.min(CRITIQUE_LEVELS.precise, targetCategories.length);
  let last: Reply | undefined;
  let steeredTo: string | undefined;
  let nextPhrase = 0;
  for (let turn = 1; turn <= turns; turn++) {
    const messages: string[] = [];
    let kind: StepKind;
    const choice = last?.choices?.findIndex((c) => pathContains(c.value, targetCategories)) ?? -1;
    const onTarget = steeredTo !== undefined && pathContains(steeredTo, targetCategories) && splitCategoryPath(steeredTo).length >= preciseDepth;
    if (turn === 1) kind = 'recommend';
    else if (!setup.critiques) kind = 'more';
    else if (choice >= 0) kind = 'choice';
    else if (!onTarget && nextPhrase < user.phrases.length) kind = user.phrases[nextPhrase]!.kind;
    else kind = 'more';
    if (kind === 'recommend') messages.push('recommend');
    else if (kind === 'more') messages.push('more');
    else if (kind === 'choice') messages.push(String(choice + 1));
    else {
      if (last?.items?.length) messages.push('not 1');
      messages.push(user.phrases[nextPhrase++]!.text);
    }
    setup.recorder.takeLast();
    let reply: Reply | undefined;
    for (const text of messages) reply = await setup.engine.handle({ kind: 'text', userId, text });
    last = reply!;
    if (last.critique) steeredTo = last.critique.negated ? undefined : last.critique.path;
    const shown = last.items?.map((i) => i.itemIndex) ?? [];
    const entry: TurnRecord = { turn, kind, messages, shown, targetShown: shown.includes(user.target) };
    const asked = setup.recorder.takeLast();
    if (asked) {
      const critique = asked.request.critique;
      const inCritique = critique && setup.critiqueFirst ? setup.lookups.itemsUnder(critique) : undefined;
      const order = botOrder(asked.response.items.map((s) => s.index), inCritique, setup.lookups.titles, asked.request.history);
      const at = order.indexOf(user.target);
      if (at >= 0) entry.targetRank = at + 1;
      const offset = await setup.offsetOf(userId);
      const page = order.slice(offset, offset + shown.length);
      entry.rankAgreesWithPage = page.length === shown.length && page.every((i, k) => i === shown[k]);
    }
    if (CRITIQUE_STEPS.has(kind)) {
      const path = last.critique && !last.critique.negated ? last.critique.path : undefined;
      entry.understood = path
        ? { outcome: 'category', path, containsTarget: pathContains(path, targetCategories) }
        : { outcome: last.choices?.length ? 'ask' : 'other', containsTarget: false };
    }
    record.turns.push(entry);
    if (entry.targetShown) {
      record.successTurn = turn;
      break;
    }
  }
  return record;
}
