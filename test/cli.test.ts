import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const flarechat = (...args: string[]) =>
  run(process.execPath, [join(root, 'bin', 'flarechat.js'), ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('flarechat CLI', () => {
  it('lists every user-facing command', async () => {
    const { code, stdout } = await flarechat('--help');
    expect(code).toBe(0);
    for (const name of ['stats', 'prepare', 'train', 'experiment', 'chat', 'bench']) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('prints Table 1 stats for a dataset in a shipped format', async () => {
    const { code, stdout } = await flarechat('stats', join(root, 'test', 'fixtures', 'lcrec-slice'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/\| Slice \| 40 \| 240 \| \d+\.\d\d \|/);
    expect(stdout).toMatch(/items with a title +100\.0%/);
  });

  it('answers an unknown command or a missing path with one clear line', async () => {
    const unknown = await flarechat('nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'nope'/);
    const missing = await flarechat('stats', '/definitely/not/here');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/\/definitely\/not\/here: no such file or folder/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
