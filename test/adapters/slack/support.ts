import type { ConversationHandler, Reply, Turn } from '../../../bot/conversation-types.js';
import { eventually } from '../../support/patience.js';

/**
 * The real engine behind a gate the test can close: turns are counted, and while held they wait before reaching
 * the model, which shows what the app does before the model answers (the ack) and while turns are in flight.
 */
export class HeldEngine implements ConversationHandler {
  turns: Turn[] = [];
  waiting = 0;
  private gate: Promise<void> = Promise.resolve();
  private failure?: Error;
  private open: () => void = () => {};

  constructor(private readonly engine: ConversationHandler) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }

  /** The next turn fails as a model call can (a remote model server timing out, say). */
  failNextTurn(error: Error): void {
    this.failure = error;
  }

  async handle(turn: Turn): Promise<Reply> {
    this.turns.push(turn);
    this.waiting += 1;
    await this.gate;
    this.waiting -= 1;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    return this.engine.handle(turn);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Waits until `condition` holds (test/support/patience.ts: no fixed time, only a limit that turns a hang into a message). */
export async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  await eventually(() => condition() || undefined, what, 10);
}

export interface BlockJson {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string }; options?: { text: { text: string }; value: string }[] }[];
}

/** The item sections of a rendered list (those starting "*N. "), each with the actions block after it. */
export function itemsOf(blocks: BlockJson[]): { text: string; buttons: NonNullable<BlockJson['elements']>; blockId: string }[] {
  const out = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type === 'section' && /^\*\d+\. /.test(b.text?.text ?? '')) {
      const actions = blocks[i + 1]!;
      out.push({ text: b.text!.text, buttons: actions.elements ?? [], blockId: actions.block_id ?? '' });
    }
  }
  return out;
}
