import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, type CliCommand } from '../command.js';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');

function available(): string[] {
  return existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort() : [];
}

export const command: CliCommand = {
  define: (cmd) =>
    cmd
      .argument('<name>', `the benchmark: ${available().join(', ')}`)
      .argument('[options...]', "the benchmark's own options (see cli/bench/<name>.ts)")
      .allowUnknownOption()
      .description('Runs a benchmark; each writes reports/bench-<name>.json and reports/bench-<name>.md.'),
  async run(_options, [name, rest]: [string, string[]]) {
    if (!available().includes(name)) throw new UsageError(`unknown benchmark '${name}': expected one of ${available().join(', ')}`);
    const mod = (await import(pathToFileURL(join(benchDir, `${name}.ts`)).href)) as { run(args: string[]): Promise<number> };
    return mod.run(rest);
  },
};
