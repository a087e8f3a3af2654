import type { Item } from '../../model/catalog.js';
import { readItems } from '../../model/dataset.js';
import { detectSource } from './detect.js';
import { readLcRec } from './lcrec.js';
import { ProblemCollector } from './problems.js';
import { readUniSRec } from './unisrec.js';

/** A raw Amazon source has no catalog of its own until `prepare` has joined reviews and meta data. */
export class RawSourceError extends Error {
  readonly userFacing = true;
}

/** The items of a prepared dataset folder, an LC-Rec folder or a UniSRec folder (raw Amazon files need `prepare`). */
export async function readCatalogItems(path: string): Promise<Item[]> {
  const source = detectSource(path);
  switch (source.kind) {
    case 'prepared':
      return readItems(source.dir);
    case 'lcrec':
      return readLcRec(source.inter, source.item, new ProblemCollector()).items;
    case 'unisrec':
      return (await readUniSRec(source.paths, new ProblemCollector())).items;
    case 'amazon-raw':
      throw new RawSourceError(`${path} holds raw Amazon review files: run \`flarechat prepare\` first and encode the prepared folder`);
  }
}
