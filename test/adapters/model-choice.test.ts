import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';
import { command as discordCommand } from '../../cli/commands/discord.js';
import { command as slackCommand } from '../../cli/commands/slack.js';
import { commandHelp } from '../../cli/main.js';

/** Which model the bot commands use: FLARECHAT_MODEL_URL selects the model server, else the bundle runs in process. */

const root = join(import.meta.dirname, '..', '..');
const MODEL_TOKEN = 'model-choice-test-token';
const ITEMS = Array.from({ length: 8 }, (_, i) => ({ id: `FAKE${i}`, title: `Scripted item number ${i}`, categories: ['Fake Store', i % 2 ? 'Odd Things' : 'Even Things'] }));
/** The order the scripted server ranks the catalog in, whatever it is asked. */
const RANKING = [5, 3, 7, 1, 0, 2, 4, 6];

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body?: { history: number[]; k: number; exclude: number[] };
}

let server: Server;
let modelUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      const call: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      seen.push(call);
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Bearer ${MODEL_TOKEN}`) return res.writeHead(401).end(JSON.stringify({ error: 'missing or wrong bearer token' }));
      if (call.method === 'GET' && call.url === '/v1/catalog') return res.end(JSON.stringify({ model: 'scripted', backend: 'none', maxK: 1000, items: ITEMS }));
      if (call.method === 'POST' && call.url === '/v1/recommend') {
        const ranked = RANKING.filter((i) => !call.body!.exclude.includes(i)).slice(0, call.body!.k);
        return res.end(JSON.stringify({ items: ranked.map((index, rank) => ({ index, score: 10 - rank })) }));
      }
      res.writeHead(404).end(JSON.stringify({ error: 'not found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  modelUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A port nothing listens on: bound, read, then closed. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('choosing the model of the bot commands', () => {
  it('lists the model-server variables in the --help of chat, slack, discord and bots', async () => {
    for (const command of ['chat', 'slack', 'discord', 'bots']) {
      const help = await commandHelp(command);
      for (const { name } of RECOMMENDER_ENV) expect(help, `${command} --help`).toContain(name);
    }
  });

  it('flarechat chat asks the model server at FLARECHAT_MODEL_URL, with its token, instead of loading the bundle', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-model-choice-'));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FLARECHAT_')));
    const env = { ...inherited, FLARECHAT_DATA_DIR: dataDir, FLARECHAT_MODEL_URL: modelUrl, FLARECHAT_MODEL_TOKEN: MODEL_TOKEN };
    const child = spawn(process.execPath, [join(root, 'bin', 'flarechat.js'), 'chat', '--user', 'remote-user'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end('recommend\nquit\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The greeting counts the server's catalog, and the list is the server's ranking, in its order.
    expect(stdout).toContain('(8 items)');
    const listed = [...stdout.matchAll(/^(\d)\. Scripted item number (\d)\.?$/gm)].map((m) => Number(m[2]));
    expect(listed).toEqual(RANKING.slice(0, 5));
    const recommends = seen.filter((c) => c.url === '/v1/recommend');
    expect(recommends.length).toBeGreaterThanOrEqual(1);
    expect(recommends.every((c) => c.headers.authorization === `Bearer ${MODEL_TOKEN}`)).toBe(true);
    expect(recommends[0]!.body!.history).toEqual([]);
  });

  it('flarechat slack and discord open the model server too, and fail plainly (before connecting) when it is down', async () => {
    const url = await deadUrl();
    vi.stubEnv('FLARECHAT_MODEL_URL', url);
    vi.stubEnv('FLARECHAT_DATA_DIR', mkdtempSync(join(tmpdir(), 'flarechat-model-choice-down-')));
    vi.stubEnv('FLARECHAT_LOG_LEVEL', 'error');
    // Valid-looking platform settings pointing nowhere reachable: the model is opened first, so they are never used.
    vi.stubEnv('SLACK_MODE', 'http');
    vi.stubEnv('SLACK_BOT_TOKEN', 'xoxb-model-choice');
    vi.stubEnv('SLACK_SIGNING_SECRET', 'model-choice-secret');
    vi.stubEnv('SLACK_API_URL', `${url}/api/`);
    vi.stubEnv('DISCORD_TOKEN', 'model-choice-discord-token');
    vi.stubEnv('DISCORD_API_URL', `${url}/api`);
    try {
      for (const [name, command] of [['slack', slackCommand], ['discord', discordCommand]] as const) {
        await expect(command.run({}, []), name).rejects.toThrow(`the model server at ${url} cannot be reached`);
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
