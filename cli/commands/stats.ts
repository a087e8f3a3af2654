import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import { InputError, type CliCommand } from '../command.js';
import { isPreparedDataset, loadDataset } from '../../model/dataset.js';
import { formatProblemSummary } from '../../training/loaders/problems.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { PRESETS } from '../../training/preprocess.js';
import { computeStats, formatStats, singleLevelWarning } from '../../training/stats.js';

export const command: CliCommand<{ preset: string; json?: boolean }> = {
  define: (cmd) =>
    cmd
      .description(
        `Prints the rows of the paper's Table 1 (users, items, interactions per user) and the share of items with a
title and with 0-4+ category levels. <dataset> is a prepared dataset folder, or any source that
\`flarechat prepare\` accepts (then prepared in a temporary folder with --preset).`,
      )
      .argument('<dataset>', 'a prepared dataset folder or a source `flarechat prepare` reads')
      .addOption(new Option('--preset <name>', 'preprocessing recipe for a source that is not prepared yet (see flarechat prepare --help)').choices(['auto', ...Object.keys(PRESETS)]).default('auto'))
      .option('--json', 'print the statistics as JSON'),
  async run(values, [path]: [string]) {
    let dir = path;
    let temp: string | undefined;
    if (!existsSync(path)) throw new InputError(`${path}: no such file or folder; expected a prepared dataset folder or a source \`flarechat prepare\` reads`);
    if (!isPreparedDataset(path)) {
      const options = presetOptions(values.preset, path);
      temp = dir = mkdtempSync(join(tmpdir(), 'flarechat-stats-'));
      try {
        const manifest = await prepareDataset(path, dir, options);
        process.stderr.write(`read ${path} (${manifest.source.format}) and prepared it in a temporary folder with preset ${values.preset}; ${formatProblemSummary(manifest.problems)}\n`);
      } catch (error) {
        rmSync(temp, { recursive: true, force: true });
        throw error;
      }
    }
    try {
      const dataset = await loadDataset(dir);
      const stats = computeStats(dataset);
      process.stdout.write(values.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats) + '\n');
      const warning = singleLevelWarning(stats.categoryLevels, dataset.manifest.source.format === 'lcrec');
      if (warning) process.stderr.write(warning + '\n');
    } finally {
      if (temp) rmSync(temp, { recursive: true, force: true });
    }
    return 0;
  },
};
