import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, type Command } from './command.js';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

async function loadCommands(): Promise<Map<string, Command>> {
  const files = readdirSync(commandsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as { command?: Command };
    if (mod.command) commands.set(mod.command.name, mod.command);
  }
  return commands;
}

function overview(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length));
  const rows = [...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'flarechat: a conversational recommender (Flare) for the terminal, Slack and Discord',
    '',
    'Usage: flarechat <command> [options]     flarechat <command> --help for its options',
    '',
    'Commands:',
    ...rows,
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview(commands));
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  if (!command) {
    process.stderr.write(`flarechat: unknown command '${name}'. Commands: ${[...commands.keys()].join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`flarechat ${name}: ${(error as Error).message}\n(see flarechat ${name} --help)\n`);
      return 2;
    }
    if (error instanceof Error && (error as { userFacing?: boolean }).userFacing) {
      process.stderr.write(`flarechat ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
