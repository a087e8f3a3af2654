import natural from 'natural';
import { categoryPath, type Catalog } from '../model/catalog.js';
import type { CritiqueWords } from './prompts.js';

export interface CategoryNode {
  path: string;
  levels: string[];
  items: number[];
}

export type CritiqueIntent =
  | { kind: 'category'; path: string; negated: boolean; confidence: number; reason: string }
  | { kind: 'ask'; choices: { path: string; score: number }[]; reason: string }
  | { kind: 'broader' }
  | { kind: 'narrower' }
  | { kind: 'cheaper'; rank?: number }
  | { kind: 'none'; reason: string };

const stem = (w: string) => natural.PorterStemmer.stem(w);
const tokenizer = new natural.WordTokenizer();

function words(text: string): string[] {
  return tokenizer.tokenize(text.toLowerCase().replace(/[’']/g, '')) ?? [];
}

/** A bounded Damerau-free edit distance check, for misspellings of catalog words. */
function closeEnough(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2 || a.length < 4) return false;
  return natural.LevenshteinDistance(a, b) <= (a.length >= 7 ? 2 : 1);
}

/**
 * Maps free text to a category of the catalog's tree: TF-IDF over each category's own name (weighted high) and the
 * titles of the items under it, with Porter stemming, synonyms and misspelling tolerance from prompts/.
 */
export class CritiqueParser {
  readonly nodes: CategoryNode[];
  private readonly nameStems: Set<string>[];
  private readonly titleTf: Map<string, number>[];
  private readonly idf = new Map<string, number>();
  private readonly vocabulary: string[];
  private readonly byPath: Map<string, CategoryNode>;

  constructor(private readonly catalog: Catalog, private readonly vocab: CritiqueWords, maxDepth = 4) {
    const index = new Map<string, CategoryNode>();
    catalog.items.forEach((item, i) => {
      for (let l = 1; l <= Math.min(maxDepth, item.categories.length); l++) {
        const path = categoryPath(item.categories, l);
        let node = index.get(path);
        if (!node) index.set(path, (node = { path, levels: item.categories.slice(0, l), items: [] }));
        node.items.push(i);
      }
    });
    // The root level (e.g. "Industrial & Scientific") names the whole catalog: never a useful critique on its own.
    this.nodes = [...index.values()].filter((n) => n.levels.length >= 2);
    this.byPath = new Map(this.nodes.map((n) => [n.path, n]));
    this.nameStems = this.nodes.map((n) => new Set(words(n.levels[n.levels.length - 1]!).map(stem)));
    this.titleTf = this.nodes.map((n) => {
      const tf = new Map<string, number>();
      for (const i of n.items.slice(0, 200)) for (const w of new Set(words(catalog.item(i).title).map(stem))) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const [w, c] of tf) tf.set(w, c / Math.min(200, n.items.length));
      return tf;
    });
    const df = new Map<string, number>();
    this.nodes.forEach((_, i) => {
      for (const w of new Set([...this.nameStems[i]!, ...this.titleTf[i]!.keys()])) df.set(w, (df.get(w) ?? 0) + 1);
    });
    for (const [w, n] of df) this.idf.set(w, Math.log((1 + this.nodes.length) / (1 + n)) + 1);
    this.vocabulary = [...df.keys()];
  }

  node(path: string): CategoryNode | undefined {
    return this.byPath.get(path);
  }

  parent(path: string): CategoryNode | undefined {
    const n = this.byPath.get(path);
    return n && n.levels.length > 2 ? this.byPath.get(categoryPath(n.levels.slice(0, -1))) : undefined;
  }

  /** The child with the most items: "more specific" goes where most of the catalog is. */
  largestChild(path: string): CategoryNode | undefined {
    const n = this.byPath.get(path);
    if (!n) return undefined;
    return this.nodes.filter((c) => c.levels.length === n.levels.length + 1 && c.path.startsWith(n.path + ' - ')).sort((a, b) => b.items.length - a.items.length)[0];
  }

  private hasPhrase(text: string, phrases: string[]): boolean {
    const padded = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}#' ]+/gu, ' ').replace(/\s+/g, ' ')} `;
    return phrases.some((p) => padded.includes(` ${p} `));
  }

  /** Query stems, expanded with synonyms and corrected against the catalog's vocabulary when misspelt. */
  private queryStems(text: string): string[] {
    const fillers = new Set(this.vocab.fillers);
    const negations = new Set(this.vocab.negation.filter((n) => !n.includes(' ')));
    const tokens = words(text).filter((w) => !fillers.has(w) && !negations.has(w) && !/^\d+$/.test(w));
    const out = new Set<string>();
    for (const w of tokens) {
      const expansions = [w, ...(this.vocab.synonyms[w] ?? this.vocab.synonyms[natural.PorterStemmer.stem(w)] ?? [])];
      for (const e of expansions) {
        for (const part of words(e)) {
          const s = stem(part);
          if (this.idf.has(s)) out.add(s);
          else {
            const fixed = this.vocabulary.find((v) => closeEnough(s, v));
            if (fixed) out.add(fixed);
          }
        }
      }
    }
    return [...out];
  }

  score(text: string): { node: CategoryNode; score: number }[] {
    const stems = this.queryStems(text);
    if (stems.length === 0) return [];
    return this.nodes
      .map((node, i) => {
        let s = 0;
        for (const w of stems) {
          const idf = this.idf.get(w) ?? 0;
          if (this.nameStems[i]!.has(w)) s += 3 * idf;
          s += idf * (this.titleTf[i]!.get(w) ?? 0);
        }
        // Among equally named nodes prefer the deeper, more precise one; a name hit on every stem is a strong match.
        const nameHits = stems.filter((w) => this.nameStems[i]!.has(w)).length;
        const exact = nameHits === stems.length && this.nameStems[i]!.size === stems.length;
        s *= 1 + 0.05 * node.levels.length + (nameHits === stems.length ? 0.5 : 0) + (exact ? 1 : 0);
        return { node, score: s / Math.sqrt(stems.length) };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.node.levels.length - b.node.levels.length);
  }

  parse(text: string): CritiqueIntent {
    if (this.hasPhrase(text, this.vocab.broader)) return { kind: 'broader' };
    if (this.hasPhrase(text, this.vocab.narrower)) return { kind: 'narrower' };
    if (this.hasPhrase(text, this.vocab.cheaper)) {
      const rank = /#\s*(\d+)/.exec(text)?.[1];
      return { kind: 'cheaper', rank: rank ? Number(rank) : undefined };
    }
    const negated = this.hasPhrase(text, this.vocab.negation);
    const ranked = this.score(text);
    if (ranked.length === 0) return { kind: 'none', reason: 'no word of the message appears in the catalog' };
    const [best, second] = ranked;
    const bestIndex = this.nodes.indexOf(best!.node);
    // A match only in the titles under a category ("white", "small") is a weak hint, not a category the user named.
    const namedIt = this.queryStems(text).some((w) => this.nameStems[bestIndex]!.has(w));
    const confidence = Math.min(1, best!.score / 6) * (second ? Math.min(1, (best!.score - second.score) / best!.score + 0.5) : 1) * (namedIt ? 1 : 0.4);
    if (best!.score < 1.5 || confidence < 0.25) {
      return { kind: 'ask', choices: ranked.slice(0, 3).map((r) => ({ path: r.node.path, score: r.score })), reason: `weak match (confidence ${confidence.toFixed(2)})` };
    }
    const leaf = best!.node.levels[best!.node.levels.length - 1]!;
    return { kind: 'category', path: best!.node.path, negated, confidence, reason: `matched "${leaf}"` };
  }
}
