import { existsSync, readFileSync } from 'node:fs';
import { MANIFEST_FILE, rehashBundle } from '../model/bundle-files.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { join } from 'node:path';
import type { Item } from '../model/catalog.js';
import type { ProblemReport } from '../model/dataset.js';
import { cleanItems } from './loaders/clean.js';
import { ProblemCollector } from './loaders/problems.js';
import { SourceError } from './loaders/source-error.js';

/** The catalog file of a bundle (catalog.jsonl) or of a prepared dataset (items.jsonl). */
const CATALOG_FILES = ['catalog.jsonl', 'items.jsonl'];

export interface CatalogCleaning {
  file: string;
  items: number;
  problems: ProblemReport;
  /** Every item whose text or categories changed, before and after. */
  changed: { before: Item; after: Item }[];
}

/**
 * `flarechat clean-catalog`: the cleaning `flarechat prepare` applies (loaders/clean.ts), applied to the catalog of an
 * existing bundle or dataset. Ids, order and every other field stay, so the model's item tokens still line up; the
 * file is replaced by rename, so a crash leaves the old one whole. With `write: false` it only reports.
 */
export function cleanCatalogFolder(folder: string, options: { write: boolean }): CatalogCleaning {
  const name = CATALOG_FILES.find((f) => existsSync(join(folder, f)));
  if (!name) throw new SourceError(`${folder}: no catalog.jsonl (a bundle) or items.jsonl (a prepared dataset) in it: give a bundle or dataset folder`);
  const file = join(folder, name);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const before = lines.map((line, i) => {
    try {
      return JSON.parse(line) as Item;
    } catch {
      throw new SourceError(`${file}:${i + 1} is not JSON: the catalog is damaged; copy the bundle or dataset again`);
    }
  });
  const problems = new ProblemCollector();
  const after = cleanItems(before, problems);
  const changed = before.flatMap((item, i) => (JSON.stringify(item) === JSON.stringify(after[i]) ? [] : [{ before: item, after: after[i]! }]));
  if (options.write && changed.length > 0) {
    writeFileAtomic(file, after.map((item) => JSON.stringify(item)).join('\n') + '\n');
    // A bundle lists the SHA-256 of its files and refuses to load a changed one: this change is intended.
    if (name === 'catalog.jsonl' && existsSync(join(folder, MANIFEST_FILE))) rehashBundle(folder);
  }
  return { file, items: before.length, problems: problems.report(), changed };
}
