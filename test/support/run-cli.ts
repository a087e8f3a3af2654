import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const root = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flarechat <args>` in a child process, as a user would (bin/flarechat.js), with extra environment variables. */
export function flarechat(args: string[], options: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<CliResult> {
  const child = run(process.execPath, [join(root, 'bin', 'flarechat.js'), ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 });
  if (options.input !== undefined) {
    child.child.stdin!.end(options.input);
  }
  return child.then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** The non-empty lines a user sees on stderr. */
export const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
