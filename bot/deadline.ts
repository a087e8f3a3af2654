/** How long a shutdown waits for work in flight (turns, deliveries, HTTP requests) before it stops waiting. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** FLARECHAT_SHUTDOWN_GRACE_MS, else the default; a clear error for anything but a whole number of milliseconds. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FLARECHAT_SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_GRACE_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`FLARECHAT_SHUTDOWN_GRACE_MS must be a whole number of milliseconds, got '${raw}'`);
  return ms;
}

/**
 * Waits for `work` at most `ms`: true if it settled in time (whether it resolved or rejected), false at the
 * deadline, when the caller stops waiting and closes what it holds. The timer never keeps the process alive.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true, () => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
