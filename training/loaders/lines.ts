import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { ProblemCollector } from './problems.js';

/**
 * Streams a text file (plain or .gz) line by line with 1-based line numbers, holding one chunk in memory.
 * A gzip cut short or another read error ends the stream early: it is recorded as a problem, and the lines
 * read before it are kept.
 */
export async function* readLines(path: string, problems: ProblemCollector): AsyncGenerator<{ line: string; lineNumber: number }> {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const file = createReadStream(path);
  const source = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  if (source !== file) file.on('error', (error) => source.destroy(error));
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNumber = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      pending += decoder.decode(chunk, { stream: true });
      let start = 0;
      for (;;) {
        const end = pending.indexOf('\n', start);
        if (end < 0) break;
        lineNumber++;
        yield { line: pending.slice(start, end).replace(/\r$/, ''), lineNumber };
        start = end + 1;
      }
      pending = pending.slice(start);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const kind = code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' ? 'truncated-or-corrupt-gzip' : 'read-error';
    problems.add(kind, `${basename(path)} after line ${lineNumber} (${(error as Error).message})`);
    return;
  }
  pending += decoder.decode();
  if (pending.length > 0) {
    lineNumber++;
    yield { line: pending.replace(/\r$/, ''), lineNumber };
  }
}
