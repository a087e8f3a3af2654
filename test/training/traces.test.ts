import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoryPath } from '../../model/catalog.js';
import { loadDataset } from '../../model/dataset.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { runTraining } from '../../training/run-training.js';
import { leaveOneOutCases } from '../../training/splits.js';
import type { Trace } from '../../training/traces.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'flarechat-traces-'));
const datasetDir = join(work, 'dataset');

beforeAll(async () => {
  process.env.FLARECHAT_DATA_DIR = join(work, 'data');
  await prepareDataset(join(root, 'test', 'fixtures', 'lcrec-slice'), datasetDir, presetOptions('none'));
  const quiet = () => {};
  const common = { epochs: 3, batchSize: 16, warmupSteps: 2, textTokens: 2, critiqueTokens: 2 };
  await runTraining({ dataset: datasetDir, out: join(work, 'b4r'), overrides: { ...common, model: 'bert4rec' }, command: 'test', log: quiet });
  await runTraining({ dataset: datasetDir, out: join(work, 'flare'), overrides: { ...common, model: 'flare', critique: 'precise' }, command: 'test', log: quiet });
});

describe('flarechat trace (Appendix C)', () => {
  it('prints Bert4Rec*, Flare and Flare with the held-out item\'s critique for the same history, and writes the report', async () => {
    const out = join(work, 'reports');
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'flarechat.js'), 'trace', datasetDir, '--bert4rec', join(work, 'b4r'), '--flare', join(work, 'flare'), '--users', '2', '--out', out], { cwd: root });
    const dataset = await loadDataset(datasetDir);
    const first = leaveOneOutCases(dataset.sequences).test.find((c) => c.history.length >= 3)!;
    const critique = categoryPath(dataset.catalog.item(first.target).categories, 4);
    expect(stdout).toContain(`**Flare with critique** — critique: "${critique}"`);
    expect(stdout).toContain(`Held-out item: **${dataset.catalog.item(first.target).title}**`);
    const report = JSON.parse(readFileSync(join(out, 'traces.json'), 'utf8')) as { traces: Trace[] };
    expect(report.traces).toHaveLength(2);
    const [trace] = report.traces;
    expect(trace!.history.map((h) => h.title)).toEqual(Array.from(first.history, (i) => dataset.catalog.item(i).title));
    expect(trace!.segments.map((s) => s.label)).toEqual(['Bert4Rec*', 'Flare', 'Flare with critique']);
    for (const segment of trace!.segments) expect(segment.items).toHaveLength(5);
    // The critique reaches Flare's prediction: the critiqued list is scored differently from the plain one.
    const plain = trace!.segments[1]!.items;
    const critiqued = trace!.segments[2]!.items;
    expect(critiqued.some((item, i) => item.title !== plain[i]!.title || Math.abs(item.score - plain[i]!.score) > 1e-5)).toBe(true);
  });
});
