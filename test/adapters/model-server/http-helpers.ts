import { request } from 'node:http';
import { PATIENCE_MS } from '../../support/patience.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: { error?: string; field?: string; [key: string]: unknown };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<Answer> {
  return send(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

export async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(PATIENCE_MS) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : { text } };
}

/** The value of an unlabelled Prometheus sample, e.g. flarechat_model_runs_total. */
export function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no metric ${name}`);
  return Number(line.split(' ')[1]);
}

/**
 * Streams `bytes` zero bytes as a POST body (with Content-Length or chunked), honouring back-pressure, and resolves
 * with the response status and how many bytes had been handed to the socket when the response arrived.
 */
export function uploadZeros(url: string, bytes: number, chunked: boolean, token?: string): Promise<{ status: number; body: string; sentWhenAnswered: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    if (!chunked) headers['Content-Length'] = bytes;
    const req = request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, sentWhenAnswered }));
    });
    // The server drops the connection after answering 413: a write error after the answer is expected.
    req.on('error', (error) => !answered && reject(error));
    const chunk = Buffer.alloc(64 * 1024);
    const pump = () => {
      while (!answered && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
