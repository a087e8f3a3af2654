import type { ConversationRecord, StepKind } from './simulated-user.js';

/** The target's rank at one turn, over the users still looking at that turn who were shown a list. */
export interface RankAtTurn {
  turn: number;
  /** Users still looking at this turn (not yet shown their target). */
  searching: number;
  /** Of those, how many the bot ranked a list for with the target in it (the rest: no list, or the target excluded). */
  ranked: number;
  medianRank?: number;
  /** Share of `searching` users whose target was within the first 5 / 50 of the bot's order. */
  top5: number;
  top50: number;
}

export interface ParserShare {
  turns: number;
  /** Turns where the category the bot steered to held the target's category. */
  containsTarget: number;
  share: number;
  /** Critique turns answered with an ask-back, and with neither a category nor a question. */
  asked: number;
  other: number;
}

export interface SystemMetrics {
  users: number;
  /** success[t - 1]: share of users whose target has been shown by turn t. */
  success: number[];
  /** Mean turn of success over the users who succeeded within the turns (undefined when none did). */
  meanTurns?: number;
  /** Mean turn of success with every failure counted as turns + 1. */
  meanTurnsFailuresAsTPlus1: number;
  rankByTurn: RankAtTurn[];
  /** The share of critique turns whose category contained the target's, overall and per step. */
  parser: ParserShare & { byStep: Partial<Record<StepKind, ParserShare>> };
  /** Among critique turns where the bot steered to a category holding the target: the target's median rank. */
  medianRankWhenCategoryRight?: number;
  /** The same per step (a broad category holds many more items than a precise one). */
  medianRankWhenCategoryRightByStep: Partial<Record<StepKind, number>>;
  /** Pages where the rank read from the model's order disagreed with the page the bot showed (title de-duplication). */
  rankPageDisagreements: number;
}

const median = (values: number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function parserShare(entries: { containsTarget: boolean; outcome: string }[]): ParserShare {
  const containsTarget = entries.filter((e) => e.containsTarget).length;
  return {
    turns: entries.length,
    containsTarget,
    share: entries.length ? containsTarget / entries.length : 0,
    asked: entries.filter((e) => e.outcome === 'ask').length,
    other: entries.filter((e) => e.outcome === 'other').length,
  };
}

const rightRanks = (turns: { containsTarget: boolean; rank?: number }[]) => turns.filter((e) => e.containsTarget && e.rank !== undefined).map((e) => e.rank!);

/** Aggregates one system's conversations over `turns` turns. */
export function systemMetrics(records: readonly ConversationRecord[], turns: number): SystemMetrics {
  const n = records.length;
  const success = Array.from({ length: turns }, (_, t) => (n ? records.filter((r) => r.successTurn !== undefined && r.successTurn <= t + 1).length / n : 0));
  const successes = records.filter((r) => r.successTurn !== undefined).map((r) => r.successTurn!);
  const rankByTurn: RankAtTurn[] = Array.from({ length: turns }, (_, t) => {
    const entries = records.map((r) => r.turns[t]).filter((e) => e !== undefined);
    const ranks = entries.map((e) => e.targetRank).filter((r): r is number => r !== undefined);
    const share = (limit: number) => (entries.length ? ranks.filter((r) => r <= limit).length / entries.length : 0);
    return { turn: t + 1, searching: entries.length, ranked: ranks.length, medianRank: median(ranks), top5: share(5), top50: share(50) };
  });
  const critiqueTurns = records.flatMap((r) => r.turns.filter((e) => e.understood).map((e) => ({ kind: e.kind, ...e.understood!, rank: e.targetRank })));
  const byStep: Partial<Record<StepKind, ParserShare>> = {};
  for (const kind of new Set(critiqueTurns.map((e) => e.kind))) byStep[kind] = parserShare(critiqueTurns.filter((e) => e.kind === kind));
  return {
    users: n,
    success,
    meanTurns: successes.length ? successes.reduce((a, b) => a + b, 0) / successes.length : undefined,
    meanTurnsFailuresAsTPlus1: n ? records.reduce((sum, r) => sum + (r.successTurn ?? turns + 1), 0) / n : 0,
    rankByTurn,
    parser: { ...parserShare(critiqueTurns), byStep },
    medianRankWhenCategoryRight: median(rightRanks(critiqueTurns)),
    medianRankWhenCategoryRightByStep: Object.fromEntries(
      [...new Set(critiqueTurns.map((e) => e.kind))].map((kind) => [kind, median(rightRanks(critiqueTurns.filter((e) => e.kind === kind)))]).filter(([, v]) => v !== undefined),
    ),
    rankPageDisagreements: records.reduce((sum, r) => sum + r.turns.filter((e) => e.rankAgreesWithPage === false).length, 0),
  };
}

/** Paired comparison at turn t: users only `a` had succeeded with, only `b`, both. */
export function pairedAtTurn(a: readonly ConversationRecord[], b: readonly ConversationRecord[], turn: number): { onlyA: number; onlyB: number; both: number } {
  const won = (r: ConversationRecord) => r.successTurn !== undefined && r.successTurn <= turn;
  const out = { onlyA: 0, onlyB: 0, both: 0 };
  a.forEach((ra, i) => {
    const wa = won(ra);
    const wb = won(b[i]!);
    if (wa && wb) out.both++;
    else if (wa) out.onlyA++;
    else if (wb) out.onlyB++;
  });
  return out;
}
