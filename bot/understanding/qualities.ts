import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CueIndex, cueStems, saidKeys } from './needs.js';
import { stem, tokens } from './text.js';

/**
 * Quality cues: how people say the modifier a store puts in a category's name without saying it ("press a button and
 * walk away": Automatic Milk Frothers; "keeps coffee hot for hours": Thermal Carafes; "i can rub it out": Erasable
 * Gel Pens). General world knowledge written for no catalog (prompts/qualities/*.tsv, `cue<TAB>qualities`), matched
 * by word stems like the needs lexicon's cues.
 */
export interface QualityLexicon {
  cues: string[];
  /** Per cue, the qualities it says, each as the stems of its words ("light-up": light, up). */
  qualitiesOf: string[][][];
  /** Lines that were neither comments, the header nor `cue<TAB>qualities`. */
  badLines: number;
}

export const QUALITIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts', 'qualities');

const loaded = new Map<string, QualityLexicon>();

/** The quality lexicon of a folder, read once a process. */
export function loadQualities(dir = QUALITIES_DIR): QualityLexicon {
  let lexicon = loaded.get(dir);
  if (!lexicon) loaded.set(dir, (lexicon = readQualities(dir)));
  return lexicon;
}

function readQualities(dir: string): QualityLexicon {
  const lexicon: QualityLexicon = { cues: [], qualitiesOf: [], badLines: 0 };
  const seen = new Set<string>();
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort() : [];
  for (const file of files) {
    for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.startsWith('#') || /^cue\tqualities$/.test(line)) continue;
      const cells = line.split('\t');
      const cue = cells[0]?.trim().toLowerCase() ?? '';
      const qualities = (cells[1] ?? '').split(';').map((q) => tokens(q.trim().toLowerCase()).map(stem)).filter((q) => q.length > 0);
      if (cells.length !== 2 || cue === '' || qualities.length === 0) {
        lexicon.badLines++;
        continue;
      }
      // (A cue its small words made: "does it for me" has no word to match by, and "just for me", matched by "just"
      // alone, would say a quality of any "just".)
      if (cueStems(cue).length === 0 || (cueStems(cue).length === 1 && tokens(cue).length > 1)) continue;
      // (The same cue in two files: the first one stands.)
      if (seen.has(cue)) continue;
      seen.add(cue);
      lexicon.cues.push(cue);
      lexicon.qualitiesOf.push(qualities);
    }
  }
  return lexicon;
}

/** Most words between two words of a cue said ("keeps the coffee hot": keeps hot). */
const CUE_GAP = 2;

const indexed = new WeakMap<QualityLexicon, QualityCues>();

/** The cues of a lexicon, indexed once a process (every catalog's understanding shares them). */
export function qualityCues(lexicon: QualityLexicon): QualityCues {
  let cues = indexed.get(lexicon);
  if (!cues) indexed.set(lexicon, (cues = new QualityCues(lexicon)));
  return cues;
}

/** The qualities a clause's words say by their cues. */
export class QualityCues {
  private readonly index: CueIndex;

  constructor(private readonly lexicon: QualityLexicon) {
    this.index = new CueIndex(lexicon.cues);
  }

  /** Each quality said, as the stems of its words. */
  said(words: readonly string[]): string[][] {
    // (A cue of several words is said in its order, close together: "bike park" is no "bike ... around the park".)
    const keys = words.map((w) => saidKeys([w]));
    const inTurn = (cue: number) => {
      const stems = this.index.stemsOf(cue);
      if (stems.length === 1) return true;
      return keys.some((first, start) => {
        if (!first.has(stems[0]!)) return false;
        let at = start;
        for (const s of stems.slice(1)) {
          let next = -1;
          for (let i = at + 1; i <= Math.min(at + CUE_GAP + 1, keys.length - 1) && next < 0; i++) if (keys[i]!.has(s)) next = i;
          if (next < 0) return false;
          at = next;
        }
        return true;
      });
    };
    const cues = this.index.said(saidKeys(words)).filter(inTurn);
    // (A cue inside a longer one said is read as the longer one: "motor" is electric, "no motor" manual.)
    const within = (a: number, b: number) => a !== b && this.index.stemsOf(a).length < this.index.stemsOf(b).length && this.index.stemsOf(a).every((s) => this.index.stemsOf(b).includes(s));
    return cues.filter((a) => !cues.some((b) => within(a, b))).flatMap((cue) => this.lexicon.qualitiesOf[cue]!);
  }
}

/** Whether a category's name holds a quality (every stem of it): "Light-Up Crochet Hooks" holds light-up. */
export function namesQuality(nameStems: readonly string[], quality: readonly string[]): boolean {
  return quality.every((s) => nameStems.includes(s));
}
