import natural from 'natural';
import { CRITIQUE_LEVELS } from '../model/critique.js';

/**
 * What a simulated user says to steer toward its target. It reads only the target's category names and title, never
 * the bot's parser: the parser has to understand these words the way it would understand a person's.
 */
export type PhraseKind = 'broad' | 'precise' | 'title';

export interface Phrase {
  kind: PhraseKind;
  text: string;
  template: string;
}

/** The templates, one list per step; each user gets one template a step, drawn with its seed. */
export const PHRASE_TEMPLATES: Record<PhraseKind, readonly string[]> = {
  /** The target's level-2 category name ("industrial electrical"). */
  broad: ['{broad} instead', 'something for {broad}', 'show me {broad}'],
  /** The deepest of the target's first four category names, the paper's precise critique ("capacitors"). */
  precise: ['{leaf} instead', 'something for {leaf}', 'i want {leaf}'],
  /** The last two content words of the title's head phrase ("staple gun"). */
  title: ['I need a {words}', 'looking for a {words}'],
};

/** The order a user tries them in: first broadly, then precisely, then the product's own words. */
export const PHRASE_LADDER: readonly PhraseKind[] = ['broad', 'precise', 'title'];

const STOPWORDS = new Set<string>(natural.stopwords);
// Packaging and measurement words name no product: "pack of 100 ... inch" says nothing about what it is.
const NON_PRODUCT_WORDS = new Set(['pack', 'pcs', 'pieces', 'piece', 'set', 'inch', 'inches', 'mm', 'cm', 'ft', 'feet', 'lbs', 'oz', 'count', 'pk', 'box', 'case', 'size', 'new', 'black', 'white', 'blue', 'red', 'green', 'yellow', 'clear']);

/**
 * Two content words naming what the product is: the title is cut at its first qualifier ("with", "for", a comma, a
 * dash, a bracket), since titles read "<brand> <model> <product type>, <details>"; the last two words of that head
 * that are alphabetic, three letters or more, and neither stopwords nor packaging/measure words.
 */
export function titleWords(title: string): string | undefined {
  const head = title.split(/,| - | – |\(|\[| with | without | for | w\/ | \+ |\|/i)[0] ?? title;
  const content = head
    .toLowerCase()
    .split(/[\s/]+/)
    .map((w) => w.replace(/^[^a-z]+|[^a-z]+$/g, ''))
    .filter((w) => /^[a-z]{3,}$/.test(w) && !STOPWORDS.has(w) && !NON_PRODUCT_WORDS.has(w));
  if (content.length === 0) return undefined;
  return content.slice(-2).join(' ');
}

/** The words each step fills its template with, from the target alone; a step without words is skipped. */
export function phraseSlots(target: { categories: readonly string[]; title: string }): Partial<Record<PhraseKind, string>> {
  const levels = target.categories;
  const broad = levels[1]?.toLowerCase();
  const leafLevel = Math.min(CRITIQUE_LEVELS.precise, levels.length);
  const leaf = leafLevel >= 3 ? levels[leafLevel - 1]!.toLowerCase() : undefined;
  const words = titleWords(target.title);
  return { broad, precise: leaf, title: words };
}

/** The user's phrases in ladder order, one template each chosen by `pick` (the user's seeded draw). */
export function userPhrases(target: { categories: readonly string[]; title: string }, pick: (n: number) => number): Phrase[] {
  const slots = phraseSlots(target);
  const phrases: Phrase[] = [];
  for (const kind of PHRASE_LADDER) {
    const templates = PHRASE_TEMPLATES[kind];
    // Draw even when the step is skipped, so one user's later choices do not depend on which steps it has.
    const template = templates[pick(templates.length)]!;
    const value = slots[kind];
    if (value === undefined) continue;
    const placeholder = kind === 'broad' ? '{broad}' : kind === 'precise' ? '{leaf}' : '{words}';
    phrases.push({ kind, template, text: template.replace(placeholder, value) });
  }
  return phrases;
}
