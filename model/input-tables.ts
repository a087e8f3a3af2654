import { categoryPath, type Catalog } from './catalog.js';
import { critiqueVectors, maskToken, vocabularySize, type ModelConfig, type Params } from './bert4rec.js';
import type { CritiqueVocabulary } from './critique-vocabulary.js';
import { textContext, type FlareFeatures } from './flare.js';
import { tf } from './tf.js';

/**
 * Everything about a position's input that does not depend on the user, computed once per set of weights:
 * - `items` [V, d]: row 0 padding (zeros), row i+1 item i as it appears in a history (with its own critique when the
 *   model was trained with critiques, and its text context for Flare), row numItems+1 the [MASK] without critique;
 * - `critiques` [C+1, d]: row 0 the [MASK] without critique, row c the [MASK] carrying critique path c of the
 *   vocabulary (1-based, as `CritiqueVocabulary` numbers them).
 * A request then only gathers rows, adds positions and runs the transformer: what serving and ONNX export share.
 */
export interface InputTables {
  items: tf.Tensor2D;
  critiques: tf.Tensor2D;
}

/** Weight names under which a bundle may store precomputed tables (Flare bundles always do). */
export const INPUT_TABLE_NAMES = { items: 'input_table_items', critiques: 'input_table_critiques' } as const;

/** Critique prefix ids [rows, levels] of each item's own categories (rows 0 and numItems+1 stay empty). */
function itemCritiqueIds(config: ModelConfig, catalog: Catalog, vocabulary: CritiqueVocabulary): tf.Tensor2D {
  const levels = Math.max(1, vocabulary.levels);
  const ids = new Int32Array(vocabularySize(config) * levels);
  if (vocabulary.levels > 0) catalog.items.forEach((item, i) => ids.set(vocabulary.encode(item.categories), (i + 1) * levels));
  return tf.tensor2d(ids, [vocabularySize(config), levels], 'int32');
}

/** Prefix ids [C+1, levels] of every critique path of the vocabulary (row 0: none). */
function pathCritiqueIds(vocabulary: CritiqueVocabulary): tf.Tensor2D {
  const levels = Math.max(1, vocabulary.levels);
  const ids = new Int32Array((vocabulary.size + 1) * levels);
  vocabulary.paths.forEach((path, c) => ids.set(vocabulary.encode(path), (c + 1) * levels));
  return tf.tensor2d(ids, [vocabulary.size + 1, levels], 'int32');
}

/** Bert4Rec*'s tables: item embedding plus the critique prefix rows. */
export function bert4recInputTables(config: ModelConfig, p: Params | Record<string, tf.Tensor>, catalog: Catalog, vocabulary: CritiqueVocabulary): InputTables {
  return tf.tidy(() => {
    const params = p as Params;
    let items: tf.Tensor = params.item_embedding!;
    const maskRow = tf.slice(params.item_embedding!, [maskToken(config), 0], [1, config.dModel]);
    let critiques: tf.Tensor = tf.tile(maskRow, [vocabulary.size + 1, 1]);
    if (vocabulary.levels > 0 && config.critiqueLevels > 0) {
      items = tf.add(items, critiqueVectors(config, params, itemCritiqueIds(config, catalog, vocabulary)));
      critiques = tf.add(critiques, critiqueVectors(config, params, pathCritiqueIds(vocabulary)));
    }
    const padding = tf.concat([tf.zeros([1, config.dModel]), tf.slice(items, [1, 0], [config.numItems + 1, config.dModel])]);
    return { items: padding as tf.Tensor2D, critiques: critiques as tf.Tensor2D };
  });
}

/** The vocabulary row (1-based; 0 = none) for a critique: its deepest prefix the vocabulary knows, within the model's levels. */
export function critiqueRow(vocabulary: CritiqueVocabulary, critique: readonly string[] | string | undefined): number {
  const ids = vocabulary.encode(critique);
  let row = 0;
  for (const id of ids) if (id > 0) row = id;
  return row;
}

/** The critique path an item carries in a history, as a vocabulary row (0 when the model has no critiques). */
export function itemCritiquePath(vocabulary: CritiqueVocabulary, categories: readonly string[]): string | undefined {
  if (vocabulary.levels === 0 || categories.length === 0) return undefined;
  return categoryPath(categories, vocabulary.levels);
}

/**
 * Flare's tables: ID embedding plus the Perceiver's text context of (item text, the item's own critique) for every
 * item, of ([MASK] text, no critique) for the mask row, and of ([MASK] text, critique c) for every critique path.
 * Computed in chunks, so a large catalog never holds every Perceiver activation at once.
 */
export function flareInputTables(config: ModelConfig, p: Params | Record<string, tf.Tensor>, features: FlareFeatures, catalog: Catalog, vocabulary: CritiqueVocabulary, chunk = 1024): InputTables {
  const flare = config.flare;
  if (!flare) throw new Error('flareInputTables needs a Flare model config');
  const params = p as Params;
  const none = features.numCritiques;
  const ownCritique = (categories: readonly string[]) => {
    const row = vocabulary.levels > 0 ? critiqueRow(vocabulary, categories) : 0;
    return row > 0 ? row - 1 : none;
  };
  // Pairs in table order: items 0..n-1, the mask without critique, then the mask with each critique path.
  const textRows: number[] = [];
  const critiqueRows: number[] = [];
  catalog.items.forEach((item, i) => {
    textRows.push(i);
    critiqueRows.push(ownCritique(item.categories));
  });
  textRows.push(features.numItems);
  critiqueRows.push(none);
  for (let c = 0; c < vocabulary.size; c++) {
    textRows.push(features.numItems);
    critiqueRows.push(c);
  }
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < textRows.length; start += chunk) {
    const end = Math.min(textRows.length, start + chunk);
    parts.push(tf.tidy(() => textContext(config, flare, params, features, textRows.slice(start, end), critiqueRows.slice(start, end))));
  }
  return tf.tidy(() => {
    const contexts = tf.concat(parts);
    tf.dispose(parts);
    const ids = params.item_embedding!;
    const n = config.numItems;
    const itemRows = tf.add(tf.slice(ids, [1, 0], [n + 1, config.dModel]), tf.slice(contexts, [0, 0], [n + 1, config.dModel]));
    const maskId = tf.slice(ids, [maskToken(config), 0], [1, config.dModel]);
    const critiqueContexts = tf.slice(contexts, [n, 0], [vocabulary.size + 1, config.dModel]);
    return {
      items: tf.concat([tf.zeros([1, config.dModel]), itemRows]) as tf.Tensor2D,
      critiques: tf.add(critiqueContexts, maskId) as tf.Tensor2D,
    };
  });
}

/** The tables of any model kind: Flare needs its text features, Bert4Rec* only its weights. */
export function inputTablesFor(config: ModelConfig, p: Params | Record<string, tf.Tensor>, catalog: Catalog, vocabulary: CritiqueVocabulary, features?: FlareFeatures): InputTables {
  if (!config.flare) return bert4recInputTables(config, p, catalog, vocabulary);
  if (!features) throw new Error('a Flare model needs its text features to compute input tables');
  return flareInputTables(config, p, features, catalog, vocabulary);
}
