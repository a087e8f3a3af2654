#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx so a clone needs no build step.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
