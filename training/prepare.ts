import { basename } from 'node:path';
import { writeDataset, type DatasetManifest } from '../model/dataset.js';
import { readAmazonMeta, readAmazonReviews } from './loaders/amazon-raw.js';
import { detectSource, UnrecognisedSourceError, type SourceFormat } from './loaders/detect.js';
import { readLcRec } from './loaders/lcrec.js';
import { ProblemCollector } from './loaders/problems.js';
import { readUniSRec } from './loaders/unisrec.js';
import { PRESETS, preprocess, sequencesFromReviews, type Interactions, type PreprocessOptions } from './preprocess.js';

export interface PrepareOptions extends PreprocessOptions {
  dedup: boolean;
  name?: string;
  log?: (line: string) => void;
}

/** 'auto' keeps already-processed sources (LC-Rec, UniSRec) as published and applies the Recformer recipe to raw files. */
export function presetOptions(name: string, input?: string): PreprocessOptions & { dedup: boolean } {
  if (name === 'auto') name = input && detectSource(input).kind === 'amazon-raw' ? 'recformer' : 'none';
  const preset = PRESETS[name];
  if (!preset) throw new Error(`unknown preprocessing preset '${name}' (known: auto, ${Object.keys(PRESETS).join(', ')})`);
  return { ...preset };
}

async function readSource(source: SourceFormat, options: PrepareOptions, problems: ProblemCollector): Promise<Interactions> {
  const log = options.log ?? (() => {});
  switch (source.kind) {
    case 'lcrec':
      return readLcRec(source.inter, source.item, problems);
    case 'unisrec':
      return readUniSRec(source.paths, problems);
    case 'amazon-raw': {
      log(`reading reviews ${source.reviews.map((p) => basename(p)).join(', ')}`);
      const table = await readAmazonReviews(source.reviews, problems);
      log(`  ${table.length} reviews, ${table.userIds.length} users, ${table.itemIds.length} items; reading metadata`);
      const meta = await readAmazonMeta(source.meta, new Set(table.itemIds), problems);
      return sequencesFromReviews(table, meta, options.dedup, problems);
    }
    case 'prepared':
      throw new UnrecognisedSourceError(source.dir, 'is already a prepared dataset');
  }
}

/** Reads any accepted source, preprocesses it and writes a prepared dataset folder. */
export async function prepareDataset(input: string, output: string, options: PrepareOptions): Promise<DatasetManifest> {
  const source = detectSource(input);
  const problems = new ProblemCollector();
  const raw = await readSource(source, options, problems);
  if (options.dedup && source.kind !== 'amazon-raw') {
    problems.add('dedup-not-possible', `${source.kind} files carry no review text, rating or timestamp`);
  }
  const result = preprocess(raw, options, problems);
  const name = options.name ?? (source.kind === 'prepared' ? basename(input) : source.name);
  const paths =
    source.kind === 'lcrec' ? [source.inter, source.item] : source.kind === 'unisrec' ? Object.values(source.paths) : source.kind === 'amazon-raw' ? [...source.reviews, ...source.meta] : [];
  const { log: _log, name: _name, ...preprocessing } = options;
  return writeDataset(output, result, { name, source: { format: source.kind, paths }, preprocessing, problems: problems.report() });
}
