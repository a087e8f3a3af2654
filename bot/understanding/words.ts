import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The words understanding reads cues from (prompts/understanding.json): generic English, nothing catalog-specific. */
export interface UnderstandingWords {
  greetings: string[];
  acknowledgements: string[];
  negation: string[];
  dismiss: string[];
  moreLike: string[];
  like: string[];
  commands: Record<'help' | 'recommend' | 'more' | 'broader' | 'narrower' | 'why' | 'history' | 'reset' | 'forgetMe' | 'export', string[]>;
  /** Words that name no item when an item is named by its title ("the mitutoyo one"). */
  itemFillers: string[];
  ownItem: string[];
  price: { less: string[]; more: string[] };
  size: { less: string[]; more: string[] };
  /** Comparisons the catalog keeps no field for ("quieter", "warmer", "sturdier"): answered plainly as such. */
  otherComparatives: string[];
  /** Properties asked about on their own ("anything organic?", "sugar free options?"): the catalog keeps no field for them. */
  properties: string[];
  colours: string[];
  materials: string[];
  attributeCues: string[];
  /** Questions about a shown item's attribute ("how much is #2", "how big is it", "what colour is the first one"). */
  questions: Record<'price' | 'size' | 'colour' | 'material', string[]>;
  ordinals: Record<string, number>;
  smallTalk: string[];
  /** Nouns that say what kind of thing without naming one ("parts", "supplies", "equipment", "stuff"): "power
   * transmission parts" asks for what "power transmission" names. */
  kindNouns: string[];
  /** Words that ask for something ("do you have", "can you find"): a question to the bot with none of them is chatter. */
  askCues: string[];
  /** Chat shorthand and contractions without their apostrophe ("lol", "brb", "hes"): never the name of a thing. */
  chatWords: string[];
}

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts', 'understanding.json');

export function loadUnderstandingWords(): UnderstandingWords {
  return JSON.parse(readFileSync(file, 'utf8')) as UnderstandingWords;
}
