import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../adapters/common/logger.js';
import { startDiscord, type DiscordBot } from '../../../adapters/discord/bot.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../../bot/session-store.js';
import { MessageUnderstanding } from '../../../bot/understanding/index.js';
import { adversarialMessages } from '../../../cli/bench/bot.js';
import { WatchedUnderstanding } from '../../bot/held-understanding.js';
import { dmChannelOf, FakeDiscord, makeUser, slashCommand, userMessage, type RecordedRequest } from './fake-discord.js';

/**
 * Issue #15 over Discord: user A's 2,000-character DM is held mid-understanding for as long as the test needs; user
 * B's /recommend must be deferred and answered meanwhile. Asserted by order, never by a clock.
 */

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const TOKEN = 'fake-bot-token-for-two-users-3c9d1e';
/** Waiting for readiness, not a deadline: the long message takes as long as the loaded machine needs. */
const NO_DEADLINE = 24 * 60 * 60 * 1000;

let recommender: InProcessRecommender;
let understanding: MessageUnderstanding;
let watched: WatchedUnderstanding;
let fake: FakeDiscord;
let engine: ConversationEngine;
let bot: DiscordBot;

beforeAll(async () => {
  [recommender, fake] = await Promise.all([InProcessRecommender.open(bundle), FakeDiscord.start(TOKEN)]);
  understanding = await MessageUnderstanding.open(recommender.catalog);
  watched = new WatchedUnderstanding(understanding);
  engine = new ConversationEngine({ recommender, understanding: watched, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-discord-two-')), 's.sqlite')) });
  bot = await startDiscord({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }, { engine, logger: createLogger({ level: 'warn', write: () => {} }) });
});

afterAll(async () => {
  watched?.release();
  await bot?.stop();
  await engine?.close();
  await fake?.close();
  await understanding?.close();
  await recommender?.close();
});

describe('two Discord users at once', () => {
  it('defers and answers B\'s /recommend while A\'s 2,000-character DM is still being understood', async () => {
    const a = makeUser('alice');
    const b = makeUser('bob');
    watched.holdLongMessagesBefore(2);
    const long = userMessage(a, 'dm', adversarialMessages()['mixed scripts']!);
    fake.dispatch('MESSAGE_CREATE', long);
    await watched.held;

    const interaction = slashCommand('recommend', b, 'guild');
    fake.dispatch('INTERACTION_CREATE', interaction);
    const isFor = (suffix: string) => (r: RecordedRequest) => r.path.includes(`/${String(interaction.token)}`) && r.path.endsWith(suffix);
    const deferred = await fake.waitFor(isFor('/callback'), NO_DEADLINE);
    expect(deferred.body.type).toBe(5);
    const answer = await fake.waitFor(isFor('/messages/@original'), NO_DEADLINE);
    expect(answer.body.embeds[0].fields).toHaveLength(5);
    // A's message is still where it was held: B was not queued behind it.
    expect(watched.longPieces).toBe(1);
    const toA = (r: RecordedRequest) => r.method === 'POST' && r.path === `/api/v10/channels/${dmChannelOf(a)}/messages`;
    expect(fake.requests.filter(toA)).toHaveLength(0);

    watched.release();
    const replyToA = await fake.waitFor(toA, NO_DEADLINE);
    expect(replyToA.body.message_reference).toMatchObject({ message_id: long.id });
    expect(fake.requests.indexOf(replyToA)).toBeGreaterThan(fake.requests.indexOf(answer));
  });
});
