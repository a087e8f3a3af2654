import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { MAX_USER_ID_LENGTH } from '../../bot/user-id.js';
import { ROOT, runFlarechat } from './processes.js';

/**
 * Issue #17 item 6. The crash was not about user ids as such: onnxruntime's start-up (InitOrtOnce, creating its
 * environment) recurses over the process command line, one group of stack frames per character (gdb: ~87,000
 * frames for 30 KB), so any command line past about 28 KB overflows the 8 MB main stack. Long values are refused
 * before anything loads, and user ids are bounded at every entry point (the engine checks every turn's).
 */
describe('long user ids and command lines are refused clearly, never a crash (issue #17 item 6)', () => {
  it('chat --user <30 KB> exits 2 with one line about the command line (it died of SIGSEGV before)', async () => {
    const chat = runFlarechat(['chat', '--user', 'a'.repeat(30_000)], { FLARECHAT_DATA_DIR: mkdtempSync(join(tmpdir(), 'flarechat-long-')), FLARECHAT_DATABASE_URL: '' });
    chat.child.stdin.end('quit\n');
    expect(await chat.exited).toEqual({ code: 2, signal: null });
    expect(chat.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^flarechat: the command line is 30 KB, more than the 16 KB accepted; shorten the longest argument/)]);
  }, 120_000);

  it(`chat --user <1,000 characters> is refused before the model loads, naming the ${MAX_USER_ID_LENGTH}-character limit`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-long-'));
    const chat = runFlarechat(['chat', '--user', 'b'.repeat(1000)], { FLARECHAT_DATA_DIR: dir, FLARECHAT_DATABASE_URL: '' });
    chat.child.stdin.end('quit\n');
    const exit = await chat.exited;
    expect(exit.signal).toBeNull();
    expect(exit.code).not.toBe(0);
    expect(chat.stderr()).toMatch(/--user is 1000 characters long; at most 256 are accepted/);
    expect(chat.stdout()).toBe('');
  }, 120_000);

  describe('the engine refuses an over-long id from any front end (Slack, Discord, the terminal)', () => {
    let recommender: InProcessRecommender;
    beforeAll(async () => {
      recommender = await InProcessRecommender.open(join(ROOT, 'demo', 'bundle'));
    });
    afterAll(() => recommender.close());

    it('a turn with a 257-character user id is rejected and nothing is stored; 256 characters work', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'flarechat-ids-')), 'sessions.sqlite');
      const engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(file) });
      const tooLong = `slack:T1:${'U'.repeat(MAX_USER_ID_LENGTH - 8)}`;
      await expect(engine.handle({ kind: 'text', userId: tooLong, text: 'recommend' })).rejects.toThrow(/the user id is 257 characters long; at most 256/);
      const longest = 'd'.repeat(MAX_USER_ID_LENGTH);
      expect((await engine.handle({ kind: 'text', userId: longest, text: 'recommend' })).items).toHaveLength(5);
      await engine.close();
      const store = new SqliteSessionStore(file);
      expect(store.get(tooLong).lastList).toBeUndefined();
      expect(store.get(longest).lastList?.items).toHaveLength(5);
      store.close();
    });
  });
});
