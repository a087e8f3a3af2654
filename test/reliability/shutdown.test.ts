import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../adapters/slack/fake-slack.js';
import { runFlarechat } from './processes.js';

/**
 * A client that sends a POST's headers, waits for the server's "100 Continue" (proof the request is being handled),
 * sends 10 of the 1,000 body bytes it announced, and never the rest. Resolves once the server has the request.
 */
async function stalledUpload(port: number, path: string, headers: Record<string, string> = {}): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n${extra}\r\n`);
  await new Promise<void>((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (/100 Continue/.test(seen)) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.write('{"history":');
  return { socket, closed };
}

describe('shutdown is bounded: a client that never finishes its request does not keep a process alive (issue #17 item 2)', () => {
  it('flarechat serve: SIGTERM closes the stalled connection after the grace period and exits 0', async () => {
    const serve = runFlarechat(['serve', '--port', '0'], { FLARECHAT_SERVE_SHUTDOWN_GRACE_MS: '500' });
    const [, port] = await serve.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const client = await stalledUpload(Number(port), '/v1/recommend');
    serve.child.kill('SIGTERM');
    const exit = await serve.exited;
    await client.closed;
    expect(exit, serve.stderr()).toEqual({ code: 0, signal: null });
    expect(serve.stdout()).toMatch(/closed 1 connection\(s\) whose requests did not finish within the shutdown grace/);
  }, 300_000);

  describe('flarechat slack over HTTP', () => {
    const fake = new FakeSlack();
    beforeAll(() => fake.start());
    afterAll(() => fake.close());

    it('SIGTERM closes a stalled request to /slack/events after the grace period and exits 0', async () => {
      const slack = runFlarechat(['slack'], {
        SLACK_MODE: 'http',
        SLACK_BOT_TOKEN: 'xoxb-1111-2222-flarechattesttoken',
        SLACK_SIGNING_SECRET: '8f14e45fceea167a5a36dedd4bea2543',
        SLACK_PORT: '0',
        SLACK_HOST: '127.0.0.1',
        SLACK_API_URL: fake.apiUrl,
        FLARECHAT_DATA_DIR: mkdtempSync(join(tmpdir(), 'flarechat-shutdown-')),
        FLARECHAT_DATABASE_URL: '',
        FLARECHAT_SHUTDOWN_GRACE_MS: '500',
      });
      const [line] = await slack.waitFor(/^.*listening for Slack requests.*$/m, 'stderr');
      const client = await stalledUpload(Number(/"port":(\d+)/.exec(line!)![1]), '/slack/events', {
        'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-Slack-Signature': `v0=${'a'.repeat(64)}`,
      });
      slack.child.kill('SIGTERM');
      const exit = await slack.exited;
      await client.closed;
      expect(exit, slack.stderr()).toEqual({ code: 0, signal: null });
      expect(slack.stderr()).toMatch(/shutdown deadline reached/);
    }, 300_000);
  });
});
