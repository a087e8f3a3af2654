import type { MessageInterpreter } from '../../bot/engine.js';
import type { InterpretContext, Interpretation } from '../../bot/understanding/index.js';

/** Pieces of a message this long or longer come from a long message (the engine cuts those into pieces). */
const LONG_PIECE = 100;

/**
 * The real understanding, watched: it counts the pieces of long messages understood so far, and can hold a long
 * message before a given piece until released, so a test can make one user's turn last as long as it needs to.
 */
export class WatchedUnderstanding implements MessageInterpreter {
  longPieces = 0;
  private holdBefore?: number;
  private gate?: Promise<void>;
  private open: () => void = () => {};
  private reached: () => void = () => {};
  /** Resolves when a long message reached the piece it is held before. */
  held: Promise<void> = new Promise((resolve) => (this.reached = resolve));

  constructor(private readonly real: MessageInterpreter) {}

  /** Long messages wait before their piece number `piece` (1-based) until `release()`. */
  holdLongMessagesBefore(piece: number): void {
    this.holdBefore = piece;
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.holdBefore = undefined;
    this.open();
  }

  async interpret(text: string, context: InterpretContext): Promise<Interpretation> {
    if (text.length >= LONG_PIECE) {
      if (this.holdBefore !== undefined && this.longPieces + 1 >= this.holdBefore) {
        this.reached();
        await this.gate;
      }
      this.longPieces += 1;
    }
    return this.real.interpret(text, context);
  }
}
