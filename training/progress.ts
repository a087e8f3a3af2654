/** One progress line of a training epoch: how far, the running loss, the speed and the epoch's remaining time. */
export function progressLine(epoch: number, epochs: number, done: number, total: number, loss: number, started: number, steps: number): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = done / Math.max(seconds, 1e-3);
  const eta = (total - done) / Math.max(rate, 1e-9);
  return `epoch ${epoch}/${epochs} ${String(Math.round((100 * done) / total)).padStart(3)}% loss ${loss.toFixed(4)} ${rate.toFixed(0)} seq/s ${(steps / Math.max(seconds, 1e-3)).toFixed(1)} steps/s ETA ${eta.toFixed(0)} s`;
}
