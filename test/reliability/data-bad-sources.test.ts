import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadDataset, writeDataset } from '../../model/dataset.js';
import { SourceError } from '../../training/loaders/source-error.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';

const root = join(import.meta.dirname, '..', '..');
const bad = join(root, 'test', 'fixtures', 'bad-sources');
const temp = () => mkdtempSync(join(tmpdir(), 'flarechat-bad-data-'));
const run = promisify(execFile);
const flarechat = (...args: string[]) =>
  run(process.execPath, [join(root, 'bin', 'flarechat.js'), ...args], { cwd: root, env: { ...process.env, FLARECHAT_DATA_DIR: temp() } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** What a user sees of a failed command: one line, the command's name first, no stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn') && !/^(reading|  \d+ reviews|backend)/.test(l));
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('bad lines and bad files in a source', () => {
  it('a `null` line (or a number, string or array) in the review and metadata files is counted, not a crash', async () => {
    const out = temp();
    const manifest = await prepareDataset(join(bad, 'null-lines'), out, presetOptions('none'));
    expect(manifest.problems.counts['not-a-json-object']).toBe(5); // reviews: null, [1, 2], "a string"; meta: null, 42
    expect(manifest.problems.examples['not-a-json-object']).toEqual(['Office_Products_5.json:2', 'Office_Products_5.json:5', 'Office_Products_5.json:9', 'meta_Office_Products.json:2', 'meta_Office_Products.json:4']);
    const dataset = await loadDataset(out);
    expect(dataset.users).toEqual(['U1', 'U2']);
    expect(dataset.catalog.items.map((i) => i.title)).toEqual(['Stapler', 'Paper Clips', 'Tape Dispenser']);
  });

  it('a .gz file that is not gzip is refused with its name and what to do, and nothing is written', async () => {
    const out = join(temp(), 'dataset');
    const refusal = prepareDataset(join(bad, 'not-gzip'), out, presetOptions('none'));
    await expect(refusal).rejects.toBeInstanceOf(SourceError);
    await expect(refusal).rejects.toThrow(/no users to prepare, so nothing was written: .*Office_Products_5\.json\.gz is not gzip data although its name ends in \.gz: download it again, or drop the \.gz/);
    expect(existsSync(out)).toBe(false);
  });

  it('empty raw files are refused, naming each', async () => {
    await expect(prepareDataset(join(bad, 'empty-raw'), temp(), presetOptions('none'))).rejects.toThrow(
      /Office_Products_5\.json, .*meta_Office_Products\.json are empty: copy or download the source files again/,
    );
  });

  it('empty LC-Rec files are refused, naming the file', async () => {
    await expect(prepareDataset(join(bad, 'empty-lcrec'), temp(), presetOptions('none'))).rejects.toThrow(/Empty\.item\.json is empty/);
  });

  it('a source whose users all fall to the preprocessing is refused, saying which rules and what to try', async () => {
    await expect(prepareDataset(join(root, 'test', 'fixtures', 'amazon-raw'), temp(), presetOptions('recformer'))).rejects.toThrow(
      /all 8 users read were dropped by the preprocessing \(at least 3 items a user, 5-core filtering, items with a title\): try --preset none or --k-core 0/,
    );
  });
});

describe('the commands on bad input', () => {
  it('prepare on a file that is not gzip: one line naming the file, a failing exit code', async () => {
    const { code, stdout, stderr } = await flarechat('prepare', join(bad, 'not-gzip'), join(temp(), 'out'), '--preset', 'none');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expectOneLineError(stderr, /^flarechat prepare: .*Office_Products_5\.json\.gz is not gzip data/);
  });

  it('prepare on a clean source says "no problems found in the source", and warns about a flat category tree', async () => {
    const { code, stdout, stderr } = await flarechat('prepare', join(root, 'test', 'fixtures', 'flat-lcrec'), join(temp(), 'out'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/: 3 users, 4 items, 9 interactions\nno problems found in the source\n$/);
    expect(stderr).toMatch(/warning: 100\.0% of the items with categories have a single category level: .*--category-separator ", "/);
  });

  it('stats on a path that does not exist: a clear error, not "(not a prepared folder"', async () => {
    const { code, stdout, stderr } = await flarechat('stats', '/no/such/dataset');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expectOneLineError(stderr, /^flarechat stats: \/no\/such\/dataset: no such file or folder/);
  });

  it('train refuses a dataset without users instead of "succeeding" on it', async () => {
    const dataset = temp();
    await writeDataset(dataset, { items: [{ id: 'a', title: 'A', categories: [] }], users: [], sequences: [] }, { name: 'empty', source: { format: 'lcrec', paths: [] }, preprocessing: {}, problems: { counts: {}, examples: {} } });
    const out = join(temp(), 'run');
    const { code, stderr } = await flarechat('train', dataset, '--out', out);
    expect(code).not.toBe(0);
    expectOneLineError(stderr, /^flarechat train: .*: no user has the 3 items a leave-one-out split needs/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });
});
