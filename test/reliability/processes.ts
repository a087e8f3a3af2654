import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flarechat.js');

/** A `flarechat` command running as its own process, with its output collected as it arrives. */
export interface FlarechatProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the match once stdout (or stderr) matches, checked on every chunk; rejects if the process exits first. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runFlarechat(args: string[], env: NodeJS.ProcessEnv): FlarechatProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env } });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; stream: 'stdout' | 'stderr'; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const match = (w.stream === 'stdout' ? out : err).match(w.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`flarechat ${args[0]} exited (${code ?? signal}) before printing ${w.pattern}: ${err.slice(-500)}`));
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, stream = 'stdout') {
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, stream, resolve, reject });
        check();
        if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`flarechat ${args[0]} already exited`));
      });
    },
  };
}

/** Titles of the demo catalog that "i have <title>" adds as themselves, with their ids (shared with bench:faults). */
export { namedDemoTitles as distinctDemoTitles } from '../../cli/bench/faults.js';
