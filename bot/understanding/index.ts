import natural from 'natural';
import type { Catalog } from '../../model/catalog.js';
import { CritiqueParser, type CategoryNode } from '../critique-parser.js';
import { loadCritiqueWords, type CritiqueWords } from '../prompts.js';
import type { CategoryCandidate, ClauseIntent, InterpretContext, Interpretation } from './interpretation.js';

export type { CategoryCandidate, ClauseIntent, InterpretContext, Interpretation, ShownItem, Attribute } from './interpretation.js';
export type { CategoryNode } from '../critique-parser.js';

export interface UnderstandingOptions {
  /** The critique vocabulary (prompts/critique-vocabulary.json by default). */
  words?: CritiqueWords;
  /** The bundle folder the catalog came from (where its understanding index lives). */
  bundleDir?: string;
  /** Where indexes of other catalogs are cached (FLARECHAT_DATA_DIR by default). */
  dataDir?: string;
}

const leafOf = (path: string) => path.split(' - ').at(-1) ?? path;

/**
 * Free text to what the person asked for, clause by clause (the contract in ./interpretation.ts), for one catalog.
 * Construct once per catalog (`MessageUnderstanding.open` for the full understanding, `new MessageUnderstanding`
 * synchronously for tests), then `interpret` each message. It never touches user state.
 */
export class MessageUnderstanding {
  private readonly parser: CritiqueParser;

  constructor(readonly catalog: Catalog, options: UnderstandingOptions = {}) {
    this.parser = new CritiqueParser(catalog, options.words ?? loadCritiqueWords());
  }

  /** The understanding for a catalog, with whatever index it needs loaded or built. */
  static async open(catalog: Catalog, options: UnderstandingOptions = {}): Promise<MessageUnderstanding> {
    return new MessageUnderstanding(catalog, options);
  }

  /** Category nodes of the catalog's tree (below the root). */
  get nodes(): readonly CategoryNode[] {
    return this.parser.nodes;
  }

  node(path: string): CategoryNode | undefined {
    return this.parser.node(path);
  }

  parent(path: string): CategoryNode | undefined {
    return this.parser.parent(path);
  }

  largestChild(path: string): CategoryNode | undefined {
    return this.parser.largestChild(path);
  }

  /** How messages are read, for reports. */
  get mode(): string {
    return 'the original CritiqueParser and engine patterns';
  }

  async close(): Promise<void> {}

  async interpret(raw: string, context: InterpretContext = { shown: [] }): Promise<Interpretation> {
    return { clauses: this.interpretNow(raw, context) };
  }

  private interpretNow(raw: string, context: InterpretContext): ClauseIntent[] {
    const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
    const lower = text.toLowerCase();
    if (!text) return [];
    if (/^(help|\?|commands)$/.test(lower)) return [{ kind: 'help' }];
    if (/^(hi|hello|hey|start|\/start)\b/.test(lower)) return [{ kind: 'greeting' }];
    if (/^(recommend|suggest|show|go|list)( me)?( something| more)?$/.test(lower)) return [{ kind: 'recommend' }];
    if (/^(more|next|more please)$/.test(lower)) return [{ kind: 'more' }];
    let m = /^(?:like|pick|add|choose|want|yes)?\s*#?(\d+)$/.exec(lower);
    if (m) {
      const n = Number(m[1]);
      if (context.pendingChoices && !/^(like|pick|add)/.test(lower) && context.pendingChoices[n - 1]) return [{ kind: 'choose', choice: n }];
      return [{ kind: 'refer', action: 'like', ranks: [n], evidence: text }];
    }
    m = /^(?:like|pick|add|i have|i bought|i own)\s+(?!#?\d+$)(.{3,})$/.exec(lower);
    if (m && !['cheaper', 'broader', 'narrower'].includes(this.parser.parse(text).kind)) {
      const named = this.matchTitle(m[1]!);
      if (named === undefined) return [{ kind: 'notInCatalog', query: m[1]!, nearest: [] }];
      return [{ kind: 'ownItem', itemIndex: named, evidence: m[1]! }];
    }
    m = /^(?:not|dismiss|no|hide|remove)\s*#?(\d+)$/.exec(lower);
    if (m) return [{ kind: 'refer', action: 'dismiss', ranks: [Number(m[1])], evidence: text }];
    if (/^why\??$/.test(lower)) return [{ kind: 'why' }];
    if (/^(history|my history|my items)$/.test(lower)) return [{ kind: 'history' }];
    if (/^(forget me|delete me|delete my data)$/.test(lower)) return [{ kind: 'forgetMe' }];
    if (/^export( my data)?$/.test(lower)) return [{ kind: 'export' }];
    m = /^forget\s+(.+)$/.exec(lower);
    if (m) return [{ kind: 'forgetItem', text: m[1]! }];
    if (/^(reset|start over|clear)$/.test(lower)) return [{ kind: 'reset' }];
    return [this.critique(text)];
  }

  private critique(text: string): ClauseIntent {
    const intent = this.parser.parse(text);
    switch (intent.kind) {
      case 'category':
        return intent.negated
          ? { kind: 'exclude', path: intent.path, confidence: intent.confidence, evidence: intent.reason }
          : { kind: 'steer', path: intent.path, confidence: intent.confidence, alternatives: [], evidence: intent.reason };
      case 'broader':
        return { kind: 'broader' };
      case 'narrower':
        return { kind: 'narrower' };
      case 'cheaper':
        return { kind: 'attribute', attribute: 'price', direction: 'less', relativeTo: intent.rank ?? 1, evidence: text };
      case 'ask': {
        const top = intent.choices[0]?.score ?? 1;
        const choices: CategoryCandidate[] = intent.choices.map((c) => ({ path: c.path, node: leafOf(c.path), confidence: Math.min(1, c.score / (top || 1)) * 0.3 }));
        return { kind: 'ask', choices, evidence: intent.reason };
      }
      case 'none': {
        const named = this.matchTitle(text);
        if (named !== undefined) return { kind: 'ownItem', itemIndex: named, evidence: text };
        return { kind: 'notInCatalog', query: text.slice(0, 80), nearest: [] };
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
}

/** One-off convenience: interpret a message on a catalog (builds the understanding each call; keep one for chats). */
export async function interpretMessage(text: string, context: InterpretContext, understanding: MessageUnderstanding): Promise<Interpretation> {
  return understanding.interpret(text, context);
}
