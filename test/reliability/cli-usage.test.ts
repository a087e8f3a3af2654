import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { flarechat, lines, root } from '../support/run-cli.js';

const NO_STACK = /^\s+at .*:\d+:\d+\)?$/m;

describe('flarechat speaks clearly on the command line (issue #20)', () => {
  it('--help lists every command and the exit codes, and npx prints no npm warning', async () => {
    const { code, stdout, stderr } = await promisify(execFile)('npx', ['--no-install', 'flarechat', '--help'], { cwd: root, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: undefined } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/npm warn/i);
    for (const name of ['chat', 'slack', 'discord', 'discord-deploy', 'bots', 'serve', 'prepare', 'stats', 'encode', 'train', 'evaluate', 'export', 'experiment', 'trace', 'bench']) {
      expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(stdout).toMatch(/^  2 +usage/m);
    expect(stdout).toMatch(/^  3 +input/m);
  });

  it('train on a bundle folder says in at most 3 lines which folder is wrong and what it expected (exit 3)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-train-'));
    const { code, stderr, stdout } = await flarechat(['train', 'demo/bundle', '--out', join(out, 'x')]);
    expect(code).toBe(3);
    expect(lines(stderr + stdout).length).toBeLessThanOrEqual(3);
    expect(stderr).toMatch(/^flarechat train: demo\/bundle is a model bundle, not a prepared dataset: expected a folder written by `flarechat prepare`/m);
    expect(stderr).not.toMatch(NO_STACK);
    // The optional native backend missing is a plain note, not an error message.
    expect(stderr).not.toMatch(/Cannot find package/);
    expect(stderr).toMatch(/tfjs-node not installed/);
  });

  it('suggests the flag or command meant, and exits 2 (usage)', async () => {
    const flag = await flarechat(['train', 'demo/bundle', '--out', 'x', '--epoch', '3']);
    expect(flag.code).toBe(2);
    expect(lines(flag.stderr)).toEqual(["flarechat train: unknown option '--epoch' (did you mean --epochs?)", '  see `flarechat train --help`']);
    const command = await flarechat(['trian']);
    expect(command.code).toBe(2);
    expect(lines(command.stderr)[0]).toBe("flarechat: unknown command 'trian' (did you mean train?)");
  });

  it('refuses a stray positional argument and a bad number in two lines (exit 2)', async () => {
    const stray = await flarechat(['chat', 'alice']);
    expect(stray.code).toBe(2);
    expect(lines(stray.stderr)).toHaveLength(2);
    expect(stray.stderr).toMatch(/^flarechat chat: too many arguments/);
    const number = await flarechat(['train', 'x', '--out', 'y', '--epochs', 'three']);
    expect(number.code).toBe(2);
    expect(number.stderr).toMatch(/^flarechat train: option '--epochs <n>' argument 'three' is invalid\. expected a whole number >= 1\./);
  });

  it('the same missing path is the same input error (exit 3) from stats and from prepare', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-prepare-'));
    for (const args of [['stats', '/definitely/not/here'], ['prepare', '/definitely/not/here', out]]) {
      const { code, stderr } = await flarechat(args);
      expect(code, args[0]).toBe(3);
      expect(lines(stderr), args[0]).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`^flarechat ${args[0]}: /definitely/not/here: no such file or folder; expected `));
    }
  });

  it('prepare and stats say plainly when a source has no problems', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-prepare-')), 'slice');
    // flat-lcrec is clean (lcrec-slice has titles the loaders' cleaning drops, each counted as a problem).
    const prepared = await flarechat(['prepare', join(root, 'test', 'fixtures', 'flat-lcrec'), out]);
    expect(prepared.code).toBe(0);
    expect(prepared.stdout).toMatch(/^no problems found in the source$/m);
    expect(prepared.stdout).not.toMatch(/counted, not fatal/);
    const stats = await flarechat(['stats', join(root, 'test', 'fixtures', 'flat-lcrec')]);
    expect(stats.code).toBe(0);
    expect(stats.stderr).not.toMatch(/not a prepared folder/);
    expect(stats.stderr).toMatch(/flat-lcrec \(lcrec\) and prepared it in a temporary folder with preset auto; no problems found in the source/);
  });

  it('--debug adds the stack trace to the same message', async () => {
    const { code, stderr } = await flarechat(['stats', '/definitely/not/here', '--debug']);
    expect(code).toBe(3);
    expect(stderr).toMatch(NO_STACK);
    expect(stderr).toMatch(/^flarechat stats: \/definitely\/not\/here: no such file or folder/m);
  });
});
