import type { ShownItem } from './interpretation.js';
import { hasPhrase, UNNAMED_THINGS } from './clauses.js';
import { BEYOND_THE_ITEM, englishWords, isStopword, joinedShortNames, TIME_NOUNS, tokens, valence } from './text.js';
import type { UnderstandingWords } from './words.js';

export type ReferAction = 'like' | 'dismiss' | 'moreLike' | 'remove';

export interface Reference {
  ranks: number[];
  action: ReferAction;
  /** How the items were named: 'number', 'ordinal' or 'name'. */
  by: 'number' | 'ordinal' | 'name';
}

// (Verbs of taking off, "get rid of the halligan", "drop the polytranspar one", take an item off the list; verbs of
// turning down, "skip", "pass on", "nix", dismiss it: the engine does the same for both, the tables' writers did not.)
const REMOVING = ['forget', 'get rid of', 'drop', 'remove', 'delete', 'cross off', 'off the list', 'from the list', 'off my list', 'from my list', 'returned', 'returning', 'sent back', 'send back', 'already own', 'already owns', 'already have', 'already has', 'already bought', 'already got'];

/** Words that may stand around a bare number when it picks items ("pick 1 and 4", "not #2", "like number 5"). */
const NUMBER_COMPANIONS = new Set(['option', 'choice', 'pls', 'plz', 'maybe', 'probably', 'prob', 'def', 'definitely', 'works', 'wins', 'winner', 'then', 'hm', 'look', 'looks', 'good', 'great', 'nice', 'fine', 'cool', 'awesome', 'perfect', 'bad', 'ugly', 'meh', 'are', 'is', 'arent', 'isnt', 'for', 'us', 'nah', 'nope', 'ooh', 'oh', 'yeah', 'yep', 'hmm', 'um', 'meh', 'ugh', 'neither', 'nor', 'either', 'those', 'them', 'it', 'love', 'pick', 'like', 'take', 'choose', 'want', 'add', 'and', 'or', 'number', 'no', 'item', 'items', 'not', 'dismiss', 'hide', 'remove', 'drop', 'the', 'please', 'yes', 'i', 'ill', 'id', 'both', 'one', 'ones', 'more', 'similar', 'to', 'show', 'me', 'of', 'get', 'rid', 'lets', 'go', 'with', 'also', 'too', 'only', 'just', 'dont', 'skip', 'nope', 'decent', 'solid', 'alright', 'promising', 'interesting', 'neat', 'sweet', 'lovely', 'amazing', 'ok', 'okay', 'into', 'off', 'list']);

/** Small words of a verdict on numbered items ("not my thing", "not what im looking for", "meh on 2 and 4"). */
const VERDICT_WORDS = new Set(['my', 'thing', 'things', 'style', 'taste', 'vibe', 'what', 'im', 'looking', 'after', 'on', 'really', 'either', 'at', 'all', 'quite', 'thanks', 'thx', 'sorry', 'honestly', 'tbh', 'frankly']);


/** Slang for "great" after "looks", "is", "so" ("looks sick", "is fire", "so dope"). */
const SLANG_PRAISE = new Set(['sick', 'fire', 'dope', 'lit', 'rad', 'legit', 'fresh', 'clean', 'hard']);
const PRAISE_LEADS = new Set(['looks', 'look', 'is', 'so', 'pretty', 'kinda', 'lowkey', 'thats', 'its', 'actually']);

/** Verdicts on an item AFINN has no valence for ("the 2nd and 3rd are meh", "the last looks tacky"). */
/** Words before a noun that make the next word a name ("the lame", "a lame"), whatever else it can mean. */
const NAMING_LEADS = new Set(['the', 'a', 'an', 'its', 'their']);
const POOR_VERDICTS = new Set(['meh', 'bleh', 'eh', 'tacky', 'hideous', 'boring', 'cheap', 'cheesy', 'flimsy', 'ugly', 'gross', 'overpriced', 'pricey', 'nope', 'nah', 'pass', 'junk', 'junky', 'janky', 'garbage', 'trash', 'trashy', 'crap', 'crappy', 'useless', 'bulky', 'lame', 'overkill', 'pointless', 'worthless', 'sketchy']);

function actionOf(said: readonly string[], negated: boolean, vocabulary: UnderstandingWords): ReferAction {
  // (A colour names an item, it says nothing of it: "the grey shoes" likes them, though "grey" reads as gloomy.)
  const words = said.filter((w) => !vocabulary.colours.includes(w));
  if (hasPhrase(words, vocabulary.moreLike)) return 'moreLike';
  // "anything like number 3", "something like #2", "stuff like the 4th": more of that kind.
  // ("anything else like the harvest lane feeder": "else" between changes nothing.)
  const moreOf = ['anything', 'something', 'stuff', 'things', 'others', 'ones'];
  if (words.some((w, i) => w === 'like' && (moreOf.includes(words[i - 1] ?? '') || (words[i - 1] === 'else' && moreOf.includes(words[i - 2] ?? ''))))) return 'moreLike';
  // "more stuff like the 4th", "more things similar to #2": more, then like or similar.
  const more = words.indexOf('more');
  if (more >= 0 && words.slice(more + 1).some((w) => w === 'like' || w === 'similar')) return 'moreLike';
  // "forget the nanit, we returned ours", "take the vista off the list": out of the list and out of what one has.
  if (hasPhrase(words, REMOVING)) return 'remove';
  // "take 2 off", "take the 3rd and 4th off": taken off the list.
  const take = words.indexOf('take');
  if (take >= 0 && words.slice(take + 2, take + 7).includes('off')) return 'remove';
  // "i bought #5 already", "we have the 2nd one already".
  if (words.includes('already') && words.some((w) => OWNING.has(w))) return 'remove';
  // ("i have the vettec glue but nothing to push it out": had now, whatever is said of it after; "ill have the 2nd" picks.)
  if ((words[0] === 'i' || words[0] === 'we') && (words[1] === 'have' || words[1] === 'own')) return 'remove';
  // "bought the weber last summer", "we got the traeger last year": had for a while, so also owned. ("recently" alone
  // is no such time: "have been eyeing the weber recently" owns nothing.)
  if (words.some((w) => OWNING.has(w)) && words.some((w, i) => w !== 'recently' && saysWhen(words, i))) return 'remove';
  if (negated || hasPhrase(words, vocabulary.dismiss)) return 'dismiss';
  // "the seiko one looks sick", "that one is fire": slang praise, whatever the word's dictionary valence.
  if (words.some((w, i) => SLANG_PRAISE.has(w) && PRAISE_LEADS.has(words[i - 1] ?? ''))) return 'like';
  if (!hasPhrase(words, vocabulary.like) && words.some((w) => POOR_VERDICTS.has(w))) return 'dismiss';
  // "the second is too expensive", "the last one is way too big": too much of something is a verdict against it.
  if (!hasPhrase(words, vocabulary.like) && words.some((w, i) => w === 'too' && words[i + 1] !== undefined && !isStopword(words[i + 1]!) && words[i - 1] !== 'me' && valence([words[i + 1]!]) <= 0)) return 'dismiss';
  if (!hasPhrase(words, vocabulary.like) && valence(words) < 0) return 'dismiss';
  return 'like';
}

/**
 * Items of the shown list a clause names: by number ("#3", "pick 1 and 4"), ordinal ("the second one", "the first and
 * the last") or name ("the mitutoyo", "the caliper one": a brand, or title words only one shown item has, after
 * "the"/"that"/"this" or before "one"). Bare numbers count only when nothing but picking words surrounds them, so
 * "1.75 mm filament" is no reference.
 */
export function findReference(text: string, words: readonly string[], negated: boolean, shown: readonly ShownItem[], vocabulary: UnderstandingWords): Reference | undefined {
  // "none of these", "i dont like any of them", "neither of those": every item shown, refused.
  if (shown.length > 0 && refusesAllOf(words)) return { ranks: shown.map((s) => s.rank), action: 'dismiss', by: 'ordinal' };
  // ("the bulka set with the lame, ill take that": a word of a shown title after an article names a thing, it is no
  // verdict on one; "the 4th one is lame" is.)
  const titled = new Set(shown.flatMap((s) => tokens(s.title)));
  const action = actionOf(words.filter((w, i) => !(POOR_VERDICTS.has(w) && titled.has(w) && NAMING_LEADS.has(words[i - 1] ?? ''))), negated, vocabulary);
  // "the middle one", "the one on top", "the bottom one": a place in the list.
  const place = placeOf(words.join(' '), shown.length);
  if (place !== undefined) return { ranks: [place], action, by: 'ordinal' };
  // "more stuff similar to the us-05", "the m18 one": a model code one shown title has, after the/that/this or before "one".
  // ("the kettle and the v60 both look great": the other items named beside it count too.)
  const coded = codedItem(text, shown);
  if (coded !== undefined) {
    const others = namedItems(words, shown, true, new Set(vocabulary.colours), negated || hasPhrase(words, vocabulary.dismiss)).filter((r) => r !== coded);
    return { ranks: [coded, ...others], action, by: 'name' };
  }
  // ("the one in slot 2", "spot 3", "position 4": a place in the list by its number.)
  // (Not a number that sorts the things named after it: "#6 switches", "number 2 pencils".)
  // (Nor one past the end of the list before a thing's name: "#10 scalpel blades" with five items shown.)
  const sorting = (m: RegExpMatchArray) => {
    const next = /^\s*([a-z]+)/.exec(text.slice(m.index! + m[0].length))?.[1];
    const beyond = shown.length > 0 && Number(m[1]) > shown.length;
    return next !== undefined && next.length >= 4 && (next.endsWith('s') || beyond) && !isStopword(next) && !NUMBER_COMPANIONS.has(next) && !VERDICT_WORDS.has(next) && !POOR_VERDICTS.has(next);
  };
  // ("number 3 and 5 are both good", "#2, 4 or 5": the numbers listed after a marked one are marked by it.)
  // (Not the start of a range: "bib numbers 1-200".)
  const marked = [...text.matchAll(/(?:#|\bnumber\s+|\bnumbers\s+|\bitem\s+|\bitems\s+|\boption\s+|\bchoice\s+|\bno\.\s*|\bslot\s+|\bspot\s+|\bposition\s+)(\d{1,2})\b(?!\s*[-–]\s*\d)((?:\s*(?:,|&|\band\b|\bor\b)\s*#?\d{1,2}\b)*)/g)]
    .filter((m) => !sorting(m))
    .flatMap((m) => [Number(m[1]), ...[...(m[2] ?? '').matchAll(/\d{1,2}/g)].map((n) => Number(n[0]))]);
  const bare = words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
  // ("1 and 4 arent my thing", "meh on 2 and 4", "2 and 4 arent what im looking for": a verdict in small words.)
  const onlyPicking = words.every((w) => /^\d{1,2}$/.test(w) || NUMBER_COMPANIONS.has(w) || VERDICT_WORDS.has(w)) || (bare.length > 0 && words.some((w) => POOR_VERDICTS.has(w) || w === 'arent' || w === 'isnt' || w === 'already') && words.every((w) => /^\d{1,2}$/.test(w) || NUMBER_COMPANIONS.has(w) || VERDICT_WORDS.has(w) || OWNING.has(w) || isStopword(w)));
  const numbers = marked.length ? marked : onlyPicking ? bare : [];
  if (numbers.length && numbers.every((n) => n >= 1)) return { ranks: [...new Set(numbers)], action, by: 'number' };

  const ordinalRanks: number[] = [];
  words.forEach((w, i) => {
    const rank = vocabulary.ordinals[w];
    if (rank === undefined) return;
    const before = words[i - 1];
    const after = words[i + 1];
    // "the second one", "the first and the last", "the last one": not "first aid kit" or "top quality".
    // ("do you have the 2nd in black", "the first but cheaper": what is asked of it follows.)
    const standsAlone = after === undefined || after === 'one' || after === 'ones' || after === 'and' || after === 'or' || after === 'please' || after === 'item' || after === 'too' || after === 'in' || after === 'but' || (after === 'off' && i > 0) || ORDINAL_ENDS.has(after);
    // "the second one", "that third one", "top one is exactly it", or the ordinal alone ("not the first or third").
    // ("first and third": the first of a list of ordinals, said alone.)
    const listed = after === 'and' || after === 'or' || after === 'nor';
    const determined = before === 'the' || before === 'and' || before === 'that' || before === 'this' || after === 'one' || after === 'ones' || (i === 0 && (words.length <= 2 || ORDINAL_ENDS.has(after ?? '') || (listed && vocabulary.ordinals[words[i + 2] ?? ''] !== undefined)));
    if (determined && standsAlone) ordinalRanks.push(rank < 0 ? shown.length || rank : rank);
  });
  if (ordinalRanks.length && ordinalRanks.every((r) => r >= 1)) return { ranks: [...new Set(ordinalRanks)], action, by: 'ordinal' };
  const run = firstOrLastFew(words, shown.length);
  if (run) return { ranks: run, action, by: 'ordinal' };

  if (shown.length === 0) return undefined;
  // ("something to plug the bottle when we dont finish the wine": a thing asked for by what it does, whatever shown
  // title says the words it does it to, is no verdict on that item; "something like the laguiole" still points at one.)
  if (UNNAMED_THINGS.has(words[0] ?? '') && !LIKENING.has(words[1] ?? '')) return undefined;
  // (So does having had it, or wanting more like it, however said: "bought that smoker last spring". A dismissal read
  // from a word's valence alone is no such act: "traxxas slash" slashes nothing.)
  const refuses = negated || hasPhrase(words, vocabulary.dismiss);
  // ("the eyepiece that came with it is like looking through a straw": "like" after "is" compares, it picks nothing.)
  const picking = words.map((w, i) => (w === 'like' && SIMILE_LEADS.has(words[i - 1] ?? '') ? 'as' : w));
  const acts = refuses || action === 'remove' || action === 'moreLike' || hasPhrase(picking, vocabulary.like) || hasPhrase(words, vocabulary.moreLike) || hasPhrase(words, REMOVING);
  const named = namedItems(picking, shown, acts, new Set(vocabulary.colours), refuses);
  return named.length === 0 ? undefined : { ranks: named, action, by: 'name' };
}

/** Words after a name that make it a kind's: "the pressureless ones", "the glue on stuff", "the gel type". */
const KINDS_SAID = new Set(['ones', 'stuff', 'things', 'kinds', 'types', 'kind', 'type', 'sort', 'sorts']);

/** Words after which "like" compares ("it is like looking through a straw") rather than picks. */
const SIMILE_LEADS = new Set(['is', 'are', 'was', 'were', 'its', 'feels', 'feel', 'literally']);

/** Words that liken what is asked for to what follows ("something like the ..."). */
const LIKENING = new Set(['like', 'similar', 'close', 'else', 'kinda', 'sorta']);

/** Words of an action on an item, said near its name ("take the drill", "not the beaker", "the hose is out"). */
const ACTING_NEAR = ['like', 'love', 'take', 'pick', 'choose', 'want', 'get', 'add', 'buy', 'go with', 'not', 'no', 'dont', 'skip', 'hide', 'remove', 'drop', 'ditch', 'forget', 'nix', 'scratch', 'more', 'similar', 'returned', 'already', 'own', 'owns', 'have', 'has', 'bought', 'hate', 'perfect', 'good', 'great', 'nice', 'fine', 'works', 'please', 'pls'];

/** Words at which a sentence goes on to tell what a thing does or why ("so i dont fall out", "where you pour"). */
const DESCRIBING_LINKS = new Set(['so', 'where', 'which', 'without', 'because', 'cause', 'when', 'while', 'whenever']);
/** Sentences of at least this many words with such a link describe; shorter ones pick ("not the drill, it sucks"). */
const DESCRIBING_LENGTH = 9;
/** Verbs of picking or refusing, said right before a shown item's name ("like the", "not the", "skip that"). */
const PICKED_BY = new Set(['like', 'love', 'take', 'pick', 'choose', 'want', 'get', 'add', 'buy', 'not', 'skip', 'hide', 'remove', 'drop', 'ditch', 'nix', 'forget', 'prefer', 'than', 'about', 'with', 'bought', 'have', 'own', 'returned']);

/** Who picks, said before what is picked ("ill take", "lemme get"). */
const PICKING = new Set(['ill', 'id', 'i', 'we', 'well', 'lemme', 'let', 'me', 'gimme', 'gonna', 'gon']);

/** Verbs that say one has a thing ("bought #5 already"). */
const OWNING = new Set(['bought', 'have', 'got', 'own', 'owns', 'ordered', 'has']);

const NONE_OF_THEM = /^(?:\S+ ){0,3}(?:none of (?:these|those|them|em|the above)|neither of (?:these|those|them|em)|(?:dont|do not|didnt|dont really) (?:like|love|want|need) (?:any of (?:these|those|them|em)|these|those|them|em|any of em))(?: (?:work|works|either|at all|really|tbh|lol|pls|please|sorry|thanks|thx|for me|for us|do it|do it for me))*$/;
/** "none of those", "i dont like any of them": every one of something refused (the shown list, or a kind just named). */
export const refusesAllOf = (words: readonly string[]): boolean => NONE_OF_THEM.test(words.join(' '));

/** "the middle one" (of an odd count), "the one on top", "the bottom one": a rank by its place in the list. */
function placeOf(said: string, count: number): number | undefined {
  if (count === 0) return undefined;
  if (/\bthe (?:middle one|one in the middle)\b/.test(said)) return count % 2 === 1 ? (count + 1) / 2 : undefined;
  if (/\b(?:the|that|this) one (?:on|at the) top\b/.test(said)) return 1;
  if (/\bthe (?:bottom one|one (?:on|at) the bottom)\b/.test(said)) return count;
  return undefined;
}

/** Words before a description that make it a kind, not a shown item ("an upright one", "another wooden one"). */
const KIND_LEADS = new Set(['a', 'an', 'another', 'any']);

/** Politeness around a name ("the blue watch pls"). */
const POLITE = new Set(['please', 'pls', 'plz', 'thanks', 'thx']);

/** Things sold as one item though said in the plural ("the jeans", "the running shoes", "the earbuds"). */
const PAIRS = new Set(['jeans', 'pants', 'trousers', 'shorts', 'leggings', 'tights', 'overalls', 'pajamas', 'pyjamas', 'glasses', 'sunglasses', 'goggles', 'binoculars', 'scissors', 'pliers', 'tongs', 'tweezers', 'headphones', 'earbuds', 'earphones', 'shoes', 'boots', 'sneakers', 'sandals', 'slippers', 'heels', 'loafers', 'flats', 'socks', 'gloves', 'mittens', 'earrings', 'hoops', 'studs', 'skates', 'skis', 'clippers', 'shears', 'cleats', 'trainers']);

/** Sounds and fillers around a name that add nothing to it ("ooh the dog bed", "wow that lantern"). */
const INTERJECTIONS = new Set(['ooh', 'oooh', 'oh', 'ohh', 'ah', 'aah', 'wow', 'whoa', 'hmm', 'hm', 'um', 'uh', 'yeah', 'yes', 'yep', 'ok', 'okay', 'lol', 'omg', 'ugh', 'meh', 'nah']);

/** A model code: letters then digits, a hyphen or space between or none ("us-05", "m18", "c1200", "rx100"). */
const MODEL_CODE = /\b(?:the|that|this)\s+([a-z]{1,4})[-\s]?(\d{1,5}[a-z]?)\b(?!\.\d)|\b([a-z]{1,4})[-\s]?(\d{1,5}[a-z]?)\s+ones?\b/g;

/** A size code of two numbers after a pointing word, a describing word between ("those big 25x100 binos", "the 10x42s"). */
const SIZE_CODE = /\b(?:the|that|this|those|these)\s+(?:[a-z]+\s+)?(\d{1,3})\s?x\s?(\d{1,3})(?:s)?\b/g;

/** The rank of the one shown item whose title has the model code the text names after "the" (or before "one"). */
function codedItem(text: string, shown: readonly ShownItem[]): number | undefined {
  const onlyOwner = (code: RegExp) => {
    const owners = shown.filter((s) => code.test(s.title.toLowerCase()));
    return owners.length === 1 ? owners[0]!.rank : undefined;
  };
  for (const m of text.toLowerCase().matchAll(SIZE_CODE)) {
    // The code as titles write it: "25x100", "25 x 100" (not "125x100").
    const rank = onlyOwner(new RegExp(`(?:^|[^0-9.])${m[1]}\\s?x\\s?${m[2]}(?![0-9])`));
    if (rank !== undefined) return rank;
  }
  for (const m of text.toLowerCase().matchAll(MODEL_CODE)) {
    const [letters, digits] = m[1] !== undefined ? [m[1], m[2]!] : [m[3]!, m[4]!];
    // The code as titles write it: "US-05", "US 05", "US05" (not "Bus 05" or "US-055").
    const rank = onlyOwner(new RegExp(`(?:^|[^a-z0-9])${letters}[-\\s]?${digits}(?![a-z0-9])`));
    if (rank !== undefined) return rank;
  }
  return undefined;
}

/** Prepositions that place a thing ("under the leather", "on the bench"). */
const PLACING = new Set(['under', 'on', 'onto', 'in', 'into', 'over', 'from', 'against', 'behind', 'across', 'through', 'off', 'at', 'around', 'inside', 'beneath', 'below', 'above', 'between']);

/** Words that may follow an ordinal that names a shown item ("the 2nd is not for us", "the last looks cheap"). */
const ORDINAL_ENDS = new Set(['is', 'isnt', 'was', 'were', 'looks', 'look', 'seems', 'seem', 'arent', 'are', 'not', 'sounds', 'sound', 'has', 'have', 'both']);

/** Counts said in words after "first", "last" or "top" ("the first two", "the last 3", "top three"). */
const COUNT_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, '2': 2, '3': 3, '4': 4, '5': 5 };

/** "the first two", "the last three", "top 3": a run of shown ranks from either end. */
function firstOrLastFew(words: readonly string[], shownCount: number): number[] | undefined {
  for (let i = 0; i + 1 < words.length; i++) {
    const count = COUNT_WORDS[words[i + 1]!];
    if (count === undefined) continue;
    if (words[i] === 'first' || words[i] === 'top') return Array.from({ length: count }, (_, k) => k + 1);
    if (words[i] === 'last' && shownCount >= count) return Array.from({ length: count }, (_, k) => shownCount - count + k + 1);
  }
  return undefined;
}

/**
 * Words that may follow the word naming a shown item ("the drill looks good", "the hose and the drill", "the weber
 * one", "that sooteater kit", "the mitutoyo thing": a word for things in general adds nothing to the name): the name
 * ends there. Any other content word after it continues a noun phrase ("the water pressure"), which names something else.
 */
const NAME_ENDS = new Set(['thing', 'thingy', 'kit', 'already', 'anymore', 'pls', 'plz', 'off', 'from', 'out', 'one', 'ones', 'and', 'or', 'please', 'too', 'instead', 'both', 'looks', 'look', 'seems', 'seem', 'is', 'are', 'was', 'were', 'isnt', 'arent', 'wasnt', 'werent', 'aint', 'sounds', 'for', 'then', 'either', 'but']);

/** When a thing was had, said after its name: "the traeger last year", "the hue bulbs yesterday". */
function saysWhen(words: readonly string[], at: number): boolean {
  return (words[at] === 'last' && TIME_NOUNS.has(words[at + 1] ?? '')) || words[at] === 'yesterday' || words[at] === 'recently' || words[at] === 'ago';
}

/**
 * A title's words, and the name in each word that runs a name and a number together: "the leuchtturm" names the
 * Leuchtturm1917 notebook.
 */
function nameWords(title: string): string[] {
  return [...tokens(title), ...joinedShortNames(title)].flatMap((w) => {
    const name = /^([a-z]{4,})\d+$/.exec(w)?.[1];
    return name === undefined ? [w] : [w, name];
  });
}

function endsName(next: string | undefined): boolean {
  return next === undefined || NAME_ENDS.has(next) || isStopword(next);
}

/**
 * Shown items named in a clause, in the order named: a brand only one shown item has, or title words that pick out
 * exactly one shown item, each after "the"/"that"/"this" or before "one" ("the mitutoyo", "the hose and the drill",
 * "the weber one"). A brand with no such word ("dewalt drill") asks for the brand's products, not for the shown one,
 * unless the clause acts on an item ("not dewalt", "like the dewalt").
 */
function namedItems(words: readonly string[], shown: readonly ShownItem[], acts: boolean, colours: ReadonlySet<string>, refuses: boolean): number[] {
  // A brand's words of three letters or more, or a short brand whole ("WD", "HP", "LG").
  // (Of a brand of several words, the words its item's categories do not say: "the pool" names no item of
  // "Clorox Pool&Spa" under Pool & Spa, nor "the medical" one of "Adventure Medical Kits" under Medical Supplies.)
  // (A two-letter initialism a brand writes in capitals counts too: "the ge nippers" of GE Forge & Tool.)
  const brandWords = shown.map((s) => {
    // ("the hy-c cap": a short name joined by a hyphen, read run together, "hyc", is the brand too.)
    const words = [...tokens(s.brand ?? ''), ...joinedShortNames(s.brand ?? '')];
    const initials = new Set((s.brand ?? '').split(/[^A-Za-z0-9]+/).filter((w) => /^[A-Z]{2}$/.test(w)).map((w) => w.toLowerCase()));
    const path = new Set(s.categories.flatMap((c) => tokens(c)));
    return new Set(words.length === 1 ? words : words.filter((w) => (w.length >= 3 || initials.has(w)) && !path.has(w) && !path.has(`${w}s`)));
  });
  const titleWords = shown.map((s) => new Set(nameWords(s.title)));
  // What each title says the item is, before it says what comes with it or what it fits ("... Truck RTR with Battery
  // and Charger": a truck, not a charger).
  const ownWords = shown.map((s) => {
    const words = tokens(s.title);
    const end = words.findIndex((w) => BEYOND_THE_ITEM.has(w));
    return new Set(end < 0 ? words : words.slice(0, end));
  });
  const ranks: number[] = [];
  const add = (owners: number[]) => {
    if (owners.length === 1 && !ranks.includes(shown[owners[0]!]!.rank)) ranks.push(shown[owners[0]!]!.rank);
  };
  const singular = (w: string) => (w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  // ("ooh the hazer, thats the one" for an "Antari HZ-500 Haze Machine" under Hazers: the item's own category names it
  // as its title does; "the hazers", in the plural, is still the kind.)
  const leafWords = shown.map((s) => new Set(tokens(s.categories.at(-1) ?? '').map(singular)));
  // ("not the iwata or the replica" of "Lakeside Replicas ...": refused, a title's plural said in the singular names it
  // too; "mats with the grid on them" is what mats are like.)
  // ("more like the vario" of a "... Variometer", "not the ash vac" of an "... Ash Vacuum": a word no dictionary has
  // that a title word starts with is its clipping.)
  const titleWordLists = titleWords.map((t) => [...t]);
  const clips = (k: number, w: string) => w.length >= 3 && !englishWords().has(w) && titleWordLists[k]!.some((t) => t.length >= w.length + 2 && t.startsWith(w));
  const inTitle = (k: number, w: string) => titleWords[k]!.has(w) || titleWords[k]!.has(singular(w)) || (refuses && titleWords[k]!.has(`${w}s`)) || leafWords[k]!.has(w) || leafWords[k]!.has(singular(w)) || clips(k, w);
  // ("the monster bag" for "Maverik Monster Lacrosse Backpack" under Bags: its kind, in the words of its categories.)
  const kindWords = shown.map((s) => new Set(s.categories.flatMap((c) => tokens(c)).map(singular)));
  // The name ends after this word, or goes on with words of the same item's title or kind ("the karter beaker").
  const nameEnds = (i: number, owner: number) => {
    let j = i + 1;
    while (j < words.length && !isStopword(words[j]!) && !NAME_ENDS.has(words[j]!) && (inTitle(owner, words[j]!) || kindWords[owner]!.has(singular(words[j]!)))) j++;
    return endsName(words[j]) || saysWhen(words, j);
  };
  // (A long sentence that tells what a thing does or why: see below.)
  const describes = words.length >= DESCRIBING_LENGTH && words.some((x) => DESCRIBING_LINKS.has(x));
  words.forEach((w, i) => {
    if (isStopword(w) || /^\d+$/.test(w) || (w.length < 3 && !brandWords.some((b) => b.has(w)))) return;
    // ("an upright one" asks for a kind: a or an before it names no item on the list.)
    // ("that 3 head flood light", "the blue watch": a number or a colour between the determiner and the name is part
    // of the name.)
    // ("the b-mix": a letter the title writes joined to the name is part of it too.)
    const designator = /^[a-z]$/.test(words[i - 1] ?? '') && titleWords.some((t) => t.has(words[i - 1]!) && t.has(w));
    const before = /^\d+$/.test(words[i - 1] ?? '') || colours.has(words[i - 1] ?? '') || designator ? words[i - 2] : words[i - 1];
    // ("got those hue bulbs already": a brand after "those" or "these" names the shown item too.)
    // ("ill take the rossignols", "more like the oakleys": a brand said in the plural after "the" names its item all the
    // same; "no more legos" refuses the brand's things.)
    const saysBrand = (brand: ReadonlySet<string>) => brand.has(w) || (w.length > 4 && w.endsWith('s') && brand.has(w.slice(0, -1)));
    // ("i dont want an auto darkening one": the words before "one" after a or an describe a kind, all of them.)
    let run = i;
    while (run > 0 && !isStopword(words[run - 1]!)) run--;
    // ("tennis bag that holds 9 racquets": "that" after a name's own word starts what it does, it points at nothing.)
    const relative = before === 'that' && words[i - 2] !== undefined && !isStopword(words[i - 2]!) && titleWords.some((_, k) => inTitle(k, words[i - 2]!));
    const determined = (['the', 'that', 'this'].includes(before ?? '') && !relative) || (words[i + 1] === 'one' && !KIND_LEADS.has(words[run - 1] ?? '')) || (['those', 'these'].includes(before ?? '') && brandWords.some(saysBrand));
    const brandOwners = brandWords.flatMap((b, k) => ((determined ? saysBrand(b) : b.has(w)) ? [k] : []));
    if (brandOwners.length === 1) {
      // The brand may be followed by what the item is, in other words than its title's ("the thermacare wraps are
      // perfect" for "ThermaCare ... HeatWraps").
      const ends = nameEnds(i, brandOwners[0]!) || (words[i + 1] !== undefined && !isStopword(words[i + 1]!) && endsName(words[i + 2]));
      // (A brand word that is an everyday word, "clean" of Mrs. Meyer's Clean Day, names the item only after "the";
      // and not where "the" follows a preposition in a clause that does nothing to an item: "the heavy stone you put
      // under the leather" of Tandy Leather is where the stone goes.)
      const placed = words[i - 1] === 'the' && PLACING.has(words[i - 2] ?? '') && !acts && englishWords().has(w);
      if ((determined || (acts && !englishWords().has(w))) && ends && !placed) add(brandOwners);
      return;
    }
    // "the vacuums" names a category; "the vacuum" or "the vacuums one" names an item.
    // (A thing that comes as a pair, "the jeans", "the running shoes", is one item all the same.)
    // (A plural a shown title writes as it is, "the balls" of "Pro V1 Golf Balls, 12 Pack", names that item; refused,
    // "not the balls", it is the kind turned down.)
    // (A model code in the plural, "the g2s", is the item: a kind is named in words.)
    // (Taken off the list, "get rid of the jugs" of the one shown jug, it is that item: a list is what one takes things
    // off, where "no more jugs" turns the kind down.)
    const takenOff = refuses && words[i - 1] === 'the' && hasPhrase(words, REMOVING) && titleWords.filter((_, k) => inTitle(k, w)).length === 1;
    const plural = w.endsWith('s') && !w.endsWith('ss') && !/\d/.test(w) && words[i + 1] !== 'one' && !PAIRS.has(w) && !takenOff && (refuses || !titleWords.some((t) => t.has(w)));
    if (!determined || plural) return;
    // ("skip the pressureless ones", "none of the glue on stuff please": refused, words followed by "ones" or "stuff"
    // name a kind, not the one shown item whose title says them; "not the pressureless one" is that item.)
    if (refuses && words.slice(i + 1, i + 4).some((x) => KINDS_SAID.has(x))) return;
    // A title word in a sentence ("the thing that goes on the end of the hose") is no pick: it names an item when
    // the clause acts on one, says "one" after it, or is nothing but the name ("the drill", "that beaker").
    // ("ooh the dog bed": an interjection says nothing more.)
    // (Or nothing but names of shown items: "the running shoes and the watch", "the blue watch pls".)
    const said = words.filter((x) => !isStopword(x) && !NAME_ENDS.has(x) && !INTERJECTIONS.has(x) && !POLITE.has(x));
    // ("a cooler for the harvest": what a thing asked for is for names no shown item.)
    const purpose = words[i - 1] === 'the' && words[i - 2] === 'for' && said.some((x) => x !== w && !titleWords.some((_, k) => inTitle(k, x)));
    const onlyTheName = !purpose && (said.length <= 2 || said.every((x) => titleWords.some((_, k) => inTitle(k, x))));
    // An action acts on the name when said just before it or of it ("i'll take the drill", "the drill looks good"),
    // not when the sentence is about something else ("want to be sure the power is really off": no pick of a power
    // station; "its the switch on the wall i want to dim": a switch wanted, not the one shown).
    const start = before === words[i - 1] ? i - 1 : i - 2;
    const near = [...words.slice(Math.max(0, start - 3), start), ...words.slice(i + 1, i + 4)];
    // (Named first, the item is what the clause is about: "the hose and the drill both look good".)
    // (Or after other names of shown items only: "the conrail one and the bay window both look great", "ill take the
    // golden wax and the crackling wicks".)
    const first = words.slice(0, Math.max(0, start)).every((x) => INTERJECTIONS.has(x) || x === 'and' || x === 'but' || x === 'so') ||
      (start > 0 && words[start - 1] === 'and' && words.slice(0, start).every((x) => isStopword(x) || x === 'one' || PICKING.has(x) || ACTING_NEAR.includes(x) || titleWords.some((_, k) => inTitle(k, x))));
    // (A verdict on a name the clause opens with acts on it too: "that white cart is nice".)
    const verdict = valence(near.filter((x) => !colours.has(x))) !== 0 || near.some((x) => POOR_VERDICTS.has(x) || SLANG_PRAISE.has(x));
    const actsOnIt = (acts && (first || hasPhrase(near, ACTING_NEAR) || verdict)) || (first && verdict);
    if (!(actsOnIt || words[i + 1] === 'one' || onlyTheName)) return;
    // ("books to learn the steno keyboard from scratch", "sick of sucking on a hose to get the beer out of the
    // fermenter": a long sentence that tells what a thing does or why names a shown title's word in passing; an item is
    // picked there only by a verb of picking said right before its name.)
    if (describes && words[i + 1] !== 'one' && !PICKED_BY.has(words[start - 1] ?? '')) return;
    let owners = titleWords.flatMap((_, k) => (inTitle(k, w) ? [k] : []));
    // ("more like the drum sticks" of "Clyde Sticks Snare Sticks" under Pipe Band Drums: a word of one shown item's
    // kind, just before a word of its title, names that item.)
    if (owners.length === 0 && words[i + 1] !== undefined && !isStopword(words[i + 1]!)) {
      const kinds = kindWords.flatMap((kind, k) => (kind.has(singular(w)) && inTitle(k, words[i + 1]!) ? [k] : []));
      if (kinds.length === 1) owners = kinds;
    }
    // ("the 10 frame kit" of a 2 frame extractor and a 10 frame hive kit: the words said with it tell them apart.)
    if (owners.length > 1) {
      const around = [...(before !== words[i - 1] ? [words[i - 1]!] : []), w];
      for (let j = i + 1; j < words.length && !isStopword(words[j]!) && !NAME_ENDS.has(words[j]!) && titleWords.some((_, k) => inTitle(k, words[j]!)); j++) around.push(words[j]!);
      const all = owners.filter((k) => around.every((x) => inTitle(k, x)));
      if (all.length === 1) owners = all;
    }
    // ("the backpack and the shoes": the title that writes the word as said, "Tennis Shoes", over one that writes it
    // otherwise, "Shoe Compartment".)
    if (owners.length > 1) {
      const asSaid = owners.filter((k) => titleWords[k]!.has(w));
      if (asSaid.length === 1) owners = asSaid;
    }
    // ("not interested in the charger": the charger shown, not the truck that comes with one.)
    if (owners.length > 1) {
      const own = owners.filter((k) => ownWords[k]!.has(w) || ownWords[k]!.has(singular(w)));
      if (own.length === 1) owners = own;
    }
    // ("the pads and the bat" of batting pads for a "Right Hand Bat", a bat, and a bag with a bat pocket: the one whose
    // kind is a bat, in the words of its categories.)
    if (owners.length > 1) {
      const ofKind = owners.filter((k) => kindWords[k]!.has(singular(w)));
      if (ofKind.length === 1) owners = ofKind;
    }
    // "enough with the neck pillows": a name that ends in a plural names the kind, not the shown one.
    let last = i;
    while (owners.length === 1 && last + 1 < words.length && !isStopword(words[last + 1]!) && !NAME_ENDS.has(words[last + 1]!) && inTitle(owners[0]!, words[last + 1]!)) last++;
    // (A model code in the plural, "the pro v1s", is still the item: a kind is named in words.)
    const pluralName = last > i && words[last]!.endsWith('s') && !words[last]!.endsWith('ss') && !/\d/.test(words[last]!) && words[last + 1] !== 'one' && !titleWords[owners[0]!]!.has(words[last]!) && !PAIRS.has(words[last]!);
    if (owners.length === 1 && !pluralName && nameEnds(i, owners[0]!)) add(owners);
  });
  return ranks;
}
