import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { COMMANDS } from './commands/index.js';
import { EXIT, EXIT_CODES_HELP, reportFailure } from './errors.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `--debug` anywhere on the line (or FLARECHAT_DEBUG=1): stack traces on failure. Removed before parsing. */
function takeDebugFlag(argv: string[], env: NodeJS.ProcessEnv): { debug: boolean; args: string[] } {
  const args = argv.filter((a) => a !== '--debug');
  return { debug: args.length !== argv.length || ['1', 'true'].includes(env.FLARECHAT_DEBUG ?? ''), args };
}

function program(): Command {
  return new Command('flarechat')
    .description('flarechat: a conversational recommender (Flare) for the terminal, Slack and Discord')
    .usage('<command> [options]')
    .version(version, '-V, --version')
    .option('--debug', 'on failure, print the stack trace too (or set FLARECHAT_DEBUG=1)')
    .helpCommand('help [command]', 'show the options of a command')
    .configureHelp({ showGlobalOptions: true, helpWidth: Math.max(process.stdout.columns ?? 0, 120) })
    .configureOutput({ outputError: () => {} }) // failures go through reportFailure, like every other error
    .exitOverride()
    .addHelpText('after', `\n${EXIT_CODES_HELP}\nConfiguration: environment variables or a .env file in the working folder (see .env.example).`);
}

/** The text `flarechat <name> --help` prints (for tests and docs). */
export async function commandHelp(name: string): Promise<string> {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new Error(`no command ${name}`);
  let text = '';
  const sub = program().configureOutput({ writeOut: (s) => (text += s) }).command(name).summary(entry.summary);
  (await entry.load()).command.define(sub);
  sub.outputHelp();
  return text;
}

/**
 * Runs `flarechat <command> ...` and returns the exit code. Only the named command's module is imported, so
 * `flarechat --help` and a mistyped command answer at once. Every failure, from the command line to a crash,
 * ends in reportFailure: one or two lines saying what went wrong and what to do.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotenv({ quiet: true });
  const { debug, args } = takeDebugFlag(argv, env);
  const wanted = args[0] === 'help' ? args[1] : args[0];
  let running = '';
  // A failure outside the command's promise (a library's stray rejection, an emitter's 'error') takes the same path
  // instead of Node's default, which prints a stack and, once the wasm backend is loaded, its minified source.
  const onStray = (error: unknown) => {
    process.exitCode = reportFailure(error, running, { debug, env });
    process.exit();
  };
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
  let exitCode: number = EXIT.ok;
  try {
    const cli = program();
    for (const entry of COMMANDS) {
      const sub = cli.command(entry.name).summary(entry.summary);
      if (entry.name !== wanted) continue;
      const { command } = await entry.load();
      command.define(sub);
      sub.action(async (...params: unknown[]) => {
        const self = params.at(-1) as Command;
        running = entry.name;
        exitCode = await command.run(self.opts(), self.processedArgs);
      });
    }
    await cli.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError && ['commander.helpDisplayed', 'commander.version'].includes(error.code)) return EXIT.ok;
    // `flarechat` alone prints the overview (commander writes it to stderr) and is a usage mistake.
    if (error instanceof CommanderError && error.code === 'commander.help') return EXIT.usage;
    const command = running || (wanted && COMMANDS.some((c) => c.name === wanted) ? wanted : '');
    return reportFailure(error, command, { debug, env });
  } finally {
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
  }
}
