import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { initBackend } from '../../model/tf.js';
import { resolveConfig } from '../../training/config.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { formatSeconds } from '../../model/duration.js';
import { lineProgress, progressOn, progressText, runEta, type Progress, type ProgressState } from '../../training/progress.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { trainModel } from '../../training/train.js';

/** A stream that records what is written to it; `isTTY` as a terminal or a redirected file would have it. */
function capture(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY, columns: 120, text: () => chunks.join('') });
  return stream;
}

const state = (done: number, detail?: string): ProgressState => ({ label: 'evaluate', done, total: 400, unit: 'users', detail });

afterEach(() => vi.useRealTimers());

describe('progress', () => {
  it('prints plain lines when the output is not a terminal: the first, then at most one every 2 s, and the last', () => {
    vi.useFakeTimers({ now: 0 });
    const out = capture(false);
    const progress = progressOn(out);
    progress.update(state(100));
    vi.setSystemTime(1_000);
    progress.update(state(200));
    vi.setSystemTime(2_500);
    progress.update(state(300, 'run ETA 4 s'));
    vi.setSystemTime(2_600);
    progress.update(state(400));
    progress.log('done evaluating');
    progress.stop();
    expect(out.text()).toBe(['evaluate  25% 100/400 users', 'evaluate  75% 300/400 users, run ETA 4 s', 'evaluate 100% 400/400 users', 'done evaluating', ''].join('\n'));
    expect(out.text()).not.toContain('\r');
  });

  it('redraws a bar in place on a terminal, with log lines above it', () => {
    vi.useFakeTimers({ now: 0 });
    const out = capture(true);
    const progress = progressOn(out);
    progress.update(state(100));
    vi.setSystemTime(500);
    progress.log('a line of its own');
    progress.update(state(400, 'loss 1.2345'));
    progress.stop();
    const text = out.text();
    expect(text).toContain('a line of its own\n');
    expect(text).toMatch(/evaluate .*25% 100\/400 users/);
    expect(text).toMatch(/evaluate .*100% 400\/400 users, loss 1\.2345/);
    // In place: both states are drawn on one line, the cursor sent back to its start (ESC [1G) before each redraw.
    const barLines = text.split('\n').filter((l) => l.includes('/400 users'));
    expect(barLines).toHaveLength(1);
    expect(barLines[0]).toMatch(/\x1b\[1G.*100\/400.*\x1b\[1G.*400\/400/);
  });

  it('estimates the remaining time of the whole run from the rate so far', () => {
    expect(runEta(250, 1000, 50)).toBe(150);
    expect(runEta(0, 1000, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(formatSeconds(4.24)).toBe('4.2 s');
    expect(formatSeconds(42.4)).toBe('42 s');
    expect(formatSeconds(185)).toBe('3 min 5 s');
    expect(formatSeconds(179.6)).toBe('3 min 0 s');
    expect(formatSeconds(Number.POSITIVE_INFINITY)).toBe('?');
    expect(progressText({ label: 'epoch 2/5', done: 5, total: 10, unit: 'sequences', detail: 'loss 2.0000' })).toBe('epoch 2/5  50% 5/10 sequences, loss 2.0000');
  });
});

describe('training progress', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    await initBackend();
    const out = mkdtempSync(join(tmpdir(), 'flarechat-progress-'));
    await prepareDataset(join(import.meta.dirname, '..', 'fixtures', 'lcrec-slice'), out, presetOptions('none'));
    dataset = await loadDataset(out);
  });

  it('reports every epoch up to all its sequences, with the ETA of the whole run, and ends each epoch\'s bar', async () => {
    const updates: ProgressState[] = [];
    let stops = 0;
    const lines = lineProgress(() => {}, 0);
    const progress: Progress = { update: (s) => (updates.push(s), lines.update(s)), log: () => {}, stop: () => void stops++ };
    const { train, valid } = leaveOneOutCases(dataset.sequences);
    const config = resolveConfig({ dModel: 16, heads: 2, dHidden: 32, epochs: 2, patience: 5, evalUsers: 20, batchSize: 16 });
    const result = await trainModel(dataset.catalog, train, valid, config, { progress });
    const trained = train.filter((s) => s.length >= 1).length;
    for (const epoch of [1, 2]) {
      const ofEpoch = updates.filter((u) => u.label === `epoch ${epoch}/2`);
      expect(ofEpoch.length).toBeGreaterThan(0);
      expect(ofEpoch.at(-1)!.done).toBe(trained);
      expect(ofEpoch.every((u) => u.total === trained && u.unit === 'sequences')).toBe(true);
    }
    expect(updates.every((u) => /^loss \d+\.\d{4}, \d+ seq\/s, \d+\.\d steps\/s, run ETA (\d+ min \d+ s|\d+(\.\d)? s|\?)$/.test(u.detail!))).toBe(true);
    // The last update of the run has nothing left: its ETA is zero.
    expect(updates.at(-1)!.detail).toMatch(/run ETA 0\.0 s$/);
    expect(stops).toBeGreaterThanOrEqual(2);
    expect(result.history).toHaveLength(2);
  });
});
