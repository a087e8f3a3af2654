import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelServer } from '../../adapters/model-server/model-server.js';
import { createLogger } from '../../adapters/common/logger.js';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { RemoteRecommender } from '../../bot/remote-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { loadBundle, type LoadedModel } from '../../model/recommend.js';
import { ROOT, runFlarechat } from './processes.js';

const bundle = join(ROOT, 'demo', 'bundle');

describe('issue #17 item 9: the smaller probes', () => {
  it("a terminal --user cannot name a Slack user: 'chat --user slack:T..:U..' is refused and reads nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-ns-'));
    const store = new SqliteSessionStore(join(dir, 'sessions.sqlite'));
    store.put('slack:T1:U1', { history: ['1', '2'], dismissed: [], offset: 0 });
    store.close();
    const chat = runFlarechat(['chat', '--user', 'slack:T1:U1'], { FLARECHAT_DATA_DIR: dir, FLARECHAT_DATABASE_URL: '' });
    chat.child.stdin.end('history\nquit\n');
    expect((await chat.exited).code).not.toBe(0);
    expect(chat.stderr()).toMatch(/--user may not start with 'slack:': that namespace belongs to Slack users/);
    expect(chat.stdout()).toBe('');
  }, 120_000);

  it('a password in FLARECHAT_MODEL_URL is never repeated: the error names the variable and what to do', async () => {
    const error = await RemoteRecommender.open('http://bob:s3cret-pw@127.0.0.1:1').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("FLARECHAT_MODEL_URL holds a user name or password (server 127.0.0.1:1): remove them, and put the server's token in FLARECHAT_MODEL_TOKEN");
    const invalid = await RemoteRecommender.open('http://bob:s3cret-pw@not a host:1').catch((e: Error) => e);
    expect((invalid as Error).message).not.toMatch(/s3cret/);
    expect((invalid as Error).message).toMatch(/FLARECHAT_MODEL_URL is not a valid URL/);
  });

  describe('C1 controls and bidi overrides never come back in a reply', () => {
    let recommender: InProcessRecommender;
    beforeAll(async () => {
      recommender = await InProcessRecommender.open(bundle);
    });
    afterAll(() => recommender.close());

    it('a message full of them is answered with text free of them (the words around them kept apart)', async () => {
      const engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-bidi-')), 's.sqlite')) });
      const hostile = 'zqxv\u202Ekcab\u202C\u0085wplk\u2066\u200Fqzzy\u009B31m';
      const replies = [await engine.handle({ kind: 'text', userId: 'mallory', text: hostile }), await engine.handle({ kind: 'text', userId: 'mallory', text: `forget ${hostile}` })];
      for (const reply of replies) {
        expect(reply.text).not.toMatch(/[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
      }
      // The reply still quotes what was said, minus the controls.
      expect(replies.map((r) => r.text).join('\n')).toMatch(/zqxv kcab/);
      await engine.close();
    });
  });

  describe('the model server answers 401 before saying which routes exist', () => {
    let model: LoadedModel;
    let server: ModelServer;
    let url: string;
    beforeAll(async () => {
      model = await loadBundle(bundle);
      server = new ModelServer({ model, token: 'a-token-of-20-chars!', logger: createLogger({ write: () => {} }) });
      url = await server.listen(0);
    });
    afterAll(async () => {
      await server.close();
      model.dispose();
    });

    it('unknown path and wrong method without the token: 401, no route list; with it: 404/405 as before', async () => {
      for (const [path, method] of [['/admin', 'GET'], ['/v1/recommend', 'GET']] as const) {
        const anonymous = await fetch(`${url}${path}`, { method });
        const text = await anonymous.text();
        expect(anonymous.status).toBe(401);
        expect(text).not.toMatch(/routes|\/v1\/catalog|accepts/);
      }
      const auth = { Authorization: 'Bearer a-token-of-20-chars!' };
      const missing = await fetch(`${url}/admin`, { headers: auth });
      expect(missing.status).toBe(404);
      expect(await missing.text()).toMatch(/routes: POST \/v1\/recommend/);
      expect((await fetch(`${url}/v1/recommend`, { headers: auth })).status).toBe(405);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  });
});
