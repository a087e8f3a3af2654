import { readFileSync } from 'node:fs';
import { InputError, type CliCommand } from '../command.js';
import { Option } from 'commander';
import { addItemsToBundle, checkCanAddItems, describeIdSource, type OutputRowMethod } from '../../model/add-items.js';
import { readBundleManifest } from '../../model/bundle.js';
import { describeItemProblems, parseNewItemsJsonl } from '../../model/new-items.js';
import { initBackend } from '../../model/tf.js';

const description = `Adds new items to a trained Flare bundle without retraining: each item's text goes through the
bundle's own text encoder and Perceiver, its ID part is the learned unseen-item embedding (or nothing, in a bundle
trained without it: the text alone), and it is appended to the catalog, the input tables and the output layer;
model.onnx is exported again when the bundle has one. The chat, the bots and \`flarechat serve\` recommend the new
items after a restart (a running server takes them through POST /v1/items).

<items.jsonl>: one item a line, in the catalog's format:
  {"id": "B0NEW1", "title": "…", "categories": ["Industrial & Scientific", "…"], "brand": "…", "price": 9.99}
(brand, price and description optional). Ids already in the catalog with the same content are skipped, so adding
the same file twice changes nothing. Refused, with nothing written: a line that fails validation (all counted, with
line numbers), an id given twice in the file, an id already in the catalog with other content, a Bert4Rec* bundle
(no text path to place an unseen item), a bundle whose text encoder cannot be opened.`;

const OUTPUT_SCORING = {
  'nearest-text': 'the ID rows and biases of the trained items with the nearest text, blended',
  'linear-text': 'the ID row and bias a ridge map fitted on the trained items predicts from its text',
  'input-row': 'its input-table row (the bundle scores by ID + text), mean trained bias',
} as const;

export const command: CliCommand<{ encoder?: string; outputRows?: OutputRowMethod }> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<bundle>', 'a Flare bundle folder (flarechat train --model flare)')
      .argument('<items.jsonl>', 'the new items, one JSON object a line')
      .addOption(new Option('--output-rows <method>', 'where a new item\'s output row and bias come from: nearest-text (default: the trained items with the nearest text) | linear-text (a ridge map from text)').choices(['nearest-text', 'linear-text']))
      .option('--encoder <spec>', "open this text encoder instead of the one the manifest names (a folder encoder that moved; it must be the same model)"),
  async run(values, [bundle, file]: [string, string]) {
    const manifest = readBundleManifest(bundle);
    checkCanAddItems(bundle, manifest);
    const parsed = parseNewItemsJsonl(readFileSync(file, 'utf8'));
    const problems = describeItemProblems(parsed);
    if (problems) throw new InputError(`${file}: ${problems}; nothing was added: fix the file and run again`);
    if (parsed.items.length === 0) throw new InputError(`${file} holds no items (one JSON object a line: id, title, categories, optional brand and price)`);
    await initBackend();
    const result = await addItemsToBundle(bundle, parsed.items, { encoder: values.encoder, outputRows: values.outputRows, log: (line) => process.stderr.write(`${line}\n`) });
    const lines =
      result.added === 0
        ? [`${bundle}: nothing added: all ${result.alreadyPresent} items of ${file} are already in the catalog (${result.numItems} items)`]
        : [
            `${bundle}: added ${result.added} items (${result.numItems} in the catalog now)${result.alreadyPresent ? `, ${result.alreadyPresent} already there skipped` : ''} in ${result.seconds.toFixed(1)} s`,
            `  ${describeIdSource(result.idSource)}`,
            `  output score: ${OUTPUT_SCORING[result.outputScoring]}`,
            `  ${result.onnx ? 'model.onnx exported again; ' : ''}file hashes updated; restart the chat, bots or server to recommend them (a running server: POST /v1/items)`,
          ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
