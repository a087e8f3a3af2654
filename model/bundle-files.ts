import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPORARY_SUFFIX, writeFileAtomic } from './atomic-write.js';
import { hasOutputHead, type ModelConfig } from './bert4rec.js';
import { BundleError } from './bundle-error.js';

export const MANIFEST_FILE = 'manifest.json';

/** The manifest fields this module reads and writes (the rest is bundle.ts's). */
interface ManifestWithFiles {
  config: ModelConfig;
  weights: { name: string; shape: number[]; offset: number; length: number }[];
  /** SHA-256 of every file of the bundle folder but the manifest; absent in bundles written before it existed. */
  files?: Record<string, string>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The files a bundle consists of: every regular, non-hidden file of the folder but the manifest (and its temp copy). */
export function bundleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && name !== MANIFEST_FILE && !name.endsWith(TEMPORARY_SUFFIX) && statSync(join(dir, name)).isFile())
    .sort();
}

export function hashBundleFiles(dir: string): Record<string, string> {
  return Object.fromEntries(bundleFileNames(dir).map((name) => [name, sha256(readFileSync(join(dir, name)))]));
}

const rehashAdvice = (dir: string) => `if the change was intended, run \`flarechat bundle rehash ${dir}\`; otherwise copy the bundle again`;
const adviceFor = (dir: string, name: string) => (name === 'onnx.json' ? `run \`flarechat export ${dir}\` again` : rehashAdvice(dir));

/** Writes the manifest by rename, so a crash leaves the old or the new one whole. */
export function writeManifest(dir: string, manifest: object): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n');
}

/**
 * Records the current SHA-256 of every file of the bundle in its manifest: after the bundle was written, exported,
 * reported on, or changed on purpose (a cleaned catalog, a new index file). Returns the file list.
 */
export function rehashBundle(dir: string): Record<string, string> {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new BundleError(`${dir} is not a model bundle (no ${MANIFEST_FILE})`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as ManifestWithFiles;
  const files = hashBundleFiles(dir);
  writeManifest(dir, { ...manifest, files });
  return files;
}

/**
 * Every file the manifest lists must be there with its SHA-256 (a BundleError naming the first that is not).
 * Returns warnings: a bundle written before file lists (only weights.bin is verified), files the list lacks.
 */
export function verifyBundleFiles(dir: string, manifest: ManifestWithFiles, options: { verifiedElsewhere?: readonly string[] } = {}): string[] {
  if (!manifest.files) return [`${dir} was written before bundles listed their files: only weights.bin and model.onnx are verified; run \`flarechat bundle rehash ${dir}\` once to protect the rest`];
  for (const [name, expected] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    if (!existsSync(path)) throw new BundleError(`${path} is missing (${MANIFEST_FILE} lists it): the bundle is incomplete; copy the whole folder again`);
    if (options.verifiedElsewhere?.includes(name)) continue;
    if (sha256(readFileSync(path)) !== expected) throw new BundleError(`${path} does not match its SHA-256 in ${MANIFEST_FILE} (it changed after the bundle was written): ${adviceFor(dir, name)}`);
  }
  const unlisted = bundleFileNames(dir).filter((name) => !(name in manifest.files!));
  return unlisted.length ? [`${dir}: ${unlisted.join(', ')} ${unlisted.length === 1 ? 'is' : 'are'} not listed in ${MANIFEST_FILE}, so not verified; ${rehashAdvice(dir)}`] : [];
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The manifest's shape fields against the weights it describes: each entry's length is its shape's product, entries
 * tile weights.bin exactly, and the main matrices have the shapes the config implies (dModel, dHidden, layers,
 * numItems, maxLength, the critique vocabulary, Flare's text width). A manifest edited by hand, or belonging to
 * other weights, is refused instead of serving nonsense.
 */
export function checkWeightShapes(dir: string, manifest: ManifestWithFiles, weightBytes: number): void {
  const fail = (what: string) => {
    throw new BundleError(`${join(dir, MANIFEST_FILE)} does not describe weights.bin: ${what}; the manifest was edited or belongs to other weights: copy or retrain the bundle`);
  };
  let offset = 0;
  for (const w of manifest.weights) {
    if (w.length !== product(w.shape)) fail(`${w.name} has shape [${w.shape}] but length ${w.length}`);
    if (w.offset !== offset) fail(`${w.name} starts at ${w.offset}, expected ${offset}`);
    offset += w.length;
  }
  if (offset * 4 !== weightBytes) fail(`the weights add up to ${offset * 4} bytes, weights.bin has ${weightBytes}`);
  const c = manifest.config;
  if (!(Number.isInteger(c.dModel) && c.dModel > 0 && Number.isInteger(c.heads) && c.heads > 0 && c.dModel % c.heads === 0)) fail(`dModel ${c.dModel} is not a multiple of heads ${c.heads}`);
  const shapes = new Map(manifest.weights.map((w) => [w.name, w.shape]));
  const d = c.dModel;
  const expected: [string, number[]][] = [
    ['item_embedding', [c.numItems + 2, d]],
    ['position_embedding', [c.maxLength, d]],
    ['output_bias', [c.numItems + 2]],
  ];
  // The transform head before the output layer is optional (`outputHead: false`, the training default).
  if (hasOutputHead(c)) expected.push(['head_w', [d, d]]);
  // Flare reads critiques as text (its input tables); Bert4Rec* has a critique embedding.
  if (!c.flare) expected.push(['critique_embedding', [Math.max(1, c.numCritiqueTokens + 1), d]]);
  for (let l = 0; l < c.layers; l++) expected.push([`layer${l}_qkv_w`, [d, 3 * d]], [`layer${l}_ffn1_w`, [d, c.dHidden]], [`layer${l}_ffn2_w`, [c.dHidden, d]]);
  if (c.flare) expected.push(['flare_out_b', [d]]);
  for (const [name, shape] of expected) {
    const actual = shapes.get(name);
    if (!actual) fail(`no weight ${name}, which the config implies`);
    if (actual!.join(',') !== shape.join(',')) fail(`${name} is [${actual}], the config (dModel ${d}, dHidden ${c.dHidden}, ${c.numItems} items, maxLength ${c.maxLength}) implies [${shape}]`);
  }
  if (shapes.has(`layer${c.layers}_qkv_w`)) fail(`the weights have more than the ${c.layers} layers the config says`);
  if (c.flare && shapes.get('flare_text_in_w')?.[0] !== c.flare.textDim) fail(`flare_text_in_w is [${shapes.get('flare_text_in_w')}], the config's textDim is ${c.flare.textDim}`);
}

const warned = new Set<string>();

/** Each warning once per process, on stderr, as one line. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`flarechat: warning: ${message}\n`);
}
