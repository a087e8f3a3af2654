import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { formatProblems } from '../../training/loaders/problems.js';
import { ACCEPTED_FORMATS } from '../../training/loaders/detect.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { PRESETS } from '../../training/preprocess.js';

const help = `Usage: flarechat prepare <source> <output-folder> [options]

Reads a dataset in any accepted format, preprocesses it as in the paper (section 4.1) and writes a
prepared dataset folder (items.jsonl, users.txt, sequences.bin, dataset.json) that later stages load fast.

Accepted sources:
  - ${ACCEPTED_FORMATS.join('\n  - ')}

Options:
  --preset NAME        auto | ${Object.keys(PRESETS).join(' | ')} (default auto)
                         auto:      none for LC-Rec/UniSRec (already processed), recformer for raw files
                         recformer: items with a title, 5-core, sequences trimmed to the last 50 items
                         clothing:  like recformer but sequences over 50 items are dropped, not trimmed
                         calrec:    like recformer plus removal of consecutive duplicate reviews
                         none:      only users with at least 3 items (for leave-one-out)
  --k-core N           override the k-core threshold (0 = off)
  --max-length N       override the sequence length limit
  --dedup / --no-dedup override CALRec-style deduplication (raw review files only)
  --name NAME          dataset name (default: from the source files)
`;

export const command: Command = {
  name: 'prepare',
  summary: 'turn raw or processed Amazon review data into a prepared dataset folder',
  help,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        preset: { type: 'string', default: 'auto' },
        'k-core': { type: 'string' },
        'max-length': { type: 'string' },
        dedup: { type: 'boolean' },
        'no-dedup': { type: 'boolean' },
        name: { type: 'string' },
      },
    });
    if (positionals.length !== 2) throw new UsageError('expected <source> and <output-folder>');
    const [input, output] = positionals as [string, string];
    let options;
    try {
      options = presetOptions(values.preset!, positionals[0]);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const integer = (flag: string, value: string | undefined): number | undefined => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number >= 0, got '${value}'`);
      return n;
    };
    options.kCore = integer('k-core', values['k-core']) ?? options.kCore;
    const maxLength = integer('max-length', values['max-length']);
    if (maxLength !== undefined) options.maxSequenceLength = maxLength;
    if (values.dedup) options.dedup = true;
    if (values['no-dedup']) options.dedup = false;
    const started = Date.now();
    const manifest = await prepareDataset(input, output, { ...options, name: values.name, log: (l) => process.stderr.write(l + '\n') });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `prepared ${manifest.name} (${manifest.source.format}) into ${output} in ${seconds} s: ` +
        `${manifest.counts.users} users, ${manifest.counts.items} items, ${manifest.counts.interactions} interactions\n` +
        `problems found in the source (counted, not fatal):\n${formatProblems(manifest.problems).join('\n')}\n`,
    );
    return 0;
  },
};
