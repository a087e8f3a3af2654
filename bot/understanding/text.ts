import { createRequire } from 'node:module';
import natural from 'natural';

/** Most words of one message the understanding reads: per-message work stays bounded whatever is pasted. */
export const MAX_TOKENS = 64;
/** Most characters of one message (the engine cuts at the same limit and says so). */
export const MAX_CHARS = 2000;

/** English plurals no suffix rule undoes ("mice" is what a catalog of Mice calls a mouse). */
const IRREGULAR_PLURALS: Record<string, string> = {
  mice: 'mouse', geese: 'goose', teeth: 'tooth', feet: 'foot', children: 'child', men: 'man', women: 'woman', people: 'person',
  knives: 'knife', leaves: 'leaf', shelves: 'shelf', halves: 'half', wolves: 'wolf', lives: 'life', wives: 'wife', loaves: 'loaf',
  calves: 'calf', scarves: 'scarf', hooves: 'hoof', dice: 'die', oxen: 'ox', lice: 'louse', cacti: 'cactus', fungi: 'fungus',
};

export const stem = (word: string): string => natural.PorterStemmer.stem(IRREGULAR_PLURALS[word] ?? word);

/** The word as one thing, by whole words not stems ("gloves" -> "glove", "batteries" -> "battery", "mice" -> "mouse"). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR_PLURALS[w]) return IRREGULAR_PLURALS[w]!;
  if (/(?:ch|sh|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + 'y';
  if (/[^s]s$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Lowercase word tokens: letters and digits, apostrophes dropped ("don't" -> "dont"), hyphens split. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
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
 * Bounded spelling look-up against a vocabulary (SymSpell's symmetric-delete idea): every vocabulary word is indexed
 * under itself and its one-letter deletions, so a misspelling within two edits is found with O(word length) map
 * look-ups, never a scan of the vocabulary. Candidates are confirmed with Damerau-Levenshtein distance.
 */
export class SpellingIndex {
  private readonly deletes = new Map<string, string[]>();

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const word of frequency.keys()) {
      if (word.length < 4) continue;
      for (const variant of new Set([word, ...deletions(word)])) {
        const list = this.deletes.get(variant);
        if (list) list.push(word);
        else this.deletes.set(variant, [word]);
      }
    }
  }

  /** Vocabulary words within 1 edit (words of 4-6 letters) or 2 edits (longer), most frequent first, at most `limit`. */
  candidates(word: string, limit = 3): string[] {
    if (word.length < 4 || word.length > 30 || /\d/.test(word)) return [];
    const maxDistance = word.length >= 7 ? 2 : 1;
    const found = new Map<string, number>();
    for (const variant of new Set([word, ...deletions(word)])) {
      for (const candidate of this.deletes.get(variant) ?? []) {
        if (found.has(candidate) || candidate === word) continue;
        const d = natural.DamerauLevenshteinDistance(word, candidate);
        if (d <= maxDistance) found.set(candidate, d);
      }
    }
    return [...found]
      .sort((a, b) => a[1] - b[1] || (this.frequency.get(b[0]) ?? 0) - (this.frequency.get(a[0]) ?? 0) || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([w]) => w);
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
