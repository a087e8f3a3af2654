import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, type Command } from '../command.js';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');

function available(): string[] {
  return existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort() : [];
}

export const command: Command = {
  name: 'bench',
  summary: 'run a benchmark and write reports/<name>.json and .md (npm run bench:<name>)',
  help: `Usage: flarechat bench <name> [options]\n\nBenchmarks: ${available().join(', ')}\nEach writes reports/bench-<name>.json and reports/bench-<name>.md.\n`,
  async run(args) {
    const [name, ...rest] = args;
    if (!name || !available().includes(name)) throw new UsageError(`expected a benchmark name: ${available().join(', ')}`);
    const mod = (await import(pathToFileURL(join(benchDir, `${name}.ts`)).href)) as { run(args: string[]): Promise<number> };
    return mod.run(rest);
  },
};
