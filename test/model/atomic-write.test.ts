import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = pathToFileURL(join(import.meta.dirname, '..', '..', 'model', 'atomic-write.ts')).href;

/** A separate process writing `path` `times` times with one letter repeated: a whole file is all one letter. */
function writer(path: string, letter: string, times: number): Promise<void> {
  const script = `const { writeFileAtomic } = await import(${JSON.stringify(module)}); for (let i = 0; i < ${times}; i++) writeFileAtomic(${JSON.stringify(path)}, ${JSON.stringify(letter)}.repeat(200000));`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve())),
  );
}

describe('writeFileAtomic', () => {
  it('lets two processes write one file at once (two trainings filling one feature cache): no failure, a whole file, no leftovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-atomic-'));
    const path = join(dir, 'features.shard');
    await Promise.all([writer(path, 'a', 150), writer(path, 'b', 150)]);
    const text = readFileSync(path, 'utf8');
    expect(text.length).toBe(200000);
    expect(new Set(text).size).toBe(1);
    expect(readdirSync(dir)).toEqual(['features.shard']);
  });
});
