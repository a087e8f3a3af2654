import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand } from '../command.js';
import { loadDataset } from '../../model/dataset.js';

const description = `Writes a prepared dataset's user sequences as an LC-Rec folder (<folder>/<name>.inter.json: user index -> item
indices, oldest first), the input of the PyTorch peer ../shared/peers/bert4rec_peer.py. Users and items keep the
prepared dataset's indices, so the peer holds out the same last two items per user as our leave-one-out split, and
its log can go beside our rows: flarechat experiment table2 <dataset> --models none --merge --peer-log <its log>.`;

/** The prepared dataset's sequences in LC-Rec's inter.json shape: { "<user index>": [item index, ...] }. */
export function lcrecSequences(sequences: readonly Int32Array[]): Record<string, number[]> {
  return Object.fromEntries(sequences.map((s, u) => [String(u), Array.from(s)]));
}

export const command: CliCommand = {
  define: (cmd) => cmd.description(description).argument('<prepared-dataset>', 'a folder written by flarechat prepare').argument('<folder>', 'the LC-Rec folder to write'),
  async run(_values, [dataset, folder]: [string, string]) {
    const loaded = await loadDataset(dataset);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'Dataset.inter.json');
    writeFileSync(file, JSON.stringify(lcrecSequences(loaded.sequences)));
    process.stdout.write(`wrote ${file}: ${loaded.sequences.length} users, ${loaded.catalog.size} items\n`);
    return 0;
  },
};
