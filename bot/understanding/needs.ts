import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextEncoder } from '../../model/text-encoder/index.js';
import { encodeUnit } from './catalog-vectors.js';
import { isStopword, singular, stem, tokens } from './text.js';
import { readVectorFile, roundAsStored, writeVectorFile, type VectorFileHeader } from './vector-file.js';

/**
 * The needs lexicon: how people describe a need without naming the thing ("my 6 month old chews on everything"), and
 * the kinds of product that answer it ("teethers; teething toys"). General world knowledge the sentence encoder lacks,
 * written for no catalog (prompts/needs/*.tsv). A clause is matched to its nearest situations by the encoder (which
 * knows paraphrase), and their kinds to the catalog's category names: the bridge from "kiddo is burning up" to
 * Thermometers.
 */
export interface NeedsLexicon {
  situations: string[];
  /** Per situation, indices into `kinds`, most fitting first. */
  kindsOf: number[][];
  /**
   * Cue words: a word or two that, said anywhere in a message, point at kinds of product ("congested": nasal
   * aspirators; "out of tune": guitar tuners). Matched by their stems, not by the encoder, which reads a whole clause
   * and lets one telling word drown among the others.
   */
  cues: string[];
  /** Per cue, indices into `kinds`, most fitting first. */
  cueKindsOf: number[][];
  /** Per cue, whether it is another name of its kinds ("sleep sack": wearable blankets; files aliases-*.tsv) rather than a sign of a need ("teething"). */
  cueNames: boolean[];
  /** Every distinct kind named, by situations and cues. */
  kinds: string[];
  /** Lines that were neither comments, the header nor `situation<TAB>kinds` (`cue<TAB>kinds` in a file of cues). */
  badLines: number;
}

/** What the kinds' names say as a vocabulary, derived once per lexicon (every catalog's matcher shares it). */
export interface KindVocabulary {
  /** Kinds of two or more words, as stem keys ("pressur washer"): things of their own, whatever their head word. */
  compounds: ReadonlySet<string>;
  /** The kinds' head words and their singulars ("routers", "router"). */
  heads: ReadonlySet<string>;
}

const vocabularies = new WeakMap<NeedsLexicon, KindVocabulary>();

export function kindVocabulary(lexicon: NeedsLexicon): KindVocabulary {
  let known = vocabularies.get(lexicon);
  if (!known) {
    const heads = lexicon.kinds.flatMap((k) => tokens(k).slice(-1).filter((w) => /^[a-z]{3,}$/.test(w)));
    known = { compounds: new Set(lexicon.kinds.map(stemKey).filter((k) => k.includes(' '))), heads: new Set(heads.flatMap((w) => [w, singular(w)])) };
    vocabularies.set(lexicon, known);
  }
  return known;
}

/** A word is rare when at most one situation in e^RARE_WORD_IDF says it. */
const RARE_WORD_IDF = 4;

/** The stems of a text's words of three letters or more, small words aside. */
function wordStems(text: string): Set<string> {
  return new Set(tokens(text).filter((w) => w.length >= 3 && !isStopword(w)).map(stem));
}

/** Per lexicon, its situations by the stems of their rare words (made on first use, shared by every catalog). */
const rareWordIndexes = new WeakMap<NeedsLexicon, Map<string, number[]>>();

/**
 * The situations that share two or more rare words (by stem) with the text, most shared rareness first, at most
 * `count`: "my ears are ringing" shares "ears" and "ringing" with a situation the encoder finds no nearer than others.
 */
export function situationsSharing(lexicon: NeedsLexicon, text: string, count: number): number[] {
  let index = rareWordIndexes.get(lexicon);
  if (!index) {
    index = new Map<string, number[]>();
    for (const [at, situation] of lexicon.situations.entries()) {
      for (const x of wordStems(situation)) {
        const saying = index.get(x);
        if (saying) saying.push(at);
        else index.set(x, [at]);
      }
    }
    const rareAt = lexicon.situations.length / Math.exp(RARE_WORD_IDF);
    for (const [x, saying] of index) if (saying.length > rareAt) index.delete(x);
    rareWordIndexes.set(lexicon, index);
  }
  const shared = new Map<number, { count: number; rareness: number }>();
  for (const x of wordStems(text)) {
    const saying = index.get(x);
    if (!saying) continue;
    const rareness = Math.log(lexicon.situations.length / saying.length);
    for (const s of saying) {
      const seen = shared.get(s) ?? { count: 0, rareness: 0 };
      shared.set(s, { count: seen.count + 1, rareness: seen.rareness + rareness });
    }
  }
  return [...shared].filter(([, v]) => v.count >= 2).sort((a, b) => b[1].rareness - a[1].rareness).slice(0, count).map(([s]) => s);
}

/** A name's stems, each once, sorted: "pressure washers" and "washer pressure" are one key. */
export function stemKey(name: string): string {
  return [...new Set(tokens(name).filter((w) => !isStopword(w)).map(stem))].sort().join(' ');
}

export const NEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts', 'needs');

export function loadNeeds(dir = NEEDS_DIR): NeedsLexicon {
  const lexicon: NeedsLexicon = { situations: [], kindsOf: [], cues: [], cueKindsOf: [], cueNames: [], kinds: [], badLines: 0 };
  const kindIndex = new Map<string, number>();
  const kindOf = (k: string) => {
    let at = kindIndex.get(k);
    if (at === undefined) {
      at = lexicon.kinds.length;
      lexicon.kinds.push(k);
      kindIndex.set(k, at);
    }
    return at;
  };
  const seen = { situation: new Set<string>(), cue: new Set<string>() };
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort() : [];
  for (const file of files) {
    // A file is of situations or, under the header `cue<TAB>kinds`, of cue words.
    let rows: 'situation' | 'cue' | undefined;
    for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.startsWith('#')) continue;
      if (!rows) {
        rows = /^cue\tkinds$/.test(line) ? 'cue' : 'situation';
        if (/^(?:situation|cue)\tkinds$/.test(line)) continue;
      }
      const cells = line.split('\t');
      const text = cells[0]?.trim().toLowerCase() ?? '';
      const named = (cells[1] ?? '').split(';').map((k) => k.trim().toLowerCase()).filter(Boolean);
      if (cells.length !== 2 || text === '' || named.length === 0 || (rows === 'cue' && cueStems(text).length === 0)) {
        lexicon.badLines++;
        continue;
      }
      // The same situation or cue twice (two files) adds nothing: the first one stands.
      if (seen[rows].has(text)) continue;
      seen[rows].add(text);
      (rows === 'cue' ? lexicon.cues : lexicon.situations).push(text);
      (rows === 'cue' ? lexicon.cueKindsOf : lexicon.kindsOf).push(named.map(kindOf));
      if (rows === 'cue') lexicon.cueNames.push(file.startsWith('aliases-'));
    }
  }
  return lexicon;
}

/**
 * Words a cue is matched without: articles, pronouns, prepositions, "be" and "do". (Not natural's long stop-word list:
 * "can" in "gas can", "making" in "candle making" and "well" in "well water" say what the cue means.)
 */
const CUE_SMALL_WORDS = new Set(
  'a an the of to for in on at by with from into and or but my his her hers him its our ours their theirs your yours i me we us you he she it they them is are be been was were am do does did this that these those'.split(' '),
);

/** The stems a cue is matched by: its words but the small ones ("out of tune": out, tune). */
export function cueStems(cue: string): string[] {
  return [...new Set(tokens(cue).filter((w) => !CUE_SMALL_WORDS.has(w)).map(cueKey))];
}

/**
 * A cue word by its stem, but an -ing word as one ("machining" is not "machines", "teething" not "teeth", "canning"
 * not the "can" of "she can nap"), and a word whose stem is a small word it is not by the word itself.
 */
function cueKey(word: string): string {
  const s = stem(word);
  if (GERUND.test(word)) return `${s}~ing`;
  return s !== word && isStopword(s) ? word : s;
}

const GERUND = /^[a-z]{3,}ing$/;

/** The keys a clause's words are matched against cues by: each word, its stem, and an -ing word's as one. */
export function saidKeys(words: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const w of words) {
    const s = stem(w);
    keys.add(w);
    keys.add(s);
    if (GERUND.test(w)) keys.add(`${s}~ing`);
  }
  return keys;
}

/** Cues by their stems: the cues a clause says, with O(words) look-ups. */
export class CueIndex {
  private readonly byStem = new Map<string, number[]>();
  private readonly stems: string[][];

  constructor(cues: readonly string[]) {
    this.stems = cues.map(cueStems);
    for (const s of this.stems) for (const t of s) this.known.add(t);
    this.stems.forEach((s, cue) => {
      const list = this.byStem.get(s[0]!) ?? [];
      list.push(cue);
      this.byStem.set(s[0]!, list);
    });
  }

  /** Whether some cue says this word ("seltzer", "tp"): a word of the lexicon, readable though no dictionary has it. */
  knows(word: string): boolean {
    return [...saidKeys([word])].some((k) => this.known.has(k));
  }

  private readonly known = new Set<string>();

  stemsOf(cue: number): readonly string[] {
    return this.stems[cue]!;
  }

  /** The cues every stem of which is among `stems`. */
  said(stems: ReadonlySet<string>): number[] {
    const out: number[] = [];
    for (const s of stems) for (const cue of this.byStem.get(s) ?? []) if (this.stems[cue]!.every((t) => stems.has(t))) out.push(cue);
    return out;
  }
}

/** Unit vectors of the lexicon's situations and kinds, from the project's text encoder. */
export interface NeedsVectors {
  dim: number;
  fingerprint: string;
  /** [situations, dim] */
  situations: Float32Array;
  /** [kinds, dim] */
  kinds: Float32Array;
}

const MAGIC = 'FCNV';
const FORMAT_VERSION = 1;

/**
 * The vectors shipped with the lexicon (so no start-up encodes ~5,000 texts): regenerated by
 * `npx flarechat understanding needs` whenever prompts/needs changes; a test checks they match.
 */
export const NEEDS_VECTORS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'needs-vectors.bin');

export function needsFingerprint(encoderVersion: string, lexicon: NeedsLexicon): string {
  const hash = createHash('sha256').update(`${FORMAT_VERSION}\n${encoderVersion}\n`);
  for (const list of [lexicon.situations, lexicon.kinds]) hash.update(`${list.length}\n${list.join('\n')}\n`);
  return hash.digest('hex').slice(0, 32);
}

export async function computeNeedsVectors(encoder: TextEncoder, lexicon: NeedsLexicon): Promise<NeedsVectors> {
  return {
    dim: encoder.info.dim,
    fingerprint: needsFingerprint(encoder.info.version, lexicon),
    situations: roundAsStored(await encodeUnit(encoder, lexicon.situations)),
    kinds: roundAsStored(await encodeUnit(encoder, lexicon.kinds)),
  };
}

interface Header extends VectorFileHeader {
  situations: number;
  kinds: number;
}

/** 'FCNV' vector file (vector-file.ts): float16 situations, then kinds. */
export function writeNeedsVectors(path: string, v: NeedsVectors): void {
  const header: Header = { format: 'flarechat-needs-vectors', version: FORMAT_VERSION, fingerprint: v.fingerprint, dim: v.dim, situations: v.situations.length / v.dim, kinds: v.kinds.length / v.dim };
  writeVectorFile(path, MAGIC, header, [v.situations, v.kinds]);
}

/** The vectors in a file, or undefined when it is missing, unreadable or for another lexicon or encoder. */
export function readNeedsVectors(path: string, fingerprint: string): NeedsVectors | undefined {
  const file = readVectorFile<Header>(path, MAGIC, FORMAT_VERSION, fingerprint, (h) => [h.situations, h.kinds]);
  if (!file) return undefined;
  const [situations, kinds] = file.blocks as [Float32Array, Float32Array];
  return { dim: file.header.dim, fingerprint, situations, kinds };
}

let shipped: NeedsVectors | undefined;

/**
 * The lexicon's vectors: the shipped file when it matches the lexicon and encoder, else the cache under the data
 * folder, else encoded now (a one-line notice) and cached.
 */
export async function openNeedsVectors(encoder: TextEncoder, lexicon: NeedsLexicon, dataDir: string, notice: (line: string) => void): Promise<NeedsVectors> {
  const fingerprint = needsFingerprint(encoder.info.version, lexicon);
  // The shipped file is read once per process: every catalog opened shares it (the vectors are never written to).
  if (shipped?.fingerprint === fingerprint) return shipped;
  const fromShipped = readNeedsVectors(NEEDS_VECTORS_FILE, fingerprint);
  if (fromShipped) return (shipped = fromShipped);
  const cached = join(dataDir, 'cache', 'understanding', `needs-${fingerprint}.bin`);
  const fromCache = readNeedsVectors(cached, fingerprint);
  if (fromCache) return fromCache;
  notice(`understanding: encoding ${lexicon.situations.length} situations of the needs lexicon once (cached in ${cached})`);
  const vectors = await computeNeedsVectors(encoder, lexicon);
  writeNeedsVectors(cached, vectors);
  return vectors;
}

/** A situation of the lexicon near a clause, and how near (cosine of the clause's text to it). */
export interface NearNeed {
  situation: number;
  similarity: number;
}

/** The `count` situations nearest to the unit vector `q`, nearest first, at or above `floor`. */
export function nearestNeeds(v: NeedsVectors, q: Float32Array, count: number, floor: number): NearNeed[] {
  const dim = v.dim;
  const rows = v.situations.length / dim;
  const best: NearNeed[] = [];
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += q[d]! * v.situations[r * dim + d]!;
    if (s < floor || (best.length === count && s <= best[count - 1]!.similarity)) continue;
    best.push({ situation: r, similarity: s });
    best.sort((a, b) => b.similarity - a.similarity);
    if (best.length > count) best.pop();
  }
  return best;
}
