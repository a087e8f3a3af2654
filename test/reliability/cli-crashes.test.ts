import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFailure } from '../../cli/errors.js';
import { prepareDataset, presetOptions } from '../../training/prepare.js';
import { flarechat, lines, root } from '../support/run-cli.js';

/** Issue #17 item 7: what used to crash (exit 7, pages of minified tfjs-wasm source) is one or two lines now. */
const STACK = /^\s+at .*:\d+:\d+\)?$/m;
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `cli-crashes-${name}-`));
const CHAT_INPUT = 'recommend\nquit\n';

function expectClear(result: { code: number; stdout: string; stderr: string }, code: number, pattern: RegExp, maxLines = 2): void {
  expect(result.code, result.stderr).toBe(code);
  const shown = lines(result.stderr).filter((l) => !l.startsWith('{')); // JSON lines are the bot's log stream
  expect(shown.length, result.stderr).toBeLessThanOrEqual(maxLines);
  expect(shown.join('\n')).toMatch(pattern);
  expect(result.stderr).not.toMatch(STACK);
  expect(result.stderr.length).toBeLessThan(4000);
}

/** A history store with one user's turn saved, as `flarechat chat` leaves it. */
async function storeWithOneUser(): Promise<string> {
  const dataDir = tmp('store');
  const first = await flarechat(['chat', '--user', 'ada'], { env: { FLARECHAT_DATA_DIR: dataDir }, input: CHAT_INPUT });
  expect(first.code, first.stderr).toBe(0);
  return dataDir;
}

describe('the history store', () => {
  it('a damaged page: one message naming the file and what to do (exit 3)', async () => {
    const dataDir = await storeWithOneUser();
    const file = join(dataDir, 'sessions.sqlite');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 8192)); // page 2, the sessions table
    writeFileSync(file, bytes);
    const result = await flarechat(['chat', '--user', 'ada'], { env: { FLARECHAT_DATA_DIR: dataDir }, input: CHAT_INPUT });
    expectClear(result, 3, new RegExp(`^flarechat chat: the history store ${dataDir}/sessions\\.sqlite is damaged .*\\n  move it aside to start with empty histories, or restore a backup$`));
  });

  it('one invalid state row: names the user, the file and how to drop that row (exit 3)', async () => {
    const dataDir = await storeWithOneUser();
    const db = new Database(join(dataDir, 'sessions.sqlite'));
    db.prepare("UPDATE sessions SET state = '{\"history\": [1, 2' ").run();
    db.close();
    const result = await flarechat(['chat', '--user', 'ada'], { env: { FLARECHAT_DATA_DIR: dataDir }, input: CHAT_INPUT });
    expectClear(result, 3, /^flarechat chat: the saved state of user '.*ada' in .*sessions\.sqlite is damaged \(not a JSON object\): delete that row \(sqlite3 .* "DELETE FROM sessions WHERE user_id = '.*ada'"\) or move the file aside/, 1);
  });
});

describe('a damaged bundle', () => {
  const bundle = () => {
    const dir = join(tmp('bundle'), 'bundle');
    cpSync(join(root, 'demo', 'bundle'), dir, { recursive: true });
    return dir;
  };

  it('a truncated catalog line names the file and the line (exit 3)', async () => {
    const dir = bundle();
    const catalog = join(dir, 'catalog.jsonl');
    const text = readFileSync(catalog, 'utf8');
    truncateSync(catalog, Buffer.byteLength(text) - 40); // a copy cut short in the last line
    const count = text.split('\n').filter(Boolean).length;
    const result = await flarechat(['chat', '--bundle', dir, '--user', 'ada'], { env: { FLARECHAT_DATA_DIR: tmp('data') }, input: CHAT_INPUT });
    expectClear(result, 3, new RegExp(`^flarechat chat: ${dir}/catalog\\.jsonl line ${count} is not valid JSON \\(a truncated or damaged copy\\): copy the bundle again or retrain$`), 1);
  });

  it('a missing weights.bin names the file (exit 3)', async () => {
    const dir = bundle();
    rmSync(join(dir, 'weights.bin'));
    const result = await flarechat(['evaluate', dir, join(root, 'test', 'fixtures', 'lcrec-slice')]);
    expectClear(result, 3, new RegExp(`^flarechat evaluate: ${dir}/weights\\.bin is missing: the bundle is incomplete; copy the whole folder again or retrain$`), 1);
  });
});

describe('resuming a training run', () => {
  let dataset: string;
  let checkpointed: string;

  beforeAll(async () => {
    dataset = join(tmp('dataset'), 'slice');
    await prepareDataset(join(root, 'test', 'fixtures', 'lcrec-slice'), dataset, presetOptions('none'));
    // A run killed after its first epoch's checkpoint, as a crash or Ctrl-C leaves it.
    checkpointed = join(tmp('run'), 'bundle');
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [join(root, 'bin', 'flarechat.js'), 'train', dataset, '--out', checkpointed, '--epochs', '4', '--batch', '8'], { cwd: root, env: { ...process.env, FLARECHAT_DATA_DIR: tmp('data') } });
      let seen = '';
      const read = (chunk: Buffer) => {
        seen += chunk.toString();
        if (/^epoch 2\/4/m.test(seen)) child.kill('SIGKILL');
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('close', () => resolve());
    });
    expect(readFileSync(join(checkpointed, 'checkpoint', 'state.json'), 'utf8')).toMatch(/"epoch": [12]/);
  });

  const copy = () => {
    const dir = join(tmp('resume'), 'bundle');
    cpSync(checkpointed, dir, { recursive: true });
    return dir;
  };

  it('with another --preset: says the checkpoint is of another model and how it was started (exit 3)', async () => {
    const out = copy();
    const result = await flarechat(['train', dataset, '--out', out, '--epochs', '4', '--batch', '8', '--preset', 'base'], { env: { FLARECHAT_DATA_DIR: tmp('data') } });
    expectClear(result, 3, new RegExp(`^flarechat train: the checkpoint in ${out}/checkpoint is of another model: .* is \\[.*\\] here, \\[.*\\] in the checkpoint; resume with the options it was started with \\(it was started with --model bert4rec --preset small\\), or delete ${out}/checkpoint to start over$`, 'm'), 3);
  });

  it('a corrupted state.json: names it and says to delete the checkpoint (exit 3)', async () => {
    const out = copy();
    writeFileSync(join(out, 'checkpoint', 'state.json'), '{"epoch": 1, "steps": 5, "la');
    const result = await flarechat(['train', dataset, '--out', out, '--epochs', '4', '--batch', '8'], { env: { FLARECHAT_DATA_DIR: tmp('data') } });
    expectClear(result, 3, new RegExp(`^flarechat train: ${out}/checkpoint/state\\.json is damaged \\(.*\\): delete ${out}/checkpoint to start the training over$`, 'm'), 3);
  });
});

describe('Slack and Discord unreachable or refusing', () => {
  let refusing: Server;
  let refusingUrl: string;
  const closedPort = 'http://127.0.0.1:9/'; // discard port: nothing listens on the loopback

  beforeAll(async () => {
    refusing = createServer((_req, res) => res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: '401: Unauthorized', code: 0 })));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  });
  afterAll(() => refusing.close());

  it('discord-deploy answered 401: names DISCORD_TOKEN and where to copy it (exit 2)', async () => {
    const result = await flarechat(['discord-deploy'], { env: { DISCORD_TOKEN: 'not-a-real-token', DISCORD_APPLICATION_ID: '1180000000000000001', DISCORD_API_URL: `${refusingUrl}/api` } });
    expectClear(result, 2, /^flarechat discord-deploy: Discord rejected DISCORD_TOKEN \(401 Unauthorized\): copy it again from the Developer Portal/, 1);
    expect(result.stderr).not.toContain('not-a-real-token');
  });

  it('Discord unreachable: names the address and DISCORD_API_URL (exit 1)', async () => {
    const env = { DISCORD_TOKEN: 'not-a-real-token', DISCORD_APPLICATION_ID: '1180000000000000001', DISCORD_API_URL: `${closedPort}api`, FLARECHAT_DATA_DIR: tmp('data') };
    expectClear(await flarechat(['discord-deploy'], { env }), 1, /^flarechat discord-deploy: could not reach Discord at http:\/\/127\.0\.0\.1:9\/api \(ECONNREFUSED\): check the network connection, or DISCORD_API_URL if it is set$/, 1);
    expectClear(await flarechat(['discord'], { env }), 1, /^flarechat discord: could not reach Discord at http:\/\/127\.0\.0\.1:9\/api \(ECONNREFUSED\): check the network connection, or DISCORD_API_URL if it is set$/, 1);
  });

  it('Slack unreachable: names the address and SLACK_API_URL (exit 1)', async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1-2-test', SLACK_APP_TOKEN: 'xapp-1-A1-test', SLACK_API_URL: `${closedPort}api/`, FLARECHAT_DATA_DIR: tmp('data') };
    const result = await flarechat(['slack'], { env });
    expectClear(result, 1, /^flarechat slack: could not reach Slack at http:\/\/127\.0\.0\.1:9\/api\/: check the network connection, or SLACK_API_URL if it is set$/, 1);
    expect(result.stderr).not.toMatch(/xoxb-1-2-test|xapp-1-A1-test/);
  });
});

describe('the model server unreachable', () => {
  it('is a runtime failure (exit 1) naming the address; a password in its URL is a setting to fix (exit 2)', async () => {
    const down = await flarechat(['chat', '--user', 'ada'], { env: { FLARECHAT_MODEL_URL: 'http://127.0.0.1:9/', FLARECHAT_DATA_DIR: tmp('data') }, input: CHAT_INPUT });
    expectClear(down, 1, /^flarechat chat: the model server at http:\/\/127\.0\.0\.1:9 cannot be reached/, 1);
    const withPassword = await flarechat(['chat', '--user', 'ada'], { env: { FLARECHAT_MODEL_URL: 'http://bot:hunter2-secret@127.0.0.1:9/', FLARECHAT_DATA_DIR: tmp('data') }, input: CHAT_INPUT });
    expectClear(withPassword, 2, /^flarechat chat: FLARECHAT_MODEL_URL holds a user name or password/, 1);
  });
});

describe('secrets on the error path (issue #17 item 9)', () => {
  it('a password in FLARECHAT_MODEL_URL is never printed, with or without --debug', async () => {
    for (const extra of [[], ['--debug']]) {
      const result = await flarechat(['chat', '--user', 'ada', ...extra], { env: { FLARECHAT_MODEL_URL: 'http://bot:hunter2-secret@127.0.0.1:9/', FLARECHAT_DATA_DIR: tmp('data') }, input: CHAT_INPUT });
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).not.toContain('hunter2-secret');
      expect(result.stderr).toMatch(/FLARECHAT_MODEL_URL|127\.0\.0\.1:9/);
    }
  });

  it('the error path redacts URL passwords and tokens from the message and from the --debug stack', () => {
    const written: string[] = [];
    const error = new Error('the model server at http://bot:hunter2-secret@10.0.0.1:8080/ said 401 to Bearer abcdefgh12345678');
    for (const debug of [false, true]) reportFailure(error, 'chat', { debug, write: (text) => written.push(text), env: { FLARECHAT_MODEL_TOKEN: 'token-from-the-env' } });
    reportFailure(new Error('echo token-from-the-env'), 'chat', { debug: true, write: (text) => written.push(text), env: { FLARECHAT_MODEL_TOKEN: 'token-from-the-env' } });
    const all = written.join('');
    expect(all).not.toMatch(/hunter2-secret|abcdefgh12345678|token-from-the-env/);
    expect(all).toContain('http://bot:[redacted]@10.0.0.1:8080/');
  });
});
