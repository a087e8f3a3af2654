import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const promptsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'prompts');

export type Templates = Record<string, string>;

/** Reply wording lives in prompts/ so it can change or be translated without code (understanding's cue words too). */
export function loadTemplates(language = 'en'): Templates {
  return JSON.parse(readFileSync(join(promptsDir, `${language}.json`), 'utf8')) as Templates;
}

/** Fills {name} slots; a missing value leaves the slot visible rather than printing "undefined". */
export function render(templates: Templates, key: string, values: Record<string, string | number> = {}): string {
  const template = templates[key];
  if (template === undefined) throw new Error(`prompts: no template '${key}'`);
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (values[name] === undefined ? slot : String(values[name])));
}
