import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long a test waits for something that should happen (a log line, a request, a reply) before it reports what it
 * was waiting for. Tests wait for readiness, never for a fixed time, so a loaded machine only makes them slower:
 * this limit is there to turn a hang into a message, and is far above any wait seen on a busy 2-core machine (the
 * slowest, a bot process starting while the whole suite runs, takes about a minute). vitest's own limits
 * (vitest.config.ts) are above it, so the message is what a failing test shows.
 */
export const PATIENCE_MS = 300_000;

/** Polls `probe` until it returns something other than undefined or false; rejects naming `what` after PATIENCE_MS. */
export async function eventually<T>(probe: () => T | undefined | false, what: string, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${PATIENCE_MS / 1000} s`);
    await sleep(intervalMs);
  }
}
