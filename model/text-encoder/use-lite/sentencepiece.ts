import type { Vocabulary } from './package-files.js';

const WORD_START = '\u2581';
/** Ids below this are control symbols (unknown, <s>, </s>, extras) that never match text. */
const RESERVED_IDS = 6;
export const UNKNOWN_ID = 0;

interface TrieNode {
  children: Map<number, TrieNode>;
  /** Vocabulary id when a piece ends here, else -1. */
  id: number;
  score: number;
  length: number;
}

const newNode = (length: number): TrieNode => ({ children: new Map(), id: -1, score: 0, length });

/**
 * The unigram SentencePiece segmentation exactly as `@energetic-ai/embeddings` does it (so ids match the package
 * bit for bit, including its quirks: a null score counts as 0, ties go to the later candidate, a best score of
 * exactly 0 counts as unset, runs of unknown characters merge into one unknown id), but linear in the text length:
 * a code-point trie walked forward instead of a slice per position.
 */
export class SentencePieceTokenizer {
  private readonly root = newNode(0);
  readonly longestPiece: number;

  constructor(vocabulary: Vocabulary) {
    let longest = 1;
    for (let id = RESERVED_IDS; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      let node = this.root;
      let length = 0;
      for (const symbol of piece) {
        const code = symbol.codePointAt(0)!;
        length++;
        let child = node.children.get(code);
        if (!child) node.children.set(code, (child = newNode(length)));
        node = child;
      }
      node.id = id;
      node.score = score ?? 0;
      longest = Math.max(longest, length);
    }
    this.longestPiece = longest;
  }

  /** Ids of `text` (already normalised: the caller lowercases and cleans it). */
  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = Array.from(WORD_START + normalized.replace(/ /g, WORD_START), (s) => s.codePointAt(0)!);
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const chosenId = new Int32Array(n + 1);
    const chosenLength = new Int32Array(n + 1);
    const consider = (end: number, id: number, length: number, score: number) => {
      const total = score + best[end - length]!;
      if (best[end] === 0 || total >= best[end]!) {
        best[end] = total;
        chosenId[end] = id;
        chosenLength[end] = length;
      }
    };
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start]!);
      let matched = false;
      for (let at = start; node && at < n; ) {
        if (node.id >= 0) {
          consider(start + node.length, node.id, node.length, node.score);
          matched = true;
        }
        at++;
        node = at < n ? node.children.get(symbols[at]!) : undefined;
      }
      if (!matched) consider(start + 1, UNKNOWN_ID, 1, 0);
    }
    const reversed: number[] = [];
    for (let end = n; end > 0; end -= chosenLength[end]!) reversed.push(chosenId[end]!);
    const ids: number[] = [];
    for (let i = reversed.length - 1; i >= 0; i--) {
      const id = reversed[i]!;
      if (id === UNKNOWN_ID && ids.length > 0 && ids[ids.length - 1] === UNKNOWN_ID) continue;
      ids.push(id);
    }
    return ids;
  }
}
