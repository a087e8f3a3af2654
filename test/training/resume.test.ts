import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareDataset, presetOptions } from '../../training/prepare.js';

const root = join(import.meta.dirname, '..', '..');
let datasetDir: string;

beforeAll(async () => {
  datasetDir = mkdtempSync(join(tmpdir(), 'flarechat-resume-data-'));
  await prepareDataset(join(root, 'test', 'fixtures', 'lcrec-slice'), datasetDir, presetOptions('none'));
});

function train(out: string, onLine?: (line: string, kill: () => void) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'flarechat.js'), 'train', datasetDir, '--out', out, '--epochs', '12', '--patience', '100', '--batch', '8'], {
      cwd: root,
      env: { ...process.env, FLARECHAT_DATA_DIR: join(out, '..', 'data') },
    });
    let output = '';
    const kill = () => child.kill('SIGKILL');
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) onLine?.(line, kill);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('resume after a kill', () => {
  it('a killed training run continues from its last checkpoint, not from zero, and finishes with the whole history', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'flarechat-resume-')), 'bundle');
    const state = join(out, 'checkpoint', 'state.json');
    const killed = await train(out, (line, kill) => {
      // Kill hard in the middle of epoch 4, after three checkpoints were written.
      if (/^epoch 4\/12/.test(line) || /^epoch 3\/12: loss/.test(line)) setTimeout(kill, 0);
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(state)).toBe(true);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { epoch: number; steps: number; history: unknown[] };
    expect(saved.epoch).toBeGreaterThanOrEqual(2);
    expect(saved.epoch).toBeLessThan(12);
    expect(existsSync(join(out, 'checkpoint', `epoch-${String(saved.epoch).padStart(5, '0')}`, 'optimizer.bin'))).toBe(true);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);

    const resumed = await train(out);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toContain(`resuming from the checkpoint after epoch ${saved.epoch}`);
    expect(resumed.output).not.toContain('Adam restarts from zero moments');
    expect(resumed.output).not.toMatch(new RegExp(`^epoch 1/12:`, 'm'));
    expect(resumed.output).toMatch(new RegExp(`^epoch ${saved.epoch + 1}/12:`, 'm'));
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { history: { epoch: number }[] };
    expect(report.history.map((h) => h.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(existsSync(join(out, 'checkpoint'))).toBe(false);
  });
});

describe('checkpoint writes', () => {
  it('a crash while writing an epoch leaves the previous checkpoint whole and named by state.json', async () => {
    const { writeCheckpoint } = await import('../../training/checkpoint.js');
    const { mkdirSync, writeFileSync, readdirSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-ckpt-'));
    const save = async (folder: string) => {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'weights'), folder);
    };
    const first = await writeCheckpoint(dir, { epoch: 1, steps: 10, history: [1], bestEpoch: 1, bestNdcg: 0.1, config: {} }, undefined, save);
    const second = await writeCheckpoint(dir, { epoch: 2, steps: 20, history: [1, 2], bestEpoch: 1, bestNdcg: 0.1, config: {} }, first, save);
    expect(second).toMatchObject({ last: 'epoch-00002', best: 'best-00001' });
    await expect(
      writeCheckpoint(dir, { epoch: 3, steps: 30, history: [1, 2, 3], bestEpoch: 3, bestNdcg: 0.2, config: {} }, second, async (folder) => {
        mkdirSync(folder, { recursive: true });
        throw new Error('killed mid-write');
      }),
    ).rejects.toThrow(/killed/);
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(state).toMatchObject({ epoch: 2, last: 'epoch-00002', best: 'best-00001' });
    expect(readFileSync(join(dir, state.last, 'weights'), 'utf8')).toBe(join(dir, 'epoch-00002'));
    expect(readdirSync(dir)).toContain('best-00001');
  });
});
