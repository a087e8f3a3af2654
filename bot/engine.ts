import { randomUUID } from 'node:crypto';
import natural from 'natural';
import { categoryPath, splitCategoryPath, type Catalog } from '../model/catalog.js';
import type { ConversationHandler, Reply, ReplyItem, Turn } from './conversation-types.js';
import { CritiqueParser } from './critique-parser.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, settlesWithin } from './deadline.js';
import { safeReply, withoutDisplayControls } from './text-safety.js';
import { userIdProblem, UserIdError } from './user-id.js';
import { loadCritiqueWords, loadTemplates, render, type Templates } from './prompts.js';
import type { Recommender } from './recommender.js';
import { emptyState, type SessionStore, type UserState } from './session-store.js';

export const PAGE_SIZE = 5;
export const MESSAGE_LIMIT = 2000;

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
}

/** The platform-free conversation engine: one turn in, one reply out, state saved before the reply is returned. */
export class ConversationEngine implements ConversationHandler {
  private readonly catalog: Catalog;
  private readonly parser: CritiqueParser;
  private readonly t: Templates;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly userLocks = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.catalog = options.recommender.catalog;
    this.parser = new CritiqueParser(this.catalog, loadCritiqueWords());
    this.t = options.templates ?? loadTemplates();
  }

  /** Turns of one user run one at a time, so two quick messages never interleave their state writes. */
  handle(turn: Turn): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('the conversation engine is shutting down'));
    const badUserId = userIdProblem(turn.userId);
    if (badUserId) return Promise.reject(new UserIdError(`the user id ${badUserId}`));
    const previous = this.userLocks.get(turn.userId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.handleNow(turn));
    this.userLocks.set(turn.userId, run);
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      if (this.userLocks.get(turn.userId) === run) this.userLocks.delete(turn.userId);
    }).catch(() => {});
    return run;
  }

  /** Finishes turns in flight and closes the store; the recommender belongs to whoever created it. */
  async close(): Promise<void> {
    this.closed = true;
    // Bounded: a turn stuck on a model or store that never answers must not keep the process alive. A turn cut
    // off here fails to save once the store is closed, so it is never acknowledged (nothing acknowledged is lost).
    await settlesWithin(Promise.allSettled([...this.inFlight]), this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
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

  private async onAction(state: UserState, turn: Extract<Turn, { kind: 'action' }>): Promise<Reply & { deleted?: boolean }> {
    if (turn.action === 'more') return this.list(state, true);
    if (turn.action === 'refine') return turn.value ? this.applyCritique(state, turn.value, false, 1, 'chosen from the menu') : this.list(state, false);
    if (!state.lastList || state.lastList.id !== turn.listId) return { text: this.say('noList') + ' (that list has expired)' };
    const id = turn.itemIndex !== undefined ? this.catalog.items[turn.itemIndex]?.id : undefined;
    if (!id || !state.lastList.items.includes(id)) return { text: this.say('notOnList', { number: '?', count: state.lastList.items.length }) };
    const rank = state.lastList.items.indexOf(id) + 1;
    if (turn.action === 'like') return this.like(state, rank);
    if (turn.action === 'dismiss') return this.dismiss(state, rank);
    const item = this.catalog.item(this.catalog.indexOf(id)!);
    return this.applyCritique(state, categoryPath(item.categories, 4), false, 1, `more like "${item.title}"`);
  }

  private async onText(state: UserState, raw: string): Promise<Reply & { deleted?: boolean }> {
    let text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
    let prefix = '';
    if (text.length > MESSAGE_LIMIT) {
      text = text.slice(0, MESSAGE_LIMIT);
      prefix = this.say('tooLong', { limit: MESSAGE_LIMIT }) + '\n';
    }
    const withPrefix = (r: Reply & { deleted?: boolean }) => ({ ...r, text: prefix + r.text });
    const lower = text.toLowerCase();
    if (!text) return { text: this.say('empty') };
    if (/^(help|\?|commands)$/.test(lower)) return { text: this.say('help') };
    if (/^(hi|hello|hey|start|\/start)\b/.test(lower)) return { text: this.say('greeting', { catalog: this.catalogName(), items: this.catalog.size }) };
    if (/^(recommend|suggest|show|go|list)( me)?( something| more)?$/.test(lower)) return withPrefix(await this.list(state, false));
    if (/^(more|next|more please)$/.test(lower)) return withPrefix(await this.list(state, true));
    let m = /^(?:like|pick|add|choose|want|yes)?\s*#?(\d+)$/.exec(lower);
    if (m) {
      if (state.pendingChoices && !/^(like|pick|add)/.test(lower)) {
        const choice = state.pendingChoices[Number(m[1]) - 1];
        if (choice) {
          state.pendingChoices = undefined;
          return this.applyCritique(state, choice, false, 1, 'your choice');
        }
      }
      return this.like(state, Number(m[1]));
    }
    m = /^(?:like|pick|add|i have|i bought|i own)\s+(?!#?\d+$)(.{3,})$/.exec(lower);
    if (m && !['cheaper', 'broader', 'narrower'].includes(this.parser.parse(text).kind)) {
      const named = this.matchTitle(m[1]!);
      if (named === undefined) return { text: this.say('forgetUnknown', { text: m[1]! }).replace('in your history', 'in the catalog') };
      this.addToHistory(state, this.catalog.item(named).id);
      return { text: this.say('named', { title: this.catalog.item(named).title }) };
    }
    m = /^(?:not|dismiss|no|hide|remove)\s*#?(\d+)$/.exec(lower);
    if (m) return this.dismiss(state, Number(m[1]));
    if (/^why\??$/.test(lower)) return { text: this.why(state) };
    if (/^(history|my history|my items)$/.test(lower)) return { text: this.history(state) };
    if (/^(forget me|delete me|delete my data)$/.test(lower)) return { text: this.say('forgotMe'), deleted: true };
    if (/^export( my data)?$/.test(lower)) return { text: JSON.stringify(state, null, 2) };
    m = /^forget\s+(.+)$/.exec(lower);
    if (m) return { text: this.forget(state, m[1]!) };
    if (/^(reset|start over|clear)$/.test(lower)) {
      Object.assign(state, { ...emptyState(), history: state.history });
      return { text: this.say('reset') };
    }
    return withPrefix(await this.refine(state, text));
  }

  private catalogName(): string {
    return this.catalog.items[0]?.categories[0] ?? 'shop';
  }

  private async refine(state: UserState, text: string): Promise<Reply> {
    const intent = this.parser.parse(text);
    switch (intent.kind) {
      case 'category':
        return this.applyCritique(state, intent.path, intent.negated, intent.confidence, intent.reason);
      case 'broader': {
        if (!state.critique) return { text: this.say('noCritique') };
        const parent = this.parser.parent(state.critique.path);
        if (!parent) return { text: this.say('broaderTop') };
        return this.applyCritique(state, parent.path, false, 1, 'one level broader');
      }
      case 'narrower': {
        if (!state.critique) return { text: this.say('noCritique') };
        const child = this.parser.largestChild(state.critique.path);
        if (!child) return { text: this.say('narrowerNone', { path: state.critique.path }) };
        return this.applyCritique(state, child.path, false, 1, 'one level more specific');
      }
      case 'cheaper': {
        const rank = intent.rank ?? 1;
        const id = state.lastList?.items[rank - 1];
        if (!id) return { text: state.lastList ? this.say('notOnList', { number: rank, count: state.lastList.items.length }) : this.say('noList') };
        const item = this.catalog.item(this.catalog.indexOf(id)!);
        if (item.price === undefined) return { text: `I do not know the price of #${rank}, "${item.title}".` };
        state.maxPrice = item.price;
        if (!state.critique || state.critique.negated) state.critique = { path: categoryPath(item.categories, 4), negated: false, confidence: 1, reason: `like #${rank}` };
        state.offset = 0;
        const list = await this.list(state, false);
        return { ...list, text: `${this.say('cheaper', { rank, price: `$${item.price.toFixed(2)}` })}\n${list.text}` };
      }
      case 'ask':
        state.pendingChoices = intent.choices.map((c) => c.path);
        return {
          text: this.say('askBack', { text, choices: intent.choices.map((c, i) => `  ${i + 1}. ${c.path}`).join('\n') }),
          choices: intent.choices.map((c) => ({ label: c.path, value: c.path })),
        };
      case 'none': {
        const named = this.matchTitle(text);
        if (named !== undefined) {
          const item = this.catalog.item(named);
          this.addToHistory(state, item.id);
          return { text: this.say('named', { title: item.title }) };
        }
        const examples = this.parser.nodes.filter((n) => n.levels.length === 3).sort((a, b) => b.items.length - a.items.length).slice(0, 3).map((n) => `"${n.levels[2]!.toLowerCase()}"`);
        return { text: this.say('noMatch', { text: text.slice(0, 80), examples: examples.join(', ') }) };
      }
    }
  }

  /** A title named in the message: the best Dice coefficient over titles (or a title it is a prefix of), only when clearly similar. */
  private matchTitle(text: string): number | undefined {
    let best = { index: -1, score: 0 };
    const query = text.toLowerCase().trim();
    this.catalog.items.forEach((item, i) => {
      const title = item.title.toLowerCase();
      const s = query.length >= 12 && title.startsWith(query) ? 1 : natural.DiceCoefficient(query, title);
      if (s > best.score) best = { index: i, score: s };
    });
    return best.score >= 0.6 ? best.index : undefined;
  }

  private async applyCritique(state: UserState, path: string, negated: boolean, confidence: number, reason: string): Promise<Reply> {
    state.critique = { path, negated, confidence, reason };
    state.offset = 0;
    state.pendingChoices = undefined;
    if (negated) state.maxPrice = undefined;
    const list = await this.list(state, false);
    const note = this.say(negated ? 'critiqueNegated' : 'critiqueChosen', { path, reason });
    return { ...list, text: `${note}\n${list.text}`, critique: { path, confidence, reason, negated } };
  }

  private inCategory(index: number, path: string): boolean {
    const levels = splitCategoryPath(path);
    const cats = this.catalog.item(index).categories;
    return levels.every((l, i) => cats[i] === l);
  }

  /** Asks the model, then applies what the user said: no history or dismissed items, critique category first. */
  private async list(state: UserState, more: boolean): Promise<Reply> {
    if (more) state.offset += PAGE_SIZE;
    else state.offset = 0;
    const history = state.history.map((id) => this.catalog.indexOf(id)).filter((i): i is number => i !== undefined);
    const dismissed = state.dismissed.map((id) => this.catalog.indexOf(id)).filter((i): i is number => i !== undefined);
    const critique = state.critique && !state.critique.negated ? state.critique.path : undefined;
    const { items } = await this.options.recommender.recommend({ history, critique, k: this.catalog.size, exclude: dismissed });
    let ranked = items.map((s) => s.index);
    if (state.critique?.negated) ranked = ranked.filter((i) => !this.inCategory(i, state.critique!.path));
    if (state.maxPrice !== undefined) ranked = ranked.filter((i) => (this.catalog.item(i).price ?? Infinity) < state.maxPrice!);
    if (critique && this.options.rankCritiqueFirst !== false) {
      const inside = ranked.filter((i) => this.inCategory(i, critique));
      ranked = [...inside, ...ranked.filter((i) => !this.inCategory(i, critique))];
    }
    // Some catalogs list one product under several ids: show each title once.
    const seenTitles = new Set(history.map((i) => this.catalog.item(i).title.toLowerCase()));
    ranked = ranked.filter((i) => {
      const title = this.catalog.item(i).title.toLowerCase();
      return seenTitles.has(title) ? false : (seenTitles.add(title), true);
    });
    const page = ranked.slice(state.offset, state.offset + PAGE_SIZE);
    const listId = randomUUID().slice(0, 8);
    state.lastList = { id: listId, items: page.map((i) => this.catalog.item(i).id), critique };
    const header = critique ? this.say('listHeaderCritique', { critique }) : '';
    if (page.length === 0) return { text: this.say('emptyList', { critique: header }), listId, items: [] };
    const replyItems: ReplyItem[] = page.map((index, r) => {
      const item = this.catalog.item(index);
      const reason = critique && this.inCategory(index, critique) ? this.say('reasonCritique', { leaf: splitCategoryPath(critique).at(-1)! }) : history.length ? this.say('reasonHistory') : this.say('reasonPopular');
      return { rank: r + 1, itemIndex: index, title: item.title, categoryPath: categoryPath(item.categories), reason, price: item.price };
    });
    const lines = replyItems.map((i) => this.say('itemLine', { rank: i.rank, title: i.title, category: i.categoryPath || '(no category)', price: i.price !== undefined ? `, $${i.price.toFixed(2)}` : '', reason: i.reason }));
    const refineOptions = this.parser.nodes
      .filter((n) => (critique ? n.path.startsWith(critique + ' - ') && n.levels.length === splitCategoryPath(critique).length + 1 : n.levels.length === 2))
      .sort((a, b) => b.items.length - a.items.length)
      .slice(0, 25)
      .map((n) => ({ label: n.levels.at(-1)!, value: n.path }));
    return { text: [this.say('listHeader', { critique: header }), ...lines].join('\n'), items: replyItems, listId, refineOptions };
  }

  private addToHistory(state: UserState, id: string): void {
    state.history = [...state.history.filter((h) => h !== id), id];
    state.dismissed = state.dismissed.filter((d) => d !== id);
  }

  private like(state: UserState, rank: number): Reply {
    if (!state.lastList) return { text: this.say('noList') };
    const id = state.lastList.items[rank - 1];
    if (!id) return { text: this.say('notOnList', { number: rank, count: state.lastList.items.length }) };
    this.addToHistory(state, id);
    return { text: this.say('liked', { title: this.catalog.item(this.catalog.indexOf(id)!).title }) };
  }

  private dismiss(state: UserState, rank: number): Reply {
    if (!state.lastList) return { text: this.say('noList') };
    const id = state.lastList.items[rank - 1];
    if (!id) return { text: this.say('notOnList', { number: rank, count: state.lastList.items.length }) };
    if (!state.dismissed.includes(id)) state.dismissed.push(id);
    return { text: this.say('dismissed', { title: this.catalog.item(this.catalog.indexOf(id)!).title }) };
  }

  private why(state: UserState): string {
    if (!state.lastList) return this.say('whyNone');
    const titles = state.history.slice(-3).map((id) => `"${this.catalog.items[this.catalog.indexOf(id) ?? -1]?.title ?? id}"`);
    const critique = state.lastList.critique ? this.say('whyCritique', { path: state.lastList.critique }) : '';
    return this.say('why', { history: titles.length ? titles.join(', ') : 'empty: the most popular items', critique });
  }

  private history(state: UserState): string {
    if (state.history.length === 0) return this.say('historyEmpty');
    return [this.say('historyHeader'), ...state.history.map((id, i) => `  ${i + 1}. ${this.catalog.items[this.catalog.indexOf(id) ?? -1]?.title ?? id}`)].join('\n');
  }

  private forget(state: UserState, text: string): string {
    const byNumber = /^#?(\d+)$/.exec(text.trim());
    let id: string | undefined;
    if (byNumber) id = state.history[Number(byNumber[1]) - 1];
    else {
      let best = { id: undefined as string | undefined, score: 0 };
      for (const h of state.history) {
        const title = this.catalog.items[this.catalog.indexOf(h) ?? -1]?.title.toLowerCase() ?? '';
        const s = title.includes(text) ? 1 : natural.DiceCoefficient(text, title);
        if (s > best.score) best = { id: h, score: s };
      }
      if (best.score >= 0.3) id = best.id;
    }
    if (!id) return this.say('forgetUnknown', { text });
    state.history = state.history.filter((h) => h !== id);
    return this.say('forgot', { title: this.catalog.items[this.catalog.indexOf(id) ?? -1]?.title ?? id });
  }
}
