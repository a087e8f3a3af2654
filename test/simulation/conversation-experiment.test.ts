import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../model/dataset.js';
import { runConversations, simulatedUsers, standardSystems } from '../../simulation/conversation-experiment.js';
import { titleWords, userPhrases } from '../../simulation/phrases.js';
import { PopularityRecommender } from '../../simulation/popularity-recommender.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { runTraining } from '../../training/run-training.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'flarechat-conversation-'));
const datasetDir = join(work, 'dataset');
const bundle = join(work, 'b4r');
let dataset: Dataset;

beforeAll(async () => {
  process.env.FLARECHAT_DATA_DIR = join(work, 'data');
  // The LC-Rec Scientific slice: 40 users, 240 real items, every user a leave-one-out test user.
  await prepareDataset(join(root, 'test', 'fixtures', 'lcrec-slice'), datasetDir, presetOptions('none'));
  dataset = await loadDataset(datasetDir);
  await runTraining({ dataset: datasetDir, out: bundle, overrides: { model: 'bert4rec', critique: 'precise', epochs: 2, batchSize: 16, warmupSteps: 2 }, command: 'test', log: () => {} });
});

describe('the simulated user\'s phrases', () => {
  it('names the product by the last two content words before the title\'s first qualifier', () => {
    expect(titleWords('Stanley TRA708T Sharpshooter Heavy Duty Staple Gun')).toBe('staple gun');
    expect(titleWords('SUPCO SPP6 Relay/Capacitor Hard Start Kit with 500% Increase Starting Torque.')).toBe('start kit');
    expect(titleWords('Shop-Vac 90686 2.5-Inch Hose Coupling.')).toBe('hose coupling');
    expect(titleWords('3M 1 Pack, 100 Count')).toBeUndefined();
  });

  it('goes from the level-2 name to the precise (level-4) name to the title words, one template each', () => {
    const item = { title: 'SUPCO SPP6 Relay/Capacitor Hard Start Kit with 500% Increase Starting Torque.', categories: ['Industrial & Scientific', 'Industrial Electrical', 'Passive Components', 'Capacitors', 'Film'] };
    expect(userPhrases(item, () => 0).map((p) => p.text)).toEqual(['industrial electrical instead', 'capacitors instead', 'I need a start kit']);
    expect(userPhrases(item, (n) => n - 1).map((p) => p.text)).toEqual(['show me industrial electrical', 'i want capacitors', 'looking for a start kit']);
    // Two levels: no precise step (the level-2 name is already the deepest there is).
    expect(userPhrases({ title: 'Koch Cable', categories: ['Industrial & Scientific', 'Fasteners'] }, () => 0).map((p) => p.kind)).toEqual(['broad', 'title']);
  });
});

describe('conversations with popularity inside the category, checked by hand', () => {
  it('shows the most popular items, then the most popular inside the critiqued category, and counts success per turn', async () => {
    const counts = PopularityRecommender.countsWithoutLastItems(dataset.sequences, dataset.catalog.size);
    // Interaction counts on the slice (last items left out): item 17 has 16, 130 has 14, 6 has 6, then 23, 59, 94,
    // 110 and 168 have 3 each (ties go to the lower index).
    expect([17, 130, 6, 23, 59, 94, 110, 168].map((i) => counts[i])).toEqual([16, 14, 6, 3, 3, 3, 3, 3]);
    const popularity = new PopularityRecommender(dataset.catalog, counts);
    const { users, testUsers } = simulatedUsers(dataset, 'all', 1);
    expect(testUsers).toBe(40);
    const run = await runConversations({ systems: standardSystems({ flare: popularity, popularity }, ['popularity']), users, turns: 2 });
    const records = run.records.popularity!;

    // User 12 owns 72, 17, 73, 74 and wants 75 (a food service item). Turn 1: the top five without its own 17.
    const user12 = records.find((r) => r.user === 12)!;
    expect(user12.target).toBe(75);
    expect(user12.turns[0]!.shown).toEqual([130, 6, 23, 59, 94]);
    expect(user12.turns[1]!.messages).toEqual(['not 1', 'food service equipment & supplies instead']);

    // Turn 1 finds the 8 users who want 17, 130 or 6 (users 1, 6, 10, 18, 25, 32, 35, 37: their target is among the
    // first five once their own items are left out): 8/40.
    expect(records.filter((r) => r.successTurn === 1).map((r) => r.user).sort((a, b) => a - b)).toEqual([1, 6, 10, 18, 25, 32, 35, 37]);
    expect(run.metrics.popularity!.success[0]).toBe(8 / 40);

    // Turn 2, whatever category the bot understood (that is the parser's business, measured elsewhere): the items under
    // it by count, then the rest by count, without the user's own items, the dismissed #1 and repeated titles.
    const byCount = [...Array(dataset.catalog.size).keys()].sort((a, b) => counts[b]! - counts[a]! || a - b);
    const title = (i: number) => dataset.catalog.item(i).title.toLowerCase();
    let foundAtTwo = 0;
    for (const record of records.filter((r) => r.successTurn !== 1)) {
      const user = users.find((u) => u.user === record.user)!;
      const [first, second] = record.turns;
      const path = second!.understood?.path;
      if (!path) continue;
      const levels = path.split(' - ');
      const under = (i: number) => levels.every((level, k) => dataset.catalog.item(i).categories[k] === level);
      const left = byCount.filter((i) => !Array.from(user.history).includes(i) && i !== first!.shown[0]);
      const seen = new Set(Array.from(user.history, title));
      const expected = [...left.filter(under), ...left.filter((i) => !under(i))].filter((i) => (seen.has(title(i)) ? false : (seen.add(title(i)), true))).slice(0, 5);
      expect(second!.shown).toEqual(expected);
      if (expected.includes(record.target)) foundAtTwo++;
    }
    expect(foundAtTwo).toBeGreaterThan(0);
    expect(run.metrics.popularity!.success[1]).toBe((8 + foundAtTwo) / 40);
    const found = records.filter((r) => r.successTurn !== undefined);
    expect(run.metrics.popularity!.meanTurns).toBeCloseTo((8 + 2 * foundAtTwo) / (8 + foundAtTwo), 10);
    expect(run.metrics.popularity!.meanTurnsFailuresAsTPlus1).toBeCloseTo((8 + 2 * foundAtTwo + 3 * (40 - found.length)) / 40, 10);
    expect(run.metrics.popularity!.rankPageDisagreements).toBe(0);
  });
});

describe('flarechat experiment conversation', () => {
  it('runs every system end to end over 2 turns and writes the report, chart and per-system success', async () => {
    const out = join(work, 'reports');
    await promisify(execFile)(process.execPath, [join(root, 'bin', 'flarechat.js'), 'experiment', 'conversation', datasetDir, '--users', 'all', '--turns', '2', '--flare', bundle, '--bert4rec', bundle, '--out', out], { cwd: root, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
    const report = JSON.parse(readFileSync(join(out, 'conversation-eval.json'), 'utf8')) as {
      users: number;
      systems: Record<string, { success: number[]; meanTurns?: number; rankPageDisagreements: number }>;
    };
    expect(report.users).toBe(40);
    expect(Object.keys(report.systems)).toEqual(['flare', 'flare-steering', 'bert4rec', 'popularity', 'no-critique']);
    for (const system of Object.values(report.systems)) {
      expect(system.success).toHaveLength(2);
      expect(system.success[1]).toBeGreaterThanOrEqual(system.success[0]!);
      expect(system.rankPageDisagreements).toBe(0);
    }
    // The same users as the hand-checked run, through the command line.
    expect(report.systems.popularity!.success[0]).toBe(8 / 40);
    // Turn 1 is "recommend" on the history alone: the same model gives the same first list whatever comes after.
    expect(report.systems['flare-steering']!.success[0]).toBe(report.systems.flare!.success[0]);
    expect(report.systems['no-critique']!.success[0]).toBe(report.systems.flare!.success[0]);
    expect(report.systems.bert4rec!.success).toEqual(report.systems.flare!.success);
    const markdown = readFileSync(join(out, 'conversation-eval.md'), 'utf8');
    expect(markdown).toContain(`| Popularity inside the category | 0.200 | ${report.systems.popularity!.success[1]!.toFixed(3)} |`);
    expect(markdown).toContain('![success by turn](conversation-eval.svg)');
    expect(existsSync(join(out, 'conversation-eval.svg'))).toBe(true);

    // The Markdown is a function of the saved JSON: rewriting it from the JSON gives the same report.
    const again = join(work, 'rerendered');
    await promisify(execFile)(process.execPath, [join(root, 'bin', 'flarechat.js'), 'experiment', 'conversation', datasetDir, '--from-json', join(out, 'conversation-eval.json'), '--out', again], { cwd: root, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
    expect(readFileSync(join(again, 'conversation-eval.md'), 'utf8')).toBe(markdown);
  });

  it('refuses a bundle trained on another catalog, naming it', async () => {
    const run = promisify(execFile)(process.execPath, [join(root, 'bin', 'flarechat.js'), 'experiment', 'conversation', datasetDir, '--turns', '2', '--systems', 'flare', '--out', join(work, 'x')], { cwd: root, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
    await expect(run).rejects.toMatchObject({ stderr: expect.stringContaining('was not trained on this dataset\'s catalog') });
  });
});
