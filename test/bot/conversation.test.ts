import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import type { Reply } from '../../bot/conversation-types.js';

const bundle = join(import.meta.dirname, '..', '..', 'demo', 'bundle');
const FILAMENT = 'Industrial & Scientific - Additive Manufacturing Products - 3D Printing Supplies - 3D Printing Filament';
const SUPPLIES = 'Industrial & Scientific - Additive Manufacturing Products - 3D Printing Supplies';

let recommender: InProcessRecommender;
beforeAll(async () => {
  recommender = await InProcessRecommender.open(bundle);
});

function engineOn(file: string) {
  return new ConversationEngine({ recommender, store: new SqliteSessionStore(file) });
}

const say = (engine: ConversationEngine, text: string, userId = 'ada') => engine.handle({ kind: 'text', userId, text });
const paths = (r: Reply) => r.items!.map((i) => i.categoryPath);

describe('a conversation on the shipped demo bundle', () => {
  it('recommends, follows a precise critique, removes a negated category, widens on "broader", and survives a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flarechat-conv-')), 'sessions.sqlite');
    let engine = engineOn(file);
    const first = await say(engine, 'recommend');
    expect(first.items).toHaveLength(5);
    expect(first.text).toMatch(/^Top picks:\n1\. /);

    const steered = await say(engine, '3d printing filament instead');
    expect(steered.critique?.path).toBe(FILAMENT);
    expect(steered.text).toContain(`Steering to: ${FILAMENT}`);
    expect(steered.items).toHaveLength(5);
    for (const p of paths(steered)) expect(p.startsWith(FILAMENT)).toBe(true);

    const liked = await say(engine, 'like 2');
    expect(liked.text).toContain(steered.items![1]!.title);

    const negated = await say(engine, 'no more filament');
    expect(negated.critique?.negated).toBe(true);
    for (const p of paths(negated)) expect(p.startsWith(FILAMENT)).toBe(false);

    await say(engine, '3d printing filament');
    const broader = await say(engine, 'broader');
    expect(broader.critique?.path).toBe(SUPPLIES);
    for (const p of paths(broader)) expect(p.startsWith(SUPPLIES)).toBe(true);
    for (const i of broader.items!) expect(i.title).not.toBe(steered.items![1]!.title);

    await engine.close();
    engine = engineOn(file);
    const history = await say(engine, 'history');
    expect(history.text).toContain(steered.items![1]!.title);
    const other = await say(engine, 'history', 'grace');
    expect(other.text).toMatch(/empty/);
    await engine.close();
  });

  it('answers bad input politely without losing state', async () => {
    const engine = engineOn(join(mkdtempSync(join(tmpdir(), 'flarechat-bad-')), 's.sqlite'));
    expect((await say(engine, '   ')).text).toMatch(/Say something/);
    expect((await say(engine, 'like 3')).text).toMatch(/no list yet/);
    await say(engine, 'recommend');
    expect((await say(engine, 'like 9')).text).toMatch(/no item 9 on the last list \(it has 5\)/);
    const long = await say(engine, 'filament '.repeat(1500));
    expect(long.text).toMatch(/^That message is very long/);
    expect((await say(engine, '🙂🙂 日本語のテキスト')).text).toMatch(/could not match/);
    expect((await say(engine, 'zzqx blorf')).text).toMatch(/could not match "zzqx blorf"/);
    const state = await say(engine, 'history');
    expect(state.text).toMatch(/empty/);
    await engine.close();
  });
});
