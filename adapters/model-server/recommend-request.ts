import type { Catalog } from '../../model/catalog.js';
import type { RecommendQuery } from '../../model/recommend.js';
import { HttpError } from './http-error.js';

export interface RequestLimits {
  /** The largest k a request may ask for (the answer never exceeds the catalog either). */
  maxK: number;
  maxCritiqueChars: number;
  /** Entries of history or exclude at most. */
  maxItems: number;
}

export const DEFAULT_K = 10;
const FIELDS = new Set(['history', 'critique', 'k', 'exclude']);

const invalid = (field: string, message: string) => new HttpError(400, message, field);

/** Catalog indices from a list of indices or item ids (mixed is fine); the first bad entry is named, e.g. history[3]. */
function itemIndices(value: unknown, field: string, catalog: Catalog, limits: RequestLimits): number[] {
  if (!Array.isArray(value)) throw invalid(field, `${field} must be an array of catalog indices or item ids`);
  if (value.length > limits.maxItems) throw invalid(field, `${field} has ${value.length} entries; at most ${limits.maxItems}`);
  return value.map((entry: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof entry === 'string') {
      const index = catalog.indexOf(entry);
      if (index === undefined) throw invalid(at, `${at}: unknown item id '${entry.slice(0, 64)}'`);
      return index;
    }
    if (typeof entry === 'number' && Number.isInteger(entry) && entry >= 0 && entry < catalog.size) return entry;
    throw invalid(at, `${at}: ${JSON.stringify(entry)?.slice(0, 64)} is neither an item id nor a catalog index in 0..${catalog.size - 1}`);
  });
}

/**
 * A POST /v1/recommend body as a model query. An empty (or absent) history is valid: a cold-start user gets what the
 * model predicts from the [MASK] alone, i.e. the most popular items (under the critique, if any).
 */
export function parseRecommendRequest(body: unknown, catalog: Catalog, limits: RequestLimits): RecommendQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'the request body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) throw invalid(unknown, `unknown field '${unknown.slice(0, 64)}'; expected history, critique, k, exclude`);
  const history = fields.history === undefined ? [] : itemIndices(fields.history, 'history', catalog, limits);
  const exclude = fields.exclude === undefined ? [] : itemIndices(fields.exclude, 'exclude', catalog, limits);
  const k = fields.k === undefined ? DEFAULT_K : fields.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > limits.maxK) throw invalid('k', `k must be a whole number in 1..${limits.maxK}`);
  const critique = fields.critique;
  if (critique !== undefined && critique !== null && typeof critique !== 'string') throw invalid('critique', 'critique must be a string');
  if (typeof critique === 'string' && critique.length > limits.maxCritiqueChars) {
    throw invalid('critique', `critique has ${critique.length} characters; at most ${limits.maxCritiqueChars}`);
  }
  return { history, exclude, k: Math.min(k, catalog.size), critique: critique?.trim() || undefined };
}
