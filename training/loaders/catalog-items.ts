import type { Item } from '../../model/catalog.js';
import { readItems } from '../../model/dataset.js';
import { cleanItems } from './clean.js';
import { detectSource } from './detect.js';
import { readLcRec } from './lcrec.js';
import { ProblemCollector } from './problems.js';
import { readUniSRec } from './unisrec.js';

/** A raw Amazon source has no catalog of its own until `prepare` has joined reviews and meta data. */
export class RawSourceError extends Error {
  readonly userFacing = true;
}

/**
 * The items of a prepared dataset folder, an LC-Rec folder or a UniSRec folder (raw Amazon files need `prepare`);
 * source items cleaned as `prepare` cleans them, so their text features are those of the prepared catalog.
 */
export async function readCatalogItems(path: string): Promise<Item[]> {
  const source = detectSource(path);
  switch (source.kind) {
    case 'prepared':
      return readItems(source.dir);
    case 'lcrec':
      return cleanItems(readLcRec(source.inter, source.item, new ProblemCollector()).items, new ProblemCollector());
    case 'unisrec':
      return cleanItems((await readUniSRec(source.paths, new ProblemCollector())).items, new ProblemCollector());
    case 'amazon-raw':
      throw new RawSourceError(`${path} holds raw Amazon review files: run \`flarechat prepare\` first and encode the prepared folder`);
  }
}
