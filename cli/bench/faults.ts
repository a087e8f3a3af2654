import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PostgresSessionStore } from '../../bot/postgres-session-store.js';
import { SqliteSessionStore, type SessionStore } from '../../bot/session-store.js';
import { markdownTable, provenance, writeReport } from '../../training/report.js';
import { seededRandom } from '../../training/random.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flarechat.js');
const SIGNING_SECRET = 'fault-bench-signing-secret-0123456789';
const ACK = /Added "(.*)" \(matched your words\) to your history\./;

/**
 * Titles of the demo catalog that "i have <title>" adds as themselves (unique case-insensitively, no other title
 * starting with them, no command words), with their ids. The reliability tests use the same list.
 */
export function namedDemoTitles(count: number, skip = 0): { title: string; id: string }[] {
  const items = readFileSync(join(ROOT, 'demo', 'bundle', 'catalog.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; title: string });
  const lower = items.map((i) => i.title.toLowerCase());
  const picked = items.filter((_, i) => {
    const t = lower[i]!;
    if (!/^[a-z0-9][a-z0-9 ,.\-()/&]{15,70}$/.test(t) || /cheaper|broader|narrower|specific|more|like/.test(t)) return false;
    return lower.filter((other) => other.startsWith(t)).length === 1;
  });
  return picked.slice(skip, skip + count);
}

/** One process under test: what it acknowledged (reply shown to the user), and whether it was killed. */
interface Worker {
  kind: 'chat' | 'slack';
  user: string;
  acknowledged: Set<string>;
  killedAfter?: number;
  exited: Promise<void>;
  child: ChildProcessWithoutNullStreams;
}

/** A Slack Web API stand-in on 127.0.0.1: answers ok, and hands every posted reply to `onPost` (by process). */
async function fakeSlack(onPost: (worker: number, text: string) => void): Promise<{ url: (worker: number) => string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const [, worker, , method] = (req.url ?? '').split('/');
      const fields = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(body || '{}') as Record<string, string>) : Object.fromEntries(new URLSearchParams(body));
      if (method === 'chat.postMessage') onPost(Number(worker), fields.text ?? '');
      const answer = method === 'auth.test' ? { ok: true, team_id: 'TFAULT', user_id: 'UBOT', bot_id: 'BBOT' } : { ok: true, ts: `${Date.now() / 1000}`, channel: fields.channel };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: (worker) => `http://127.0.0.1:${port}/${worker}/api/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function spawnFlarechat(args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env } });
}

const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop()!;
    parts.forEach(onLine);
  });
};

/** A terminal chat fed every turn at once; killed (SIGKILL) after `killAfter` acknowledgements, if set. */
function chatWorker(user: string, titles: string[], env: NodeJS.ProcessEnv, killAfter: number | undefined): Worker {
  const child = spawnFlarechat(['chat', '--user', user], env);
  const worker: Worker = { kind: 'chat', user, acknowledged: new Set(), child, exited: new Promise((resolve) => child.on('exit', () => resolve())) };
  child.stdin.on('error', () => {});
  let greeted = false;
  lines(child.stdout, (line) => {
    if (!greeted && line.startsWith('Hi!')) {
      greeted = true;
      child.stdin.end(titles.map((t) => `i have ${t}\n`).join('') + 'quit\n');
    }
    const ack = ACK.exec(line);
    if (!ack) return;
    worker.acknowledged.add(ack[1]!);
    if (killAfter !== undefined && worker.acknowledged.size >= killAfter && worker.killedAfter === undefined) {
      worker.killedAfter = worker.acknowledged.size;
      child.kill('SIGKILL');
    }
  });
  return worker;
}

/** `flarechat slack` over HTTP, sent every turn as a signed direct-message event at once; acknowledged = reply posted. */
function slackWorker(index: number, slackUser: string, titles: string[], env: NodeJS.ProcessEnv, apiUrl: string, killAfter: number | undefined, acks: Map<number, (text: string) => void>): Worker {
  const child = spawnFlarechat(['slack'], { ...env, SLACK_MODE: 'http', SLACK_BOT_TOKEN: 'xoxb-fault-bench-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: apiUrl });
  const worker: Worker = { kind: 'slack', user: `slack:TFAULT:${slackUser}`, acknowledged: new Set(), child, exited: new Promise((resolve) => child.on('exit', () => resolve())) };
  acks.set(index, (text) => {
    const ack = ACK.exec(text);
    if (!ack) return;
    worker.acknowledged.add(ack[1]!);
    if (killAfter !== undefined && worker.acknowledged.size >= killAfter && worker.killedAfter === undefined) {
      worker.killedAfter = worker.acknowledged.size;
      child.kill('SIGKILL');
    }
    if (worker.acknowledged.size === titles.length) child.kill('SIGTERM');
  });
  lines(child.stderr, (line) => {
    if (!line.includes('listening for Slack requests')) return;
    const port = Number(/"port":(\d+)/.exec(line)?.[1]);
    titles.forEach((title, i) => {
      const body = JSON.stringify({
        team_id: 'TFAULT',
        api_app_id: 'AFAULT',
        type: 'event_callback',
        event_id: `Ev${index}x${i}x${Date.now()}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'message', channel_type: 'im', channel: `D${slackUser}`, user: slackUser, text: `i have ${title}`, ts: `${1700000000 + i}.000100`, team: 'TFAULT' },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      // Sent in order, each once: a killed process refuses the rest (never acknowledged, so never counted).
      void fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body }).catch(() => {});
    });
  });
  return worker;
}

interface RoundResult {
  store: string;
  kind: 'chat' | 'slack';
  round: number;
  processes: number;
  killed: number;
  acknowledged: number;
  lost: number;
}

/** One round: `processes` workers of one kind, two per user, each adding its own titles; some killed at random points. */
async function round(kind: 'chat' | 'slack', storeName: string, env: NodeJS.ProcessEnv, openStore: () => Promise<SessionStore>, number: number, processes: number, turns: number, random: () => number): Promise<RoundResult> {
  const titles = namedDemoTitles(processes * turns);
  const acks = new Map<number, (text: string) => void>();
  const slack = kind === 'slack' ? await fakeSlack((worker, text) => acks.get(worker)?.(text)) : undefined;
  const workers: Worker[] = [];
  for (let p = 0; p < processes; p++) {
    const own = titles.slice(p * turns, (p + 1) * turns).map((t) => t.title);
    // Every other process is killed, after 1..turns-1 acknowledgements (a random point, often mid-turn).
    const killAfter = p % 2 === 1 ? 1 + Math.floor(random() * (turns - 1)) : undefined;
    const user = `fault-r${number}-u${Math.floor(p / 2)}-${process.pid}`;
    workers.push(kind === 'chat' ? chatWorker(user, own, env, killAfter) : slackWorker(p, `U${number}X${Math.floor(p / 2)}P${process.pid}`, own, env, slack!.url(p), killAfter, acks));
  }
  await Promise.all(workers.map((w) => w.exited));
  await slack?.close();
  const store = await openStore();
  let lost = 0;
  try {
    const byTitle = new Map(titles.map((t) => [t.title, t.id]));
    for (const w of workers) {
      const history = new Set((await store.get(w.user)).history);
      for (const title of w.acknowledged) if (!history.has(byTitle.get(title)!)) lost++;
    }
  } finally {
    await store.close();
  }
  return { store: storeName, kind, round: number, processes, killed: workers.filter((w) => w.killedAfter !== undefined).length, acknowledged: workers.reduce((n, w) => n + w.acknowledged.size, 0), lost };
}

/**
 * npm run bench:faults: chat and Slack bot processes, two per user, concurrent turns for the same users, every other
 * process killed with SIGKILL at a random point; then every acknowledged change is looked up in the store. On the
 * SQLite file and, with FLARECHAT_TEST_PG_URL (or --pg-url), on PostgreSQL. Reports acknowledged changes lost.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { rounds: { type: 'string' }, processes: { type: 'string' }, turns: { type: 'string' }, seed: { type: 'string' }, 'pg-url': { type: 'string' } } });
  const rounds = Number(values.rounds ?? 2);
  const processes = Number(values.processes ?? 4);
  const turns = Number(values.turns ?? 15);
  const seed = Number(values.seed ?? 17);
  const pgUrl = values['pg-url'] ?? process.env.FLARECHAT_TEST_PG_URL;
  const random = seededRandom(seed);
  const started = new Date();
  const stores: [string, NodeJS.ProcessEnv, () => Promise<SessionStore>][] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'flarechat-faults-'));
  stores.push(['sqlite', { FLARECHAT_DATA_DIR: sqliteDir, FLARECHAT_DATABASE_URL: '' }, async () => new SqliteSessionStore(join(sqliteDir, 'sessions.sqlite'))]);
  if (pgUrl) stores.push(['postgres', { FLARECHAT_DATA_DIR: sqliteDir, FLARECHAT_DATABASE_URL: pgUrl }, () => PostgresSessionStore.open(pgUrl)]);
  const results: RoundResult[] = [];
  for (const [name, env, open] of stores) {
    for (const kind of ['chat', 'slack'] as const) {
      for (let r = 1; r <= rounds; r++) {
        const result = await round(kind, name, { ...env, FLARECHAT_SHUTDOWN_GRACE_MS: '2000' }, open, r, processes, turns, random);
        results.push(result);
        process.stdout.write(`${name} ${kind} round ${r}: ${result.processes} processes (${result.killed} killed), ${result.acknowledged} acknowledged, ${result.lost} lost\n`);
      }
    }
  }
  const acknowledged = results.reduce((n, r) => n + r.acknowledged, 0);
  const lost = results.reduce((n, r) => n + r.lost, 0);
  const killed = results.reduce((n, r) => n + r.killed, 0);
  const runInfo = provenance(`npm run bench:faults -- --rounds ${rounds} --processes ${processes} --turns ${turns} --seed ${seed}`, 'demo bundle in each process', seed, started);
  writeReport(
    'reports',
    'bench-faults',
    { run: runInfo, rounds, processes, turns, seed, stores: stores.map(([n]) => n), acknowledged, lost, killed, results },
    [
      '# bench:faults: acknowledged changes lost when processes are killed mid-conversation',
      '',
      `Each round starts ${processes} processes of one kind (\`flarechat chat\`, or \`flarechat slack\` over HTTP against a local`,
      `stand-in for Slack's Web API), two per user, each sending ${turns} "i have <title>" turns for its user at once; every`,
      'other process gets SIGKILL after a random number (1 to turns-1) of acknowledged replies, which often lands mid-turn.',
      'Acknowledged = the reply was shown (printed by the chat, posted to Slack). Afterwards each acknowledged title is',
      `looked up in the user's stored history. Stores: ${stores.map(([n]) => n).join(', ')}. Seed ${seed}; commit ${runInfo.gitCommit}.`,
      '',
      `**${acknowledged} acknowledged changes, ${lost} lost** (${killed} processes killed).`,
      '',
      markdownTable(['store', 'kind', 'round', 'processes', 'killed', 'acknowledged', 'lost'], results.map((r) => [r.store, r.kind, r.round, r.processes, r.killed, r.acknowledged, r.lost])),
    ].join('\n'),
  );
  process.stdout.write(`${acknowledged} acknowledged changes, ${lost} lost, ${killed} processes killed (reports/bench-faults.md)\n`);
  return lost === 0 ? 0 : 1;
}
