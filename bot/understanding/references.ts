import type { ShownItem } from './interpretation.js';
import { hasPhrase } from './clauses.js';
import { isStopword, tokens } from './text.js';
import type { UnderstandingWords } from './words.js';

export type ReferAction = 'like' | 'dismiss' | 'moreLike';

export interface Reference {
  ranks: number[];
  action: ReferAction;
  /** How the items were named: 'number', 'ordinal' or 'name'. */
  by: 'number' | 'ordinal' | 'name';
}

/** Words that may stand around a bare number when it picks items ("pick 1 and 4", "not #2", "like number 5"). */
const NUMBER_COMPANIONS = new Set(['pick', 'like', 'take', 'choose', 'want', 'add', 'and', 'or', 'number', 'no', 'item', 'items', 'not', 'dismiss', 'hide', 'remove', 'drop', 'the', 'please', 'yes', 'i', 'ill', 'id', 'both', 'one', 'ones', 'more', 'similar', 'to', 'show', 'me', 'of', 'get', 'rid', 'lets', 'go', 'with', 'also', 'too', 'only', 'just', 'dont', 'skip', 'nope']);

function actionOf(words: readonly string[], negated: boolean, vocabulary: UnderstandingWords): ReferAction {
  if (hasPhrase(words, vocabulary.moreLike)) return 'moreLike';
  if (negated || hasPhrase(words, vocabulary.dismiss)) return 'dismiss';
  return 'like';
}

/**
 * Items of the shown list a clause names: by number ("#3", "pick 1 and 4"), ordinal ("the second one", "the first and
 * the last") or name ("the mitutoyo", "the caliper one": a brand, or title words only one shown item has, after
 * "the"/"that"/"this" or before "one"). Bare numbers count only when nothing but picking words surrounds them, so
 * "1.75 mm filament" is no reference.
 */
export function findReference(text: string, words: readonly string[], negated: boolean, shown: readonly ShownItem[], vocabulary: UnderstandingWords): Reference | undefined {
  const action = actionOf(words, negated, vocabulary);
  const marked = [...text.matchAll(/(?:#|\bnumber\s+|\bitem\s+|\bno\.\s*)(\d{1,2})\b/g)].map((m) => Number(m[1]));
  const bare = words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
  const onlyPicking = words.every((w) => /^\d{1,2}$/.test(w) || NUMBER_COMPANIONS.has(w));
  const numbers = marked.length ? marked : onlyPicking ? bare : [];
  if (numbers.length && numbers.every((n) => n >= 1)) return { ranks: [...new Set(numbers)], action, by: 'number' };

  const ordinalRanks: number[] = [];
  words.forEach((w, i) => {
    const rank = vocabulary.ordinals[w];
    if (rank === undefined) return;
    const before = words[i - 1];
    const after = words[i + 1];
    // "the second one", "the first and the last", "the last one": not "first aid kit" or "top quality".
    const standsAlone = after === undefined || after === 'one' || after === 'and' || after === 'or' || after === 'please' || after === 'item' || after === 'too';
    if ((before === 'the' || before === 'and') && standsAlone) ordinalRanks.push(rank < 0 ? shown.length || rank : rank);
  });
  if (ordinalRanks.length && ordinalRanks.every((r) => r >= 1)) return { ranks: [...new Set(ordinalRanks)], action, by: 'ordinal' };

  if (shown.length === 0) return undefined;
  const named = namedItem(words, shown);
  return named === undefined ? undefined : { ranks: [named], action, by: 'name' };
}

function namedItem(words: readonly string[], shown: readonly ShownItem[]): number | undefined {
  const brandWords = shown.map((s) => new Set(tokens(s.brand ?? '').filter((w) => w.length >= 3)));
  const titleWords = shown.map((s) => new Set(tokens(s.title)));
  const content = words.filter((w) => !isStopword(w) && w.length >= 3 && !/^\d+$/.test(w));
  // A brand only one shown item has.
  for (const w of content) {
    const owners = brandWords.flatMap((b, i) => (b.has(w) ? [i] : []));
    if (owners.length === 1) return shown[owners[0]!]!.rank;
  }
  // "the caliper one", "that beaker": a determiner and title words that pick out exactly one shown item.
  const padded = ` ${words.join(' ')} `;
  for (const w of content) {
    const determined = padded.includes(` the ${w} `) || padded.includes(` that ${w} `) || padded.includes(` this ${w} `) || padded.includes(` ${w} one `);
    // "the vacuums" names a category; "the vacuum" or "the vacuums one" names an item.
    const plural = w.endsWith('s') && !w.endsWith('ss') && !padded.includes(` ${w} one `);
    if (!determined || plural) continue;
    const singular = w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
    const owners = titleWords.flatMap((t, i) => (t.has(w) || t.has(singular) ? [i] : []));
    if (owners.length === 1) return shown[owners[0]!]!.rank;
  }
  return undefined;
}
