import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { writeDataset, type DatasetManifest } from '../model/dataset.js';
import { readAmazonMeta, readAmazonReviews } from './loaders/amazon-raw.js';
import { cleanItems } from './loaders/clean.js';
import { detectSource, UnrecognisedSourceError, type SourceFormat } from './loaders/detect.js';
import { readLcRec } from './loaders/lcrec.js';
import { ProblemCollector } from './loaders/problems.js';
import { SourceError } from './loaders/source-error.js';
import { readUniSRec } from './loaders/unisrec.js';
import { PRESETS, preprocess, sequencesFromReviews, type Interactions, type PreprocessOptions } from './preprocess.js';
import { countCategoryLevels, singleLevelWarning } from './stats.js';

export interface PrepareOptions extends PreprocessOptions {
  dedup: boolean;
  name?: string;
  /** What joins category levels in an LC-Rec item file when it is not a bare comma (e.g. ", "). */
  categorySeparator?: string;
  log?: (line: string) => void;
}

/** The prepared dataset's manifest, and what the user should hear about it (e.g. a flat category tree). */
export type PrepareResult = DatasetManifest & { warnings: string[] };

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
      return readLcRec(source.inter, source.item, problems, options.categorySeparator);
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

function sourcePaths(source: SourceFormat): string[] {
  switch (source.kind) {
    case 'lcrec':
      return [source.inter, source.item];
    case 'unisrec':
      return Object.values(source.paths);
    case 'amazon-raw':
      return [...source.reviews, ...source.meta];
    case 'prepared':
      return [];
  }
}

function startsLikeGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Why a source gave no users, in words that say what to do; the first cause found, most basic first. */
function whyNoUsers(paths: string[], read: Interactions, problems: ProblemCollector, options: PrepareOptions): string {
  const empty = paths.filter((p) => statSync(p).size === 0);
  if (empty.length > 0) return `${empty.join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty: copy or download the source files again`;
  const notGzip = paths.filter((p) => p.endsWith('.gz') && !startsLikeGzip(p));
  if (notGzip.length > 0) return `${notGzip[0]} is not gzip data although its name ends in .gz: download it again, or drop the .gz from its name if it is plain JSON lines`;
  if (read.users.length === 0) {
    const kinds = Object.entries(problems.report().counts).map(([kind, n]) => `${kind}: ${n}`);
    return `no user could be read from ${paths.map((p) => basename(p)).join(', ')}${kinds.length ? ` (${kinds.join(', ')})` : ''}: check that the files hold what their names say`;
  }
  const rules = [`at least ${options.minSequenceLength} items a user`, options.kCore > 0 ? `${options.kCore}-core filtering` : '', options.requireTitle ? 'items with a title' : ''].filter(Boolean);
  return `all ${read.users.length} users read were dropped by the preprocessing (${rules.join(', ')}): try --preset none or --k-core 0`;
}

/** Reads any accepted source, preprocesses it and writes a prepared dataset folder; refuses a source that yields no users. */
export async function prepareDataset(input: string, output: string, options: PrepareOptions): Promise<PrepareResult> {
  const source = detectSource(input);
  if (options.categorySeparator !== undefined && source.kind !== 'lcrec') {
    throw new SourceError(`${input}: --category-separator applies to LC-Rec item files only (this source is ${source.kind}); leave it out`);
  }
  const problems = new ProblemCollector();
  const read = await readSource(source, options, problems);
  const raw = { ...read, items: cleanItems(read.items, problems) };
  if (options.dedup && source.kind !== 'amazon-raw') {
    problems.add('dedup-not-possible', `${source.kind} files carry no review text, rating or timestamp`);
  }
  const result = preprocess(raw, options, problems);
  const paths = sourcePaths(source);
  if (result.users.length === 0) throw new SourceError(`${input}: no users to prepare, so nothing was written: ${whyNoUsers(paths, read, problems, options)}`);
  const name = options.name ?? (source.kind === 'prepared' ? basename(input) : source.name);
  const { log: _log, name: _name, ...preprocessing } = options;
  const manifest = await writeDataset(output, result, { name, source: { format: source.kind, paths }, preprocessing, problems: problems.report() });
  const warning = singleLevelWarning(countCategoryLevels(result.items), source.kind === 'lcrec');
  return { ...manifest, warnings: warning ? [warning] : [] };
}
