import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PATIENCE_MS } from '../../support/patience.js';

/** One request the app made to the fake Slack: a Web API method or a response_url. */
export interface RecordedCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  at: number;
}

interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export const TEAM_ID = 'T0FLARE';
export const BOT_USER_ID = 'U0BOT';

/** JSON-looking form fields (blocks, attachments) are parsed, as Slack does. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

/**
 * A small Slack Web API on 127.0.0.1: answers like Slack ({ok:true,...}), records every call, and can be told
 * to fail the next call of a method (a 429 with Retry-After, or {ok:false,error}).
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private readonly scripted = new Map<string, ScriptedAnswer[]>();
  private readonly waiters: { test: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  private server?: Server;
  private messageCounter = 0;
  /** What apps.connections.open hands out (Socket Mode tests). */
  socketUrl = '';

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(name: string): string {
    return `${this.url}/response/${name}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path.startsWith('/response/') ? 'response_url' : path;
        const call = { method, path, body: parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']), headers: req.headers, at: Date.now() };
        this.calls.push(call);
        const answer = this.scripted.get(method)?.shift() ?? { body: this.defaultAnswer(call) };
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
        for (const w of [...this.waiters]) {
          if (w.test(call)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(call);
          }
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next call of `method` gets this answer instead of the default one. */
  answerNext(method: string, answer: ScriptedAnswer): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), answer]);
  }

  /** Resolves with the first call (already made or future) matching, after `since` calls. */
  waitFor(test: (c: RecordedCall) => boolean, since = 0, timeoutMs = PATIENCE_MS): Promise<RecordedCall> {
    const done = this.calls.slice(since).find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching call to the fake Slack within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`)), timeoutMs);
      this.waiters.push({ test, resolve: (c) => (clearTimeout(timer), resolve(c)) });
    });
  }

  callsOf(method: string, since = 0): RecordedCall[] {
    return this.calls.slice(since).filter((c) => c.method === method);
  }

  private defaultAnswer(call: RecordedCall): Record<string, unknown> {
    switch (call.method) {
      case 'auth.test':
        return { ok: true, url: 'https://flare.slack.com/', team: 'Flare', user: 'flarechat', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: 'B0BOT', is_enterprise_install: false };
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++this.messageCounter).padStart(6, '0')}`;
        return { ok: true, channel: call.body.channel, ts, message: { text: call.body.text, ts, thread_ts: call.body.thread_ts } };
      }
      default:
        return { ok: true };
    }
  }
}

/** A request as Slack signs it: HMAC-SHA256 of `v0:timestamp:body` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  signature?: string;
  /** More headers, such as Slack's on a retry (X-Slack-Retry-Num, X-Slack-Retry-Reason). */
  headers?: Record<string, string>;
}

/** POSTs a body to the app's /slack/events the way Slack does, signed unless told otherwise. */
export async function postToApp(port: number, secret: string, body: string, contentType: string, options: SignedPostOptions = {}): Promise<{ status: number; text: string; at: number }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
      ...options.headers,
    },
    body,
    // Slack itself gives up after 3 s; the tests check the ack comes before the turn's work instead (the engine is held
    // while the ack arrives), which holds on a loaded machine too.
    signal: AbortSignal.timeout(PATIENCE_MS),
  });
  return { status: response.status, text: await response.text(), at: Date.now() };
}
