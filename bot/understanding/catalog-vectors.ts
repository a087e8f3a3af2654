import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../model/catalog.js';
import type { TextEncoder } from '../../model/text-encoder/index.js';
import type { CategoryTree } from './category-tree.js';
import { readVectorFile, roundAsStored, writeVectorFile, type VectorFileHeader } from './vector-file.js';

/** The file a bundle keeps its understanding vectors in (a plain file, listed in the manifest like the others). */
export const VECTORS_FILE = 'understanding-vectors.bin';
const MAGIC = 'FCUV';
const FORMAT_VERSION = 1;
/** Titles are cut here before encoding: the product's name comes first, the specifications after. */
const TITLE_CHARS = 160;
/** Catalogs with fewer category names and titles than this are encoded without a notice. */
const NOTICE_FROM_TEXTS = 500;

/**
 * Unit-length sentence vectors of every category node (its name alone, and its name with its parent's) and of every
 * item title, from the project's text encoder; computed once per catalog, stored as float16.
 */
export interface CatalogVectors {
  dim: number;
  encoder: string;
  /** Fingerprint of the encoder and every text encoded: a stale file is never used. */
  fingerprint: string;
  /** [nodes, dim] the node's name. */
  names: Float32Array;
  /** [nodes, dim] the node's name with its parent's. */
  withParents: Float32Array;
  /** [items, dim] the item's title. */
  titles: Float32Array;
}

export interface VectorTexts {
  names: string[];
  withParents: string[];
  titles: string[];
}

export function vectorTexts(tree: CategoryTree, catalog: Catalog): VectorTexts {
  const spoken = tree.nodes.map((n) => tree.spoken(n));
  return {
    names: spoken.map((s) => s.name.toLowerCase()),
    withParents: spoken.map((s) => s.withParent.toLowerCase()),
    titles: catalog.items.map((item) => item.title.slice(0, TITLE_CHARS).toLowerCase()),
  };
}

export function vectorsFingerprint(encoderVersion: string, texts: VectorTexts): string {
  const hash = createHash('sha256').update(`${FORMAT_VERSION}\n${encoderVersion}\n`);
  for (const list of [texts.names, texts.withParents, texts.titles]) hash.update(`${list.length}\n${list.join('\n')}\n`);
  return hash.digest('hex').slice(0, 32);
}

function normalise(vectors: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < vectors.length / dim; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vectors[r * dim + d]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) vectors[r * dim + d]! *= scale;
  }
  return vectors;
}

/** Encodes texts to unit vectors [n, dim], in batches. */
export async function encodeUnit(encoder: TextEncoder, texts: readonly string[]): Promise<Float32Array> {
  const dim = encoder.info.dim;
  const out = new Float32Array(texts.length * dim);
  for (let at = 0; at < texts.length; at += 256) {
    out.set(await encoder.encodePooled(texts.slice(at, at + 256)), at * dim);
  }
  return normalise(out, dim);
}

export async function computeCatalogVectors(encoder: TextEncoder, texts: VectorTexts): Promise<CatalogVectors> {
  return {
    dim: encoder.info.dim,
    encoder: encoder.info.version,
    fingerprint: vectorsFingerprint(encoder.info.version, texts),
    names: roundAsStored(await encodeUnit(encoder, texts.names)),
    withParents: roundAsStored(await encodeUnit(encoder, texts.withParents)),
    titles: roundAsStored(await encodeUnit(encoder, texts.titles)),
  };
}

interface Header extends VectorFileHeader {
  encoder: string;
  nodes: number;
  items: number;
}

/** 'FCUV' vector file (vector-file.ts): float16 names, names with parents and titles. */
export function writeCatalogVectors(path: string, v: CatalogVectors): void {
  const header: Header = { format: 'flarechat-understanding-vectors', version: FORMAT_VERSION, encoder: v.encoder, fingerprint: v.fingerprint, dim: v.dim, nodes: v.names.length / v.dim, items: v.titles.length / v.dim };
  writeVectorFile(path, MAGIC, header, [v.names, v.withParents, v.titles]);
}

/** The vectors in a file, or undefined when it is missing, unreadable or for other texts (another fingerprint). */
export function readCatalogVectors(path: string, fingerprint: string): CatalogVectors | undefined {
  const file = readVectorFile<Header>(path, MAGIC, FORMAT_VERSION, fingerprint, (h) => [h.nodes, h.nodes, h.items]);
  if (!file) return undefined;
  const [names, withParents, titles] = file.blocks as [Float32Array, Float32Array, Float32Array];
  return { dim: file.header.dim, encoder: file.header.encoder, fingerprint, names, withParents, titles };
}

/** The shipped demo bundle: its vectors serve whoever opens its catalog without naming the folder. */
export const SHIPPED_BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'bundle');

export interface VectorPlaces {
  /** The bundle folder: its VECTORS_FILE is used when it matches (else the shipped bundle's, when that matches). */
  bundleDir?: string;
  /** FLARECHAT_DATA_DIR: other catalogs' vectors are cached under cache/understanding. */
  dataDir: string;
}

/**
 * The catalog's vectors from the bundle's file, else from the cache, else computed now (a one-line notice) and
 * cached, so the next start is fast.
 */
export async function openCatalogVectors(encoder: TextEncoder, texts: VectorTexts, places: VectorPlaces, notice: (line: string) => void): Promise<CatalogVectors> {
  const fingerprint = vectorsFingerprint(encoder.info.version, texts);
  // The fingerprint covers every text encoded, so a file from another catalog is never taken.
  for (const dir of new Set([places.bundleDir, SHIPPED_BUNDLE].filter((d): d is string => d !== undefined))) {
    const inBundle = readCatalogVectors(join(dir, VECTORS_FILE), fingerprint);
    if (inBundle) return inBundle;
  }
  const cached = join(places.dataDir, 'cache', 'understanding', `${fingerprint}.bin`);
  const fromCache = readCatalogVectors(cached, fingerprint);
  if (fromCache) return fromCache;
  // Said only when it takes a moment (a few hundred texts encode in well under a second).
  if (texts.names.length + texts.titles.length >= NOTICE_FROM_TEXTS) notice(`understanding: encoding ${texts.names.length} categories and ${texts.titles.length} titles once for this catalog (cached in ${cached})`);
  const vectors = await computeCatalogVectors(encoder, texts);
  writeCatalogVectors(cached, vectors);
  return vectors;
}
