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
    expect(steered.text).toMatch(/^Steering to 3D Printing Filament /);
    expect(steered.items!.map((i) => i.category)).toEqual(steered.items!.map(() => '3D Printing Filament'));
    expect(steered.items).toHaveLength(5);
    for (const p of paths(steered)) expect(p.startsWith(FILAMENT)).toBe(true);

    const liked = await say(engine, 'like 2');
    expect(liked.text).toContain(steered.items![1]!.title);

    const negated = await say(engine, 'no more filament');
    expect(negated.text).toMatch(/^Leaving out 3D Printing Filament; I am no longer steering there\./);
    expect(negated.critique).toMatchObject({ path: FILAMENT, negated: true });
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
    expect((await say(engine, '🙂🙂 日本語のテキスト')).text).toMatch(/^This catalog has nothing like "🙂🙂 日本語のテキスト"/);
    expect((await say(engine, 'zzqx blorf')).text).toMatch(/^This catalog has nothing like "zzqx blorf": we don't carry it\./);
    const state = await say(engine, 'history');
    expect(state.text).toMatch(/empty/);
    await engine.close();
  });
});

describe('buttons, prices and asking back', () => {
  it('handles like / not this / more like this buttons, and refuses a press on an expired list', async () => {
    const engine = engineOn(join(mkdtempSync(join(tmpdir(), 'flarechat-act-')), 's.sqlite'));
    const list = await say(engine, 'beakers');
    const [first, second] = list.items!;
    const liked = await engine.handle({ kind: 'action', userId: 'ada', action: 'like', listId: list.listId!, itemIndex: first!.itemIndex });
    expect(liked.text).toContain(first!.title);
    const dismissed = await engine.handle({ kind: 'action', userId: 'ada', action: 'dismiss', listId: list.listId!, itemIndex: second!.itemIndex });
    expect(dismissed.text).toContain(second!.title);
    const similar = await engine.handle({ kind: 'action', userId: 'ada', action: 'more-like-this', listId: list.listId!, itemIndex: first!.itemIndex });
    expect(similar.critique?.path).toBe(list.items![0]!.categoryPath.split(' - ').slice(0, 4).join(' - '));
    const titles = similar.items!.map((i) => i.title);
    expect(titles).not.toContain(first!.title);
    expect(titles).not.toContain(second!.title);
    const stale = await engine.handle({ kind: 'action', userId: 'ada', action: 'like', listId: list.listId!, itemIndex: first!.itemIndex });
    expect(stale.text).toMatch(/expired/);
    const stranger = await engine.handle({ kind: 'action', userId: 'mallory', action: 'dismiss', listId: similar.listId!, itemIndex: similar.items![0]!.itemIndex });
    expect(stranger.text).toMatch(/expired/);
    expect((await say(engine, 'history')).text).toContain(first!.title);
    await engine.close();
  });

  it('"like #2 but cheaper" says plainly that the catalog has no prices', async () => {
    // The LC-Rec processing of the demo catalog carries no prices (raw Amazon metadata does).
    const engine = engineOn(join(mkdtempSync(join(tmpdir(), 'flarechat-price-')), 's.sqlite'));
    await say(engine, '3d printing filament');
    const reply = await say(engine, 'like #2 but cheaper');
    expect(reply.text).toBe('This catalog has no prices, so I cannot compare or filter by price.');
    expect((await say(engine, 'why')).text).toContain('3D Printing Filament');
    await engine.close();
  });

  it('asks back with the three closest categories when unsure, and a number picks one', async () => {
    const engine = engineOn(join(mkdtempSync(join(tmpdir(), 'flarechat-ask-')), 's.sqlite'));
    const reply = await say(engine, 'something white');
    expect(reply.text).toMatch(/not sure which category you mean by "something white"/);
    expect(reply.choices).toHaveLength(3);
    const picked = await say(engine, '2');
    expect(picked.critique?.path).toBe(reply.choices![1]!.value);
    await engine.close();
  });
});

describe('naming an item', () => {
  it('adds an item named by (part of) its title, with a typo, and says when nothing matches', async () => {
    const engine = engineOn(join(mkdtempSync(join(tmpdir(), 'flarechat-name-')), 's.sqlite'));
    const reply = await say(engine, 'i bought arctic silver 5 as5-3.5g thermal pste');
    expect(reply.text).toMatch(/^Added "Arctic Silver 5 AS5-3\.5G Thermal Paste\.?" \(matched your words\)/);
    expect((await say(engine, 'history')).text).toContain('Arctic Silver 5');
    expect((await say(engine, 'like the flux capacitor deluxe')).text).toMatch(/^This catalog has nothing like "the flux capacitor deluxe"/);
    await engine.close();
  });

  it('asks which one when a person has one of a kind the catalog sells but names no title, and adds nothing', async () => {
    const engine = engineOn(join(mkdtempSync(join(tmpdir(), 'flarechat-kind-')), 's.sqlite'));
    const reply = await say(engine, 'i have a beaker');
    expect(reply.text).toMatch(/^Which beaker do you have\? To add it to your history, say its title/);
    expect((await say(engine, 'history')).text).toMatch(/history is empty/);
    // Beside a request it is context: the request is answered, with no question.
    const both = await say(engine, 'i already have a beaker, show me pipettes');
    expect(both.text).not.toMatch(/Which beaker/);
    expect(both.critique?.path).toMatch(/Pipettes/);
    await engine.close();
  });
});
