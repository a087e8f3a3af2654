import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { markdownTable, provenance, writeReport } from '../../training/report.js';

const SCRIPT = ['recommend', '3d printing filament instead', 'like 1', 'more', 'no more filament', 'beakers', 'broader', 'like 2', 'why', 'history', 'like #2 but cheaper', 'reset'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** npm run bench:bot: message in, reply out, in-process model on the demo bundle, SQLite store. */
export async function run(): Promise<number> {
  const started = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'flarechat-bench-bot-'));
  const recommender = await InProcessRecommender.open(join(import.meta.dirname, '..', '..', 'demo', 'bundle'));
  const engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(dir, 'sessions.sqlite')) });
  for (const text of SCRIPT) await engine.handle({ kind: 'text', userId: 'warmup', text });
  const byTurn = new Map<string, number[]>();
  const all: number[] = [];
  for (let user = 0; user < 25; user++) {
    for (const text of SCRIPT) {
      const t0 = performance.now();
      await engine.handle({ kind: 'text', userId: `user${user}`, text });
      const ms = performance.now() - t0;
      all.push(ms);
      byTurn.set(text, [...(byTurn.get(text) ?? []), ms]);
    }
  }
  await engine.close();
  await recommender.close();
  rmSync(dir, { recursive: true, force: true });
  all.sort((a, b) => a - b);
  const p50 = percentile(all, 50);
  const p95 = percentile(all, 95);
  const run = provenance('npm run bench:bot', recommender.description, 0, started);
  const rows = [...byTurn.entries()].map(([text, ms]) => {
    const s = [...ms].sort((a, b) => a - b);
    return [text, percentile(s, 50), percentile(s, 95)];
  });
  writeReport(
    'reports',
    'bench-bot',
    { run, turns: all.length, p50Ms: p50, p95Ms: p95, targetP95Ms: 50, byTurn: Object.fromEntries(rows.map((r) => [r[0], { p50Ms: r[1], p95Ms: r[2] }])) },
    [
      '# bench:bot — turn latency, message in to reply out',
      '',
      `In-process model (${recommender.description}), SQLite store, ${all.length} turns by 25 users. Commit ${run.gitCommit}.`,
      '',
      `**p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms** (target p95 < 50 ms).`,
      '',
      markdownTable(['turn', 'p50 ms', 'p95 ms'], rows, 1),
    ].join('\n'),
  );
  process.stdout.write(`turn latency p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${all.length} turns (reports/bench-bot.md)\n`);
  return 0;
}
