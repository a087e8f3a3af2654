import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../adapters/common/logger.js';
import { parseShardSetting, startDiscord, type DiscordBot, type ShardSetting } from '../../../adapters/discord/bot.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../../bot/session-store.js';
import { main } from '../../../cli/main.js';
import { botMessage, componentPress, FakeDiscord, GUILD_ID, inGuild, makeUser, SECOND_GUILD_ID, shardOfGuild, slashCommand, type RecordedRequest } from './fake-discord.js';

/**
 * Sharded mode (`flarechat discord --shards auto|N`): the real discord.js client opens several gateway connections
 * against the fake Discord, each shard gets its own servers' events, and all of them answer from one engine and store.
 */

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const TOKEN = 'fake-bot-token-for-sharding-tests-3d9e';
const quiet = createLogger({ write: () => {} });

let recommender: InProcessRecommender;
let fake: FakeDiscord;
let engine: ConversationEngine | undefined;
let bot: DiscordBot | undefined;

async function startSharded(shards: ShardSetting, recommended: number): Promise<DiscordBot> {
  fake = await FakeDiscord.start(TOKEN);
  fake.guilds = [GUILD_ID, SECOND_GUILD_ID];
  fake.recommendedShards = recommended;
  // Discord lets a bot identify max_concurrency shards at once; with 1, discord.js spaces identifies 5 s apart.
  fake.maxConcurrency = 16;
  engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-shards-')), 'sessions.sqlite')) });
  bot = await startDiscord({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }, { engine, logger: quiet, shards });
  return bot;
}

beforeAll(async () => {
  recommender = await InProcessRecommender.open(bundle);
});

afterEach(async () => {
  await bot?.stop();
  await engine?.close();
  if (bot) await fake.close();
  bot = engine = undefined;
});

afterAll(async () => {
  await recommender?.close();
});

const isCallback = (i: Record<string, unknown>) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/api/v10/interactions/${i.id}/${String(i.token)}/callback`;
const isEdit = (i: Record<string, unknown>) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${String(i.token)}/messages/@original`);

async function interact(interaction: Record<string, unknown>) {
  fake.dispatch('INTERACTION_CREATE', interaction);
  const callback = await fake.waitFor(isCallback(interaction));
  const edit = await fake.waitFor(isEdit(interaction));
  return { callback, edit, message: botMessage(String(interaction.channel_id), edit.body) };
}

const listTitles = (edit: RecordedRequest): string[] => (edit.body.embeds?.[0]?.fields ?? []).map((f: { name: string }) => f.name.replace(/^#\d+ /, ''));

describe('the Discord bot in sharded mode', () => {
  it('--shards auto opens as many shards as Discord recommends, each carrying its own servers, and all answer from one engine and store', async () => {
    // The fake sends GUILD_ID's events on shard 1 of 2, SECOND_GUILD_ID's and direct messages on shard 0.
    expect([shardOfGuild(GUILD_ID, 2), shardOfGuild(SECOND_GUILD_ID, 2)]).toEqual([1, 0]);
    const { client } = await startSharded('auto', 2);
    expect(fake.identifies.map((i) => (i as { shard?: number[] }).shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.openConnections).toBe(2);
    expect([...client.ws.shards.keys()].sort()).toEqual([0, 1]);
    expect([...client.guilds.cache.keys()].sort()).toEqual([GUILD_ID, SECOND_GUILD_ID].sort());

    const ada = makeUser('ada');
    const grace = makeUser('grace');
    // A list on shard 1 (the first server), a list on shard 0 (the second server), a list in a DM (shard 0).
    const first = await interact(slashCommand('recommend', ada, 'guild'));
    const second = await interact(inGuild(slashCommand('recommend', grace, 'guild')));
    const direct = await interact(slashCommand('recommend', grace, 'dm'));
    for (const answer of [first, second, direct]) {
      expect(answer.callback.body.type).toBe(5); // deferred, then edited with the list
      expect(listTitles(answer.edit)).toHaveLength(5);
    }
    // Each interaction reached exactly one shard: one deferral each, not one per connection.
    for (const answer of [first, second, direct]) expect(fake.requests.filter((r) => r.path === answer.callback.path)).toHaveLength(1);

    // One engine and store behind every shard: a Like pressed in the first server (shard 1) is in Ada's history
    // when she asks in the second server (shard 0).
    const like = (first.edit.body.components as any[]).flatMap((row) => row.components).find((c: { label?: string }) => c.label === 'Like #1');
    const liked = await interact(componentPress(ada, 'guild', first.message, like.custom_id));
    expect(liked.edit.body.content).toBe(`Added "${listTitles(first.edit)[0]}" to your history.`);
    const history = await interact(inGuild(slashCommand('history', ada, 'guild')));
    expect(history.edit.body.content).toMatch(/^Your history/);
    expect(history.edit.body.content).toContain(listTitles(first.edit)[0]);
  });

  it('--shards 3 opens three shards even when Discord recommends one', async () => {
    const { client } = await startSharded(3, 1);
    expect(fake.identifies.map((i) => (i as { shard?: number[] }).shard).sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(client.ws.shards.size).toBe(3);
    // With 3 shards GUILD_ID is on shard 1; its /recommend is answered there.
    expect(shardOfGuild(GUILD_ID, 3)).toBe(1);
    const answer = await interact(slashCommand('recommend', makeUser('lin'), 'guild'));
    expect(listTitles(answer.edit)).toHaveLength(5);
  });

  it('without --shards: one connection, identified as shard 0 of 1, as before', async () => {
    fake = await FakeDiscord.start(TOKEN);
    engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-shards-')), 'sessions.sqlite')) });
    bot = await startDiscord({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }, { engine, logger: quiet });
    expect(fake.identifies.map((i) => (i as { shard?: number[] }).shard)).toEqual([[0, 1]]);
    expect(fake.openConnections).toBe(1);
  });

  it('flarechat discord --shards takes auto or a whole number of at least 1, and says so otherwise', async () => {
    expect([parseShardSetting('auto'), parseShardSetting('1'), parseShardSetting('12')]).toEqual(['auto', 1, 12]);
    for (const bad of ['0', '-2', '1.5', 'two', '', '2x']) expect(parseShardSetting(bad), bad).toBeUndefined();
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const code = await main(['discord', '--shards', 'two'], { ...process.env, DISCORD_TOKEN: TOKEN }).finally(() => spy.mockRestore());
    expect(code).toBe(2);
    expect(written.join('')).toMatch(/--shards.*expected auto or a whole number >= 1/);
  });
});
