import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const promptsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'prompts');

export type Templates = Record<string, string>;

export interface CritiqueWords {
  negation: string[];
  broader: string[];
  narrower: string[];
  cheaper: string[];
  fillers: string[];
  synonyms: Record<string, string[]>;
}

/** Reply wording and critique vocabulary live in prompts/ so they can change or be translated without code. */
export function loadTemplates(language = 'en'): Templates {
  return JSON.parse(readFileSync(join(promptsDir, `${language}.json`), 'utf8')) as Templates;
}

export function loadCritiqueWords(): CritiqueWords {
  return JSON.parse(readFileSync(join(promptsDir, 'critique-vocabulary.json'), 'utf8')) as CritiqueWords;
}

/** Fills {name} slots; a missing value leaves the slot visible rather than printing "undefined". */
export function render(templates: Templates, key: string, values: Record<string, string | number> = {}): string {
  const template = templates[key];
  if (template === undefined) throw new Error(`prompts: no template '${key}'`);
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (values[name] === undefined ? slot : String(values[name])));
}
