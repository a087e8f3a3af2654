import { describe, expect, it } from 'vitest';
import { InFlight } from '../../bot/in-flight.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('InFlight', () => {
  it('waits for the work tracked so far and for work tracked while waiting, and forgets what settled', async () => {
    const inFlight = new InFlight();
    const first = deferred<string>();
    const second = deferred();
    expect(inFlight.track(first.promise)).toBe(first.promise);
    let done = false;
    const settled = inFlight.settled().then(() => (done = true));
    first.resolve('answered');
    inFlight.track(second.promise);
    await first.promise;
    await Promise.resolve();
    expect(done).toBe(false);
    expect(inFlight.size).toBe(1);
    second.resolve();
    await settled;
    expect(done).toBe(true);
    expect(inFlight.size).toBe(0);
  });

  it('settles without rejecting when tracked work fails, and leaves the rejection to its caller', async () => {
    const inFlight = new InFlight();
    const failing = deferred();
    const tracked = inFlight.track(failing.promise);
    failing.reject(new Error('delivery failed'));
    await expect(tracked).rejects.toThrow('delivery failed');
    await expect(inFlight.settled()).resolves.toBeUndefined();
    expect(inFlight.size).toBe(0);
  });
});
