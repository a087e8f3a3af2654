import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../bot/engine.js';
import type { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { MESSAGE_LIMIT, messagePieces, sanitizeMessage } from '../../bot/message-budget.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { MessageUnderstanding } from '../../bot/understanding/index.js';
import { adversarialMessages } from '../../cli/bench/bot.js';
import { openDemo } from './conversation-support.js';
import { WatchedUnderstanding } from './held-understanding.js';

/**
 * Bounded turns: one user's long or adversarial message never holds up another user's turn. Asserted by order of
 * completion and by how far the long message had got, never by a clock.
 */

let recommender: InProcessRecommender;
let understanding: MessageUnderstanding;
beforeAll(async () => {
  ({ recommender } = await openDemo());
  understanding = await MessageUnderstanding.open(recommender.catalog);
});
afterAll(async () => {
  await understanding?.close();
  await recommender?.close();
});

function engineWith(watched: WatchedUnderstanding) {
  return new ConversationEngine({ recommender, understanding: watched, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-two-users-')), 's.sqlite')) });
}

describe('two users at once, in process', () => {
  for (const [label, message] of Object.entries(adversarialMessages())) {
    it(`user B's short turn completes while user A's ${MESSAGE_LIMIT}-character message (${label}) is still being understood`, async () => {
      const watched = new WatchedUnderstanding(understanding);
      const engine = engineWith(watched);
      const list = await engine.handle({ kind: 'text', userId: 'b', text: 'recommend' });
      const pieces = messagePieces(sanitizeMessage(message).text).length;
      expect(pieces).toBeGreaterThan(2);

      const finished: string[] = [];
      let piecesWhenBFinished = -1;
      const a = engine.handle({ kind: 'text', userId: 'a', text: message }).then((reply) => (finished.push('a'), reply));
      // B's message arrives as the next event (as a Slack or Discord message would), after A's turn has begun.
      const b = new Promise((resolve) => setImmediate(resolve)).then(() => engine.handle({ kind: 'text', userId: 'b', text: 'like 2' })).then((reply) => {
        piecesWhenBFinished = watched.longPieces;
        finished.push('b');
        return reply;
      });
      const [aReply, bReply] = await Promise.all([a, b]);

      expect(finished).toEqual(['b', 'a']);
      expect(piecesWhenBFinished).toBeLessThan(pieces);
      expect(bReply.text).toBe(`Added "${list.items![1]!.title}" to your history.`);
      // A still gets an answer of its own, and B's list and history are untouched by A's message.
      expect(aReply.text.length).toBeGreaterThan(0);
      expect((await engine.handle({ kind: 'text', userId: 'b', text: 'history' })).text).toContain(list.items![1]!.title);
      await engine.close();
    });
  }

  it('a turn held in understanding for as long as it takes does not stop another user from finishing a whole conversation', async () => {
    const watched = new WatchedUnderstanding(understanding);
    const engine = engineWith(watched);
    watched.holdLongMessagesBefore(2);
    const a = engine.handle({ kind: 'text', userId: 'a', text: adversarialMessages()['unknown words']! });
    await watched.held;
    const b = (text: string) => engine.handle({ kind: 'text', userId: 'b', text });
    const list = await b('3d printing filament');
    expect(list.items).toHaveLength(5);
    expect((await b('like 1')).text).toContain(list.items![0]!.title);
    expect((await b('history')).text).toContain(list.items![0]!.title);
    expect(watched.longPieces).toBe(1);
    watched.release();
    expect((await a).text.length).toBeGreaterThan(0);
    await engine.close();
  });
});
