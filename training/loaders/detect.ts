import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isPreparedDataset } from '../../model/dataset.js';
import { SourceError } from './source-error.js';
import type { UniSRecPaths } from './unisrec.js';

export type SourceFormat =
  | { kind: 'prepared'; dir: string }
  | { kind: 'lcrec'; name: string; inter: string; item: string }
  | { kind: 'unisrec'; name: string; paths: UniSRecPaths }
  | { kind: 'amazon-raw'; name: string; reviews: string[]; meta: string[] };

export const ACCEPTED_FORMATS = [
  'a prepared flarechat dataset folder (dataset.json, items.jsonl, users.txt, sequences.bin)',
  'LC-Rec JSON: <Name>.inter.json + <Name>.item.json',
  'RecBole/UniSRec atomic files: <Name>.text, .item2index, .user2index, .train.inter, .valid.inter, .test.inter',
  'Amazon Reviews 2018 raw: <Category>.json(.gz) or <Category>_5.json(.gz) reviews + meta_<Category>.json(.gz)',
];

export class UnrecognisedSourceError extends Error {
  readonly userFacing = true;
  constructor(path: string, why: string) {
    super(`${path}: ${why}. Accepted formats:\n  - ${ACCEPTED_FORMATS.join('\n  - ')}`);
  }
}

const RAW_REVIEWS = /^(?!meta_)(.+?)(_5)?\.json(\.gz)?$/;

/** Recognises a dataset from a folder, or from one of its files. */
export function detectSource(path: string): SourceFormat {
  if (!existsSync(path)) throw new SourceError(`${path}: no such file or folder (check the path; \`flarechat prepare --help\` lists the formats it reads)`);
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  if (isPreparedDataset(dir)) return { kind: 'prepared', dir };
  const files = readdirSync(dir);
  const only = statSync(path).isDirectory() ? undefined : basename(path);

  const inter = files.find((f) => f.endsWith('.inter.json'));
  if (inter) {
    const name = inter.slice(0, -'.inter.json'.length);
    const item = `${name}.item.json`;
    if (!files.includes(item)) throw new UnrecognisedSourceError(dir, `found ${inter} but not ${item}`);
    return { kind: 'lcrec', name, inter: join(dir, inter), item: join(dir, item) };
  }

  const text = files.find((f) => f.endsWith('.text'));
  if (text) {
    const name = text.slice(0, -'.text'.length);
    const needed = ['item2index', 'user2index', 'train.inter', 'valid.inter', 'test.inter'].map((ext) => `${name}.${ext}`);
    const missing = needed.filter((f) => !files.includes(f));
    if (missing.length) throw new UnrecognisedSourceError(dir, `found ${text} but not ${missing.join(', ')}`);
    const at = (ext: string) => join(dir, `${name}.${ext}`);
    return {
      kind: 'unisrec',
      name,
      paths: { text: at('text'), item2index: at('item2index'), user2index: at('user2index'), train: at('train.inter'), valid: at('valid.inter'), test: at('test.inter') },
    };
  }

  const meta = files.filter((f) => /^meta_.+\.json(\.gz)?$/.test(f));
  const reviews = files.filter((f) => RAW_REVIEWS.test(f) && (only === undefined || f === only || only.startsWith('meta_')));
  if (meta.length > 0 && reviews.length > 0) {
    const category = RAW_REVIEWS.exec(reviews[0]!)![1]!;
    const matchingMeta = meta.filter((m) => m.replace(/^meta_/, '').replace(/\.json(\.gz)?$/, '') === category);
    if (matchingMeta.length === 0) throw new UnrecognisedSourceError(dir, `found ${reviews[0]} but no meta_${category}.json(.gz)`);
    const sameCategory = reviews.filter((r) => RAW_REVIEWS.exec(r)![1] === category);
    // Prefer the 5-core file when both are present: it is what the paper's baselines start from.
    const five = sameCategory.filter((r) => r.includes('_5.json'));
    const chosen = (five.length ? five : sameCategory).slice(0, 1);
    return { kind: 'amazon-raw', name: category, reviews: chosen.map((r) => join(dir, r)), meta: matchingMeta.slice(0, 1).map((m) => join(dir, m)) };
  }
  if (reviews.length > 0) throw new UnrecognisedSourceError(dir, `found ${reviews[0]} but no meta_<Category>.json(.gz) beside it`);
  throw new UnrecognisedSourceError(dir, 'no dataset files recognised');
}
