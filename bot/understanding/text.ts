import { createRequire } from 'node:module';
import natural from 'natural';

/** Most words of one message the understanding reads: per-message work stays bounded whatever is pasted. */
export const MAX_TOKENS = 64;
/** Most characters of one message (the engine cuts at the same limit and says so). */
export const MAX_CHARS = 2000;

/** Spans of time said after "last", "next" or "this" ("last spring", "this weekend"): when, not what. */
export const TIME_NOUNS: ReadonlySet<string> = new Set(['spring', 'summer', 'fall', 'autumn', 'winter', 'week', 'weekend', 'month', 'year', 'night', 'morning', 'evening', 'day', 'time', 'season', 'christmas', 'holiday', 'holidays']);

/** English plurals no suffix rule undoes ("mice" is what a catalog of Mice calls a mouse). */
const IRREGULAR_PLURALS: Record<string, string> = {
  mice: 'mouse', geese: 'goose', teeth: 'tooth', feet: 'foot', children: 'child', men: 'man', women: 'woman', people: 'person',
  knives: 'knife', leaves: 'leaf', shelves: 'shelf', halves: 'half', wolves: 'wolf', lives: 'life', wives: 'wife', loaves: 'loaf',
  calves: 'calf', scarves: 'scarf', hooves: 'hoof', dice: 'die', oxen: 'ox', lice: 'louse', cacti: 'cactus', fungi: 'fungus',
};

/**
 * Past forms no suffix rule undoes, read as their verb ("hands froze", "got stung", "it broke"), so "frozen" says what
 * "freeze" says. Forms that are also words of their own are left alone: "left", "ground", "felt", "shot", "bit",
 * "saw", "found", "wound", "bound", "fed", "rung", "spun", "lead", "cast", "set".
 */
const IRREGULAR_VERBS: Record<string, string> = {
  froze: 'freeze', frozen: 'freeze', broke: 'break', broken: 'break', tore: 'tear', torn: 'tear', wore: 'wear', worn: 'wear',
  stung: 'sting', stuck: 'stick', bitten: 'bite', ate: 'eat', eaten: 'eat', fell: 'fall', fallen: 'fall', stole: 'steal',
  stolen: 'steal', swam: 'swim', swum: 'swim', sank: 'sink', sunk: 'sink', stank: 'stink', stunk: 'stink', woke: 'wake',
  woken: 'wake', shook: 'shake', shaken: 'shake', blew: 'blow', blown: 'blow', grew: 'grow', grown: 'grow', hid: 'hide',
  hidden: 'hide', threw: 'throw', thrown: 'throw', caught: 'catch', bought: 'buy', kept: 'keep', slept: 'sleep', dug: 'dig',
  hung: 'hang', rode: 'ride', ridden: 'ride', drove: 'drive', driven: 'drive', chose: 'choose', chosen: 'choose', ran: 'run',
  flew: 'fly', flown: 'fly', shrank: 'shrink', shrunk: 'shrink', spilt: 'spill', burnt: 'burn', taught: 'teach',
  brought: 'bring', slid: 'slide', struck: 'strike', swung: 'swing', crept: 'creep', knelt: 'kneel', lost: 'lose', spat: 'spit',
};

export const stem = (word: string): string => natural.PorterStemmer.stem(IRREGULAR_PLURALS[word] ?? IRREGULAR_VERBS[word] ?? word);

/** AFINN word valences (natural's): the mean valence of the words, below 0 for poor ("meh", "fake"), above for praise. */
const afinn = new natural.SentimentAnalyzer('English', undefined, 'afinn');
export function valence(words: readonly string[]): number {
  return afinn.getSentiment([...words]);
}

/** The word as one thing, by whole words not stems ("gloves" -> "glove", "batteries" -> "battery", "mice" -> "mouse"). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR_PLURALS[w]) return IRREGULAR_PLURALS[w]!;
  if (/(?:ch|sh|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + 'y';
  if (/[^s]s$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Words with which a category name says it is for children (Youth Gloves, Kids' Bikes). */
export const CHILD_NAMES = /\b(?:kids|kid|children|childrens|child|youth|toddler|toddlers|boys|girls|junior|juniors)\b/;
/** The everyday words for children of any age, as people say them ("kids gloves"). */
export const CHILD_WORDS = /^(?:kids?|child|children|childrens)$/;

/** Lowercase word tokens: letters and digits, apostrophes dropped ("don't" -> "dont"), hyphens split. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Model codes a title writes with a hyphen or space between letters and digits, joined as people type them: "Tornado
 * T-3000" is said "t3000", "Franklin X-40" "x40".
 */
export function joinedCodes(text: string): string[] {
  return [...text.toLowerCase().matchAll(/(?<![\p{L}\p{N}])([a-z]{1,3})[- ](\d{2,5}[a-z]?)(?![\p{L}\p{N}])/gu)].map((m) => `${m[1]}${m[2]}`);
}

/**
 * Short names joined by a hyphen or an ampersand, run together as one word: "HY-C" is "hyc", "K&N" "kn", "L&B" "lb".
 * A name's parts of one or two letters are no words to look up on their own; the whole is. Said the same way ("hy-c",
 * "k & n"), the two read as one.
 */
export const SHORT_JOINED = /(?<![\p{L}\p{N}])([\p{L}\p{N}]{1,3})\s?[-&]\s?([\p{L}\p{N}]{1,3})(?![\p{L}\p{N}])/gu;
export function joinedShortNames(text: string): string[] {
  return [...text.toLowerCase().matchAll(SHORT_JOINED)].filter((m) => shortJoin(m[1]!, m[2]!)).map((m) => `${m[1]}${m[2]}`);
}

/** The text's words with its short names run together ("HY-C Chimney Caps": hyc, chimney, caps). */
export function tokensShortJoined(text: string): string[] {
  return tokens(text.toLowerCase().replace(SHORT_JOINED, (said, a: string, b: string) => (shortJoin(a, b) ? `${a}${b}` : said)));
}

/** Two parts run together when one is too short to be a word on its own, both letters (a code with digits, "POR-15", is joinedCodes'). */
function shortJoin(a: string, b: string): boolean {
  return Math.min(a.length, b.length) < 3 && !/\d/.test(a + b);
}

let english: Set<string> | undefined;
let lexicon: Record<string, string[] | undefined> | undefined;

/** The Brill part-of-speech lexicon that ships with `natural` (pos-js): word -> tags, most frequent first. */
export function posLexicon(): Record<string, string[] | undefined> {
  if (!lexicon) {
    const require = createRequire(import.meta.url);
    lexicon = require('natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json') as Record<string, string[]>;
  }
  return lexicon;
}

/**
 * English words: the lowercase entries of the Brill part-of-speech lexicon that ships with `natural` (~54k words,
 * from pos-js), plus its stop words. Proper nouns (capitalised entries) are left out.
 */
export function englishWords(): Set<string> {
  if (!english) {
    english = new Set(Object.keys(posLexicon()).filter((w) => w === w.toLowerCase() && /^[a-z]+$/.test(w)));
    for (const w of natural.stopwords) english.add(w);
  }
  return english;
}

const stopwords = new Set<string>(natural.stopwords);
export const isStopword = (word: string): boolean => stopwords.has(word);

/**
 * Title words after which a title says what comes with the item or what it fits, not what the item is ("... Truck RTR
 * with Battery and Charger", "Bag, Fits 1/10 Slash"): read by references to shown items and by a brand's product line.
 */
export const BEYOND_THE_ITEM: ReadonlySet<string> = new Set(['with', 'w', 'for', 'fits', 'fit', 'compatible', 'includes', 'including', 'plus', 'replaces', 'replacement']);

/** British and American spellings of the same word, read each way: "tyres" is what a catalog writing "tires" sells. */
const SPELLING_PAIRS: [string, string][] = [
  ['tyre', 'tire'], ['colour', 'color'], ['aluminium', 'aluminum'], ['grey', 'gray'], ['jewellery', 'jewelry'], ['centre', 'center'],
  ['metre', 'meter'], ['litre', 'liter'], ['mould', 'mold'], ['pyjama', 'pajama'], ['favourite', 'favorite'], ['organiser', 'organizer'],
  ['moisturiser', 'moisturizer'], ['sanitiser', 'sanitizer'], ['vaporiser', 'vaporizer'], ['catalogue', 'catalog'], ['plough', 'plow'],
  ['draught', 'draft'], ['fibre', 'fiber'], ['fibreglass', 'fiberglass'], ['microfibre', 'microfiber'], ['odour', 'odor'], ['armour', 'armor'], ['flavour', 'flavor'], ['sulphur', 'sulfur'],
];
/** British words for things American catalogs name otherwise, read one way only ("nappies": diapers). */
const REGIONAL_WORDS: [string, string][] = [
  ['nappy', 'diaper'], ['torch', 'flashlight'], ['hoover', 'vacuum'], ['trouser', 'pant'], ['dummy', 'pacifier'], ['pram', 'stroller'],
  ['spanner', 'wrench'], ['sellotape', 'tape'], ['hob', 'cooktop'], ['tin', 'pan'], ['nappies', 'diapers'], ['trousers', 'pants'],
  // (A horse's rug is its blanket; a jumper a sweater; trainers sneakers; crisps chips: where the catalog says the other.)
  ['rug', 'blanket'], ['jumper', 'sweater'], ['trainers', 'sneakers'], ['crisps', 'chips'], ['petrol', 'gas'],
];
/** A word and its everyday clipping, read each way: a catalog writes one of them ("bicycle helmet": Bike Helmets). */
const CLIPPED_PAIRS: [string, string][] = [['bicycle', 'bike']];
const VARIANTS = new Map<string, string[]>();
/** The same word's other spelling, singular and plural alike ("aluminium": "aluminum"); never another word for the thing. */
const OTHER_SPELLINGS = new Map<string, string>();
const addVariant = (x: string, y: string) => VARIANTS.set(x, [...(VARIANTS.get(x) ?? []), y]);
for (const [a, b] of [...SPELLING_PAIRS, ...CLIPPED_PAIRS]) {
  const spelling = SPELLING_PAIRS.some(([c]) => c === a);
  for (const [x, y] of [[a, b], [b, a], [a + 's', b + 's'], [b + 's', a + 's']] as const) {
    addVariant(x, y);
    if (spelling) OTHER_SPELLINGS.set(x, y);
  }
}
/**
 * Informal spellings and clippings of everyday words, read one way ("flood lite camra": floodlight camera; "security
 * cams"): used only where the catalog never writes the informal word itself.
 */
const INFORMAL_WORDS: [string, string][] = [
  ['lite', 'light'], ['nite', 'night'], ['thru', 'through'], ['cam', 'camera'], ['mic', 'microphone'], ['fridge', 'refrigerator'],
  ['vac', 'vacuum'], ['bday', 'birthday'], ['xmas', 'christmas'], ['veggie', 'vegetable'], ['sunnies', 'sunglasses'], ['tux', 'tuxedo'],
  ['trike', 'tricycle'], ['undies', 'underwear'], ['jammies', 'pajamas'], ['pjs', 'pajamas'], ['meds', 'medicine'], ['hanky', 'handkerchief'],
  // (Clothes, where a shop says only "apparel".)
  ['clothes', 'apparel'], ['clothing', 'apparel'],
];
for (const [x, y] of [...REGIONAL_WORDS, ...INFORMAL_WORDS]) {
  addVariant(x, y);
  if (!x.endsWith('s')) addVariant(x + 's', y + 's');
}

/** Materials said as adjectives, and the noun a catalog writes for each ("a wooden one": wood). */
const MATERIAL_ADJECTIVES = new Map([['wooden', 'wood'], ['woolen', 'wool'], ['woollen', 'wool'], ['golden', 'gold'], ['silken', 'silk']]);
// (The first adjective of a noun is the one its titles write: "woolen", not the British "woollen".)
const MATERIAL_NOUN_ADJECTIVES = new Map([...MATERIAL_ADJECTIVES].reverse().map(([adjective, noun]) => [noun, adjective]));
/** The noun of a material said as an adjective ("wooden": wood), or the word itself. */
export function materialNoun(word: string): string {
  return MATERIAL_ADJECTIVES.get(word) ?? word;
}
/** The adjective a title may write for a material noun ("wood": wooden), if it has one. */
export function materialAdjective(noun: string): string | undefined {
  return MATERIAL_NOUN_ADJECTIVES.get(noun);
}

export function otherSpelling(word: string): string | undefined {
  return OTHER_SPELLINGS.get(word);
}

/** Whether two words are one word in two spellings ("aluminium", "aluminum"), not another word for the same thing. */
export function sameSpelling(a: string, b: string): boolean {
  return a === b || OTHER_SPELLINGS.get(a) === b;
}

/** The other spellings (or the other side's word) of a word, singular and plural alike: "tyres" -> ["tires"]. */
export function spellingVariants(word: string): readonly string[] {
  return VARIANTS.get(word) ?? [];
}

/**
 * The words that carry meaning: stop words out, except a single letter that designates what the word before it
 * names ("vitamin d" is not "vitamin c"; "usb c", "size m"): natural's stop words hold every letter.
 */
export function meaningfulWords(words: readonly string[]): string[] {
  return words.filter((_, i) => isMeaningful(words, i));
}

/** Whether the word at `i` is no stop word where it stands. */
export function isMeaningful(words: readonly string[], i: number): boolean {
  return !isStopword(words[i]!) || isDesignator(words, i) || isCanNoun(words, i);
}

/**
 * "a rope can with a locking lid", "need a hat can": "can" after a noun, with no verb or adverb after it, is the
 * container, not the modal ("the kids can drop it", "a saw can also cut").
 */
export function isCanNoun(words: readonly string[], i: number): boolean {
  if (words[i] !== 'can') return false;
  const before = words[i - 1];
  const after = words[i + 1];
  if (before === undefined || !/^[a-z]{3,}$/.test(before) || isStopword(before) || !(posLexicon()[before] ?? ['NN']).some((t) => t.startsWith('NN'))) return false;
  const tags = posLexicon()[after ?? ''] ?? [];
  return after === undefined || !(tags.some((t) => t.startsWith('VB')) || tags[0] === 'RB' || tags[0] === 'MD');
}

function isDesignator(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  const before = words[i - 1];
  return /^[b-hj-z]$/.test(w) && before !== undefined && /^[a-z]{2,}$/.test(before) && !isStopword(before);
}

/**
 * Bounded spelling look-up against a vocabulary (SymSpell's symmetric-delete idea): every vocabulary word is indexed
 * under itself and its one-letter deletions, so a misspelling within two edits is found with O(word length) map
 * look-ups, never a scan of the vocabulary. Candidates are confirmed with Damerau-Levenshtein distance.
 */
/**
 * Whether two different words are one edit apart (a letter more, less, changed, or two swapped). Measured both ways:
 * natural's Damerau-Levenshtein counts a letter the first word lacks at its end as no edit ("aeropres", "aeropress").
 */
export function oneSlip(a: string, b: string): boolean {
  return a !== b && Math.max(natural.DamerauLevenshteinDistance(a, b), natural.DamerauLevenshteinDistance(b, a)) === 1;
}

export class SpellingIndex {
  private readonly deletes = new Map<string, string[]>();
  /** Vocabulary words by their Double Metaphone keys (how they sound). */
  private readonly sounds: Map<string, string[]>;

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const word of frequency.keys()) {
      if (word.length < 4) continue;
      // (A plural the catalog writes is found from a slip of its singular too: "sealar" is a sealer, of its Sealers.)
      const one = singular(word);
      const forms = one !== word && one.length >= 4 && !frequency.has(one) ? [word, one, ...deletions(word), ...deletions(one)] : [word, ...deletions(word)];
      for (const variant of new Set(forms)) {
        const list = this.deletes.get(variant);
        if (list) list.push(word);
        else this.deletes.set(variant, [word]);
      }
    }
    // Built here, not on the first misspelling: no message pays for a pass over the vocabulary.
    this.sounds = soundIndex(frequency.keys());
  }

  /**
   * Vocabulary words within 1 edit (words of 4-6 letters) or 2 edits (longer), or spelt by ear (the same Double
   * Metaphone key and at most PHONETIC_DISTANCE edits: "komputar", "microfones", "sizzors"), nearest then most
   * frequent first, at most `limit`. `wide: false` keeps to one edit (and two for long words through the index alone).
   */
  candidates(word: string, limit = 3, wide = true): string[] {
    // A three-letter word with a vowel may be a four-letter one with a letter dropped ("nek": neck); one without is
    // more likely an acronym ("gps").
    // (Or its last two letters swapped, the first kept: "kneeling pda" for pads.)
    if (word.length === 3 && /^[a-z]+$/.test(word) && /[aeiou]/.test(word)) {
      const swap = `${word[0]}${word[2]}${word[1]}`;
      // (Or a y written for an i, as it sounds: "beard oyl".)
      const heard = word.replace(/y/g, 'i');
      const swapped = [swap, heard].filter((w, k, all) => w !== word && all.indexOf(w) === k && this.frequency.has(w));
      const dropped = (this.deletes.get(word) ?? []).filter((w) => w.length === 4 && w[0] === word[0]).sort((a, b) => (this.frequency.get(b) ?? 0) - (this.frequency.get(a) ?? 0));
      return [...swapped, ...dropped].slice(0, limit);
    }
    if (word.length < 4 || word.length > 30 || /\d/.test(word)) return [];
    const maxDistance = word.length >= 7 ? 2 : 1;
    const found = new Map<string, number>();
    const consider = (candidate: string, within: number) => {
      // (A length further apart than the edits allowed cannot be near: no distance to compute.)
      if (found.has(candidate) || candidate === word) return;
      const one = singular(candidate);
      const forms = one !== candidate && !this.frequency.has(one) ? [candidate, one] : [candidate];
      const near = forms.filter((f) => Math.abs(f.length - word.length) <= within);
      if (near.length === 0) return;
      const d = Math.min(...near.map((f) => natural.DamerauLevenshteinDistance(word, f)));
      if (d <= within) found.set(candidate, d);
    };
    // The index holds each word and its one-letter deletions. For a long misspelling, two deletions of it reach the
    // words it has two letters too many for, and one insertion the words it dropped two letters of ("themometr":
    // thermometer), at a cost bounded by its length squared and 26 times its length.
    // (Two edits away and another first letter is too far: "snizzle" is not a nozzle.)
    const near = new Set([word, ...deletions(word)]);
    for (const variant of near) for (const candidate of this.deletes.get(variant) ?? []) consider(candidate, candidate[0] === word[0] ? maxDistance : 1);
    // The wider search only when the near one found nothing: most typos are one edit, and cost no more than that.
    if (wide && maxDistance >= 2 && found.size === 0) {
      const far = new Set<string>();
      for (const once of deletions(word)) for (const twice of deletions(once)) far.add(twice);
      for (let i = 0; i <= word.length; i++) for (const letter of 'abcdefghijklmnopqrstuvwxyz') far.add(word.slice(0, i) + letter + word.slice(i));
      // Two letters swapped and one more slip ("tatsers": toasters, "hmidifeirs": humidifiers): the swap undone, then
      // as above (the index holds the word's own deletions: a letter dropped from the word is found so).
      for (let i = 0; i + 1 < word.length; i++) {
        if (word[i] === word[i + 1]) continue;
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        far.add(swapped);
        for (const once of deletions(swapped)) far.add(once);
      }
      for (const variant of far) for (const candidate of this.deletes.get(variant) ?? []) if (candidate[0] === word[0]) consider(candidate, maxDistance);
    }
    if (wide && /^[a-z]+$/.test(word) && word.length >= 5) {
      // Starting with another letter ("komputar", "nife") is one of the edits: one fewer of the rest, so that keyboard
      // mashing that happens to sound like a word ("snizzle": nozzle) stays unread.
      // (A five-letter word by ear is one edit off at most: "lidar" is no ladder.)
      const byEar = word.length >= 7 ? PHONETIC_DISTANCE : word.length === 6 ? PHONETIC_DISTANCE - 1 : PHONETIC_DISTANCE - 2;
      for (const key of soundKeys(word)) for (const candidate of this.sounds.get(key) ?? []) consider(candidate, byEar - (candidate[0] === word[0] ? 0 : 1));
    }
    return [...found]
      .sort((a, b) => a[1] - b[1] || (this.frequency.get(b[0]) ?? 0) - (this.frequency.get(a[0]) ?? 0) || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([w]) => w);
  }
}

/**
 * Most edits between a word spelt by ear and the vocabulary word that sounds the same ("sizzors": scissors), for words
 * of seven letters or more; one fewer for shorter ones ("shampu"), and one fewer again from another first letter.
 */
const PHONETIC_DISTANCE = 3;

const doubleMetaphone = new natural.DoubleMetaphone();

/** A word's Double Metaphone keys (primary and alternate), for words of at least four letters. */
function soundKeys(word: string): string[] {
  if (word.length < 4) return [];
  return [...new Set(doubleMetaphone.process(word).filter((k: string) => k.length >= 2))];
}

function soundIndex(words: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const word of words) {
    if (!/^[a-z]+$/.test(word)) continue;
    for (const key of soundKeys(word)) {
      const list = index.get(key);
      if (list) list.push(word);
      else index.set(key, [word]);
    }
  }
  return index;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
