import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { isPreparedDataset, loadDataset } from '../../model/dataset.js';
import { formatProblems } from '../../training/loaders/problems.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { computeStats, formatStats } from '../../training/stats.js';

const help = `Usage: flarechat stats <dataset> [--preset NAME] [--json]

Prints the rows of the paper's Table 1 (users, items, interactions per user) and the share of items with a
title and with 0-4+ category levels. <dataset> is a prepared dataset folder, or any source that
\`flarechat prepare\` accepts (then prepared in a temporary folder with --preset, default auto).
`;

export const command: Command = {
  name: 'stats',
  summary: "print a dataset's statistics (the paper's Table 1 row)",
  help,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { preset: { type: 'string', default: 'auto' }, json: { type: 'boolean' } } });
    if (positionals.length !== 1) throw new UsageError('expected one <dataset> path');
    const path = positionals[0]!;
    let dir = path;
    let temp: string | undefined;
    if (!isPreparedDataset(path)) {
      temp = dir = mkdtempSync(join(tmpdir(), 'flarechat-stats-'));
      const options = presetOptions(values.preset!, positionals[0]);
      const manifest = await prepareDataset(path, dir, options);
      process.stderr.write(`(not a prepared folder: prepared with preset ${values.preset}; source problems:\n${formatProblems(manifest.problems).join('\n')})\n`);
    }
    try {
      const stats = computeStats(await loadDataset(dir));
      process.stdout.write(values.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats) + '\n');
    } finally {
      if (temp) rmSync(temp, { recursive: true, force: true });
    }
    return 0;
  },
};
