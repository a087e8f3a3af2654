import cliProgress from 'cli-progress';

/** Where a long job is: `done` of `total` units, a label before the count and details after it (loss, speed, ETA). */
export interface ProgressState {
  label: string;
  done: number;
  total: number;
  unit: string;
  detail?: string;
}

/**
 * How far a long job is. On a terminal a bar redrawn in place (cli-progress); otherwise (a log file, a pipe, a test)
 * plain lines, at most one every few seconds, so a redirected log holds no carriage returns.
 */
export interface Progress {
  update(state: ProgressState): void;
  /** A line of its own: above the bar on a terminal. */
  log(line: string): void;
  /** Ends the current bar (left on screen as it was); the next update starts a new one. */
  stop(): void;
}

const percent = (s: ProgressState) => (s.total > 0 ? Math.round((100 * s.done) / s.total) : 100);

/** The progress text without a bar: `label  45% 1234/2740 unit, detail`. */
export function progressText(state: ProgressState): string {
  return `${state.label} ${String(percent(state)).padStart(3)}% ${state.done}/${state.total} ${state.unit}${state.detail ? `, ${state.detail}` : ''}`;
}

/** Plain lines through `write`: the first update, then at most one every `everyMs`, and the one that completes. */
export function lineProgress(write: (line: string) => void, everyMs = 2000): Progress {
  let last = -Infinity;
  return {
    update(state) {
      const now = Date.now();
      if (now - last < everyMs && state.done < state.total) return;
      last = now;
      write(progressText(state));
    },
    log: write,
    stop() {
      last = -Infinity;
    },
  };
}

/** A bar redrawn in place on `stream` (a terminal), with log lines printed above it. */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let drawn = 0;
  // cli-progress redraws on a timer, which never fires while a training epoch keeps the event loop busy with
  // promise continuations: redraw on update instead, at most ten times a second.
  const redraw = () => {
    if (Date.now() - drawn < 100) return;
    drawn = Date.now();
    bars?.update();
  };
  const payload = (s: ProgressState) => ({ label: s.label, unit: s.unit, detail: s.detail ? `, ${s.detail}` : '' });
  return {
    update(state) {
      if (!bars || !bar) {
        // gracefulExit off: the commands handle SIGINT/SIGTERM themselves.
        bars = new cliProgress.MultiBar({ stream, format: '{label} {bar} {percentage}% {value}/{total} {unit}{detail}', hideCursor: true, clearOnComplete: false, gracefulExit: false, barsize: 20, fps: 5 }, cliProgress.Presets.shades_classic);
        bar = bars.create(state.total, state.done, payload(state));
        drawn = 0;
      } else {
        bar.setTotal(state.total);
        bar.update(state.done, payload(state));
      }
      redraw();
    },
    log(line) {
      if (!bars) return void stream.write(`${line}\n`);
      bars.log(`${line}\n`);
      bars.update(); // cli-progress prints logged lines at its next redraw, and stop() does not redraw: print it now.
    },
    stop() {
      bars?.update();
      bars?.stop();
      bars = undefined;
      bar = undefined;
    },
  };
}

/** A bar on a terminal, plain lines when `stream` is redirected to a file or a pipe. */
export function progressOn(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalProgress(stream) : lineProgress((line) => stream.write(`${line}\n`));
}

/**
 * The remaining time of a whole run from the work done so far in this process: `done` of `total` units in
 * `elapsedSeconds` (validation and checkpoints included, so they count in the rate).
 */
export function runEta(done: number, total: number, elapsedSeconds: number): number {
  if (done <= 0) return Number.POSITIVE_INFINITY;
  return ((total - done) * elapsedSeconds) / done;
}
