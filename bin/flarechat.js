#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx so a clone needs no build step.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
// onnxruntime's start-up walks the process command line recursively, one stack frame group per character: past
// about 28 KB it overflows the main thread's 8 MB stack and the process dies of SIGSEGV (issue #17 item 6).
const MAX_COMMAND_LINE_BYTES = 16 * 1024;
const commandLineBytes = process.argv.reduce((sum, arg) => sum + Buffer.byteLength(arg) + 1, 0);
if (commandLineBytes > MAX_COMMAND_LINE_BYTES) {
  process.stderr.write(`flarechat: the command line is ${Math.ceil(commandLineBytes / 1024)} KB, more than the ${MAX_COMMAND_LINE_BYTES / 1024} KB accepted; shorten the longest argument (user names take at most 256 characters)\n`);
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
