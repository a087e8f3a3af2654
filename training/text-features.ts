import { join } from 'node:path';
import type { Catalog } from '../model/catalog.js';
import type { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import { flareFeatures, type FlareFeatures } from '../model/flare.js';
import { encodeCritiqueTexts } from '../model/free-text-critique.js';
import type { TrainConfig } from './config.js';
import { encodeTextFeatures, itemDescription, openTextEncoder, type EncoderInfo } from '../model/text-encoder/index.js';

export interface FeatureSettings {
  /** 'use-lite' or a folder with model.onnx + tokenizer.json. */
  encoder: string;
  /** Tokens of a description read before pooling; descriptions are title, category path, brand, price. */
  maxTextTokens: number;
  textTokens: number;
  critiqueTokens: number;
  cacheDir: string;
}

/** The features a training config asks for; the cache lives under FLARECHAT_DATA_DIR. */
export function featureSettings(config: Pick<TrainConfig, 'textEncoder' | 'maxTextTokens' | 'textTokens' | 'critiqueTokens'>): FeatureSettings {
  return {
    encoder: config.textEncoder,
    maxTextTokens: config.maxTextTokens,
    textTokens: config.textTokens,
    critiqueTokens: config.critiqueTokens,
    cacheDir: join(process.env.FLARECHAT_DATA_DIR ?? '.flarechat', 'cache', 'text-features'),
  };
}

/**
 * Flare's frozen text features of a catalog: every item description and every critique path of the vocabulary
 * through the text encoder, pooled to a few token states each, cached on disk (a second run reads the cache).
 */
export async function catalogTextFeatures(catalog: Catalog, vocabulary: CritiqueVocabulary, settings: FeatureSettings, log: (line: string) => void): Promise<{ features: FlareFeatures; encoder: EncoderInfo }> {
  const encoder = await openTextEncoder(settings.encoder);
  try {
    const descriptions = catalog.items.map((item) => itemDescription(item));
    log(`text features: ${descriptions.length} item descriptions and ${vocabulary.size} critique paths through ${encoder.info.name}`);
    const items = await encodeTextFeatures(encoder, descriptions, { maxTokens: settings.maxTextTokens, poolTo: settings.textTokens, cacheDir: join(settings.cacheDir, 'items'), log });
    const critiques = vocabulary.paths.length
      ? await encodeCritiqueTexts(encoder, vocabulary.paths, settings.critiqueTokens, { cacheDir: join(settings.cacheDir, 'critiques'), log })
      : { count: 0, tokens: settings.critiqueTokens, dim: items.dim, states: new Float32Array(0), mask: new Uint8Array(0) };
    if (items.truncated) log(`text features: ${items.truncated} descriptions were longer than ${settings.maxTextTokens} tokens and were cut`);
    return { features: flareFeatures(items, critiques), encoder: encoder.info };
  } finally {
    await encoder.dispose();
  }
}
