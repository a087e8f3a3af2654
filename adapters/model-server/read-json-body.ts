import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * The request body parsed as JSON, refusing one over `limit` bytes with 413: at once when Content-Length says so,
 * otherwise as soon as the streamed bytes pass the limit (never holding more than `limit` in memory).
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = () => new HttpError(413, `the request body is larger than ${limit} bytes`, 'body');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => reject(new HttpError(400, `the request body could not be read: ${error.message}`, 'body')));
    // A client that goes away mid-body (or is timed out by the server) must not leave the request pending forever.
    req.on('close', () => !req.complete && reject(new HttpError(400, 'the connection closed before the body was complete', 'body')));
    req.on('end', () => {
      if (refused) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return reject(new HttpError(400, 'the request body is empty; expected a JSON object', 'body'));
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new HttpError(400, `the request body is not valid JSON: ${(error as Error).message}`, 'body'));
      }
    });
  });
}
