import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const flarechat = (...args: string[]) => flarechatWith({}, ...args);
const flarechatWith = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [join(root, 'bin', 'flarechat.js'), ...args], { cwd: root, env: { ...process.env, ...env } }).then(
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
    // 4 of the slice's 240 titles are only "Industrial & Scientific />." (alt text of an image): dropped, 236/240.
    expect(stdout).toMatch(/items with a title +98\.3%/);
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

  it('encodes a catalog into the cache Flare training reads, and a second run reads it back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-encode-'));
    const first = await flarechatWith({ FLARECHAT_DATA_DIR: dataDir }, 'encode', join(root, 'test', 'fixtures', 'lcrec-slice'));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^240 items -> \[240, 8, 512\]/);
    expect(first.stderr).toMatch(/0 of \d+ distinct texts from cache/);
    expect(existsSync(join(dataDir, 'cache', 'text-features', 'items'))).toBe(true);
    const second = await flarechatWith({ FLARECHAT_DATA_DIR: dataDir }, 'encode', join(root, 'test', 'fixtures', 'lcrec-slice'));
    expect(second.stderr).toMatch(/(\d+) of \1 distinct texts from cache .*, 0 to encode/);
  });
});

describe('flarechat experiment', () => {
  it('refuses an unknown --models name before loading anything, naming the ones it takes', async () => {
    const { code, stderr } = await flarechat('experiment', 'table2', '/not/loaded', '--models', 'flare,bert5rec');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--models takes bert4rec, flare, flare-text-output .*got 'flare,bert5rec'/);
  });

  it('writes a prepared dataset for the PyTorch peer: LC-Rec inter.json with our user and item indices, so the peer holds out the same items', async () => {
    const { prepareDataset, presetOptions } = await import('../training/prepare.js');
    const { loadDataset } = await import('../model/dataset.js');
    const prepared = mkdtempSync(join(tmpdir(), 'flarechat-peer-prepared-'));
    await prepareDataset(join(root, 'test', 'fixtures', 'lcrec-slice'), prepared, presetOptions('none'));
    const out = join(mkdtempSync(join(tmpdir(), 'flarechat-peer-')), 'lcrec');
    const { code, stdout } = await flarechat('peer-data', prepared, out);
    expect(code).toBe(0);
    const dataset = await loadDataset(prepared);
    expect(stdout).toContain(`${dataset.sequences.length} users, ${dataset.catalog.size} items`);
    const written = JSON.parse(readFileSync(join(out, 'Dataset.inter.json'), 'utf8')) as Record<string, number[]>;
    expect(Object.keys(written)).toHaveLength(dataset.sequences.length);
    dataset.sequences.forEach((s, u) => expect(written[String(u)]).toEqual(Array.from(s)));
  });
});
