import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { InputError, numberArg, UsageError, type CliCommand } from '../command.js';
import { formatProblemSummary } from '../../training/loaders/problems.js';
import { ACCEPTED_FORMATS } from '../../training/loaders/detect.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { PRESETS } from '../../training/preprocess.js';

const description = `Reads a dataset in any accepted format, preprocesses it as in the paper (section 4.1) and writes a
prepared dataset folder (items.jsonl, users.txt, sequences.bin, dataset.json) that later stages load fast.

Accepted sources:
  - ${ACCEPTED_FORMATS.join('\n  - ')}

Presets:
  auto:      none for LC-Rec/UniSRec (already processed), recformer for raw files
  recformer: items with a title, 5-core, sequences trimmed to the last 50 items
  clothing:  like recformer but sequences over 50 items are dropped, not trimmed
  calrec:    like recformer plus removal of consecutive duplicate reviews
  none:      only users with at least 3 items (for leave-one-out)

Titles and categories are cleaned on the way in: markup and HTML entities removed, double-encoded UTF-8
("ProductsÂ", "Ã˜") repaired, titles that are only a category name or markup dropped, category paths cut
where product text leaked into them; every change is counted with the first item ids. A source that yields
no users is refused with the reason, and nothing is written.`;

interface PrepareFlags {
  preset: string;
  kCore?: number;
  maxLength?: number;
  dedup?: boolean;
  name?: string;
  categorySeparator?: string;
}

export const command: CliCommand<PrepareFlags> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<source>', 'the dataset to read (a folder, or one of its files)')
      .argument('<output-folder>', 'where to write the prepared dataset')
      .addOption(new Option('--preset <name>', 'preprocessing recipe (see Presets below)').choices(['auto', ...Object.keys(PRESETS)]).default('auto'))
      .option('--k-core <n>', 'override the k-core threshold (0 = off)', numberArg({ integer: true, min: 0 }))
      .option('--max-length <n>', 'override the sequence length limit', numberArg({ integer: true, min: 0 }))
      .option('--dedup', 'force CALRec-style deduplication (raw review files only)')
      .option('--no-dedup', 'turn CALRec-style deduplication off')
      .option('--name <name>', 'dataset name (default: from the source files)')
      .option('--category-separator <text>', 'LC-Rec item files only: what joins the category levels, e.g. ", " (default: a comma not followed by a space)'),
  async run(values, [input, output]: [string, string]) {
    if (!existsSync(input)) throw new InputError(`${input}: no such file or folder; expected a dataset in one of the formats of \`flarechat prepare --help\``);
    const options = presetOptions(values.preset, input);
    options.kCore = values.kCore ?? options.kCore;
    if (values.maxLength !== undefined) options.maxSequenceLength = values.maxLength;
    if (values.dedup !== undefined) options.dedup = values.dedup;
    if (values.categorySeparator === '') throw new UsageError('--category-separator must not be empty');
    const started = Date.now();
    const manifest = await prepareDataset(input, output, { ...options, name: values.name, categorySeparator: values.categorySeparator, log: (l) => process.stderr.write(l + '\n') });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `prepared ${manifest.name} (${manifest.source.format}) into ${output} in ${seconds} s: ` +
        `${manifest.counts.users} users, ${manifest.counts.items} items, ${manifest.counts.interactions} interactions\n` +
        `${formatProblemSummary(manifest.problems)}\n`,
    );
    for (const warning of manifest.warnings) process.stderr.write(warning + '\n');
    return 0;
  },
};
